from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class LibraryBook(db.Model):
    """A book on the shelves."""

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(120), nullable=False)
    author = db.Column(db.String(80), nullable=False, default="unknown")
    pages = db.Column(db.Integer, default=0)

    def to_dict(self):
        return {"id": self.id, "title": self.title, "author": self.author, "pages": self.pages}
