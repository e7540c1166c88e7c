from flask import Flask

from .account import account
from .api import api
from .pages import pages


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "not-a-secret"
    app.config["API_TOKEN"] = "t0ken"
    app.register_blueprint(api, url_prefix="/api")
    app.register_blueprint(account)
    app.register_blueprint(pages)
    return app
