"""kit.test.web: a web front for test fixtures, built by an app factory."""
from flask import Flask


class Config:
    GREETING = "Hello, World."


def create_app(config_class=Config):
    app = Flask(__name__)
    app.config.from_object(config_class)

    from kit.test.web.main import bp as main_bp
    app.register_blueprint(main_bp)

    from kit.test.web.api import bp as api_bp
    app.register_blueprint(api_bp, url_prefix="/api")

    return app
