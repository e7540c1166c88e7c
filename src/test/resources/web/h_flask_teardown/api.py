from flask import Blueprint, Flask, abort, jsonify
from flask_cors import CORS

import store

api = Blueprint("api", __name__, url_prefix="/api")


@api.route("/reads")
def reads():
    s = store.session()
    s["reads"] += 1
    return jsonify(reads=s["reads"], closes=store.closes["count"])


@api.route("/items/<int:item_id>")
def item(item_id):
    if item_id != 1:
        abort(404)
    return jsonify(id=item_id, reads=store.session()["reads"])


app = Flask(__name__)
app.url_map.strict_slashes = False
app.register_blueprint(api)
CORS(app, resources={r"/api/*": {"origins": "*"}})


@app.teardown_appcontext
def close_storage(exception):
    store.close()


@app.errorhandler(404)
def not_found(error):
    return jsonify(error="Not found"), 404
