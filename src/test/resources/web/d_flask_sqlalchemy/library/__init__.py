from flask import Flask

from .models import db
from .views import books


def create_app():
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///library.db"
    db.init_app(app)
    app.register_blueprint(books)
    with app.app_context():
        db.create_all()
    return app
