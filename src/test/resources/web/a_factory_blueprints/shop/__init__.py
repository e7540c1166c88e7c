from flask import Flask, jsonify

from .items import OutOfStock, items
from .users import users


def create_app():
    app = Flask(__name__)
    app.register_blueprint(items)
    app.register_blueprint(users, url_prefix="/people")

    @app.route("/")
    def index():
        return {"service": "shop", "version": 2}

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
