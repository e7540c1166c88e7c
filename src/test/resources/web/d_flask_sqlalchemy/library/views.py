from flask import Blueprint, request

from .models import LibraryBook, db

books = Blueprint("books", __name__)


@books.get("/books")
def list_books():
    author = request.args.get("author")
    if author:
        rows = LibraryBook.query.filter_by(author=author).order_by(LibraryBook.title).all()
    else:
        rows = LibraryBook.query.order_by(LibraryBook.id).all()
    return {"books": [b.to_dict() for b in rows]}


@books.get("/books/<int:book_id>")
def get_book(book_id):
    return LibraryBook.query.get_or_404(book_id).to_dict()


@books.post("/books")
def add_book():
    data = request.get_json()
    if not isinstance(data, dict) or not data.get("title"):
        return {"error": "title is required"}, 400
    if not isinstance(data.get("pages", 0), int):
        return {"error": "pages must be a number"}, 400
    book = LibraryBook(title=data["title"], author=data.get("author", "unknown"), pages=data.get("pages", 0))
    db.session.add(book)
    db.session.commit()
    return book.to_dict(), 201


@books.delete("/books/<int:book_id>")
def delete_book(book_id):
    book = LibraryBook.query.get_or_404(book_id)
    db.session.delete(book)
    db.session.commit()
    return {"deleted": book_id}


@books.get("/authors/<name>/first")
def first_by(name):
    book = LibraryBook.query.filter_by(author=name).order_by(LibraryBook.title).first_or_404()
    return {"title": book.title}


@books.get("/stats")
def stats():
    first = LibraryBook.query.order_by(LibraryBook.pages.desc()).first()
    return {
        "total": LibraryBook.query.count(),
        "long": LibraryBook.query.filter(LibraryBook.pages > 300).count(),
        "longest": first.title if first else None,
    }


@books.get("/hello")
def hello():
    return {"hello": "library"}
