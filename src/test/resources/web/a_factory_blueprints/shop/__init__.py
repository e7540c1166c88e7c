from flask import Flask, current_app, jsonify

from .items import OutOfStock, items
from .settings import Settings
from .users import users


def create_app():
    app = Flask(__name__)
    app.config.from_object(Settings)
    app.register_blueprint(items)
    app.register_blueprint(users, url_prefix="/people")

    @app.route("/")
    def index():
        config = current_app.config
        return {"service": config["SHOP_NAME"], "version": config["API_VERSION"],
                "lower": config.get("not_a_setting")}

    @app.route("/health/")
    def health():
        return jsonify(status="ok")

    @app.errorhandler(404)
    def not_found(error):
        return jsonify(error="not found"), 404

    @app.errorhandler(400)
    def bad_request(error):
        return jsonify(error="bad request"), 400

    @app.errorhandler(OutOfStock)
    def out_of_stock(error):
        return {"error": "out of stock", "item": error.args[0]}, 409

    return app
