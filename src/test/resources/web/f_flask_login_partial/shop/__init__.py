from flask import Flask
from flask_login import LoginManager

login = LoginManager()
login.login_view = "auth.login"


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "not-a-secret"
    login.init_app(app)

    from .account import account
    from .api import api
    from .auth import auth

    app.register_blueprint(api, url_prefix="/api")
    app.register_blueprint(auth)
    app.register_blueprint(account, url_prefix="/account")
    return app
