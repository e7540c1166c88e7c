from flask import jsonify

from kit.test.web.api import bp
from kit.test.web.api.errors import error_response

CAPITALS = {"ukraine": "Kyiv", "france": "Paris"}


@bp.route("/capitals/<country>", methods=["GET"], strict_slashes=False)
def capital(country):
    name = CAPITALS.get(country.lower())
    if name is None:
        return error_response(404, "no such country: " + country)
    return jsonify({"country": country.lower(), "capital": name})


@bp.route("/capitals", strict_slashes=False)
def capitals():
    return jsonify(sorted(CAPITALS))
