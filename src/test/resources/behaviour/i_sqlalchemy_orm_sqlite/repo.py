from sqlalchemy import select, text
from sqlalchemy.orm import Session

from db import Author, Book, SessionLocal, engine


def label(book):
    return "%s (%d)" % (book.title, book.year)


def add_book(author_name, title, year):
    with SessionLocal() as session:
        author = session.query(Author).filter_by(name=author_name).first()
        if author is None:
            author = Author(name=author_name)
            session.add(author)
            session.flush()
        book = Book(title=title, year=year, author_id=author.id)
        session.add(book)
        session.commit()
        return book.id


def titles_by(author_name):
    with SessionLocal() as session:
        author = session.query(Author).filter(Author.name == author_name).one()
        books = session.scalars(select(Book).where(Book.author_id == author.id).order_by(Book.year)).all()
        return [label(b) for b in books]


def first_by(year):
    with Session(engine) as session:
        return session.query(Book).filter(Book.year >= year).order_by(Book.year, Book.title).first().title


def count_books():
    session = SessionLocal()
    try:
        return session.query(Book).count(), session.query(Book).filter(Book.year < 1950).count()
    finally:
        session.close()


def rename(book_id, title):
    with SessionLocal() as session:
        book = session.get(Book, book_id)
        old = book.title
        book.title = title
        session.commit()
        return old, book.title


def raw_titles():
    with engine.connect() as conn:
        rows = conn.execute(text("select title from books order by id")).fetchall()
    return [r[0] for r in rows]
