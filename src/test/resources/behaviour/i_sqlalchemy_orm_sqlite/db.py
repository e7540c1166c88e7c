from sqlalchemy import Column, ForeignKey, Integer, String, create_engine
from sqlalchemy.orm import declarative_base, sessionmaker

Base = declarative_base()


class Author(Base):
    __tablename__ = "authors"
    id = Column(Integer, primary_key=True)
    name = Column(String(40), unique=True)


class Book(Base):
    __tablename__ = "books"
    id = Column(Integer, primary_key=True)
    title = Column(String(80))
    year = Column(Integer)
    author_id = Column(ForeignKey("authors.id"))


engine = create_engine("sqlite:///library.db")
SessionLocal = sessionmaker(bind=engine)


def create_schema():
    Base.metadata.create_all(engine)
