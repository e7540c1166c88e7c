from flask import Blueprint, request

users = Blueprint("users", __name__, url_prefix="/users")


@users.route("/<name>")
def greet(name):
    lang = request.headers.get("Accept-Language", "en")
    return {"hello": name, "lang": lang}


@users.route("/files/<path:rest>")
def files(rest):
    return {"path": rest}


@users.post("/<name>/tags")
def tag(name):
    body = request.json
    return {"name": name, "tags": body["tags"]}, 201


@users.route("/orders/<uuid:order>")
def order(order):
    return {"order": str(order), "version": order.version}
