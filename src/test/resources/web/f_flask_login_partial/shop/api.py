from flask import Blueprint, abort

api = Blueprint("api", __name__)

ITEMS = ("pen", "ink", "cup")


@api.route("/items/")
def items():
    return {"items": list(ITEMS)}


@api.route("/items/<int:index>")
def item(index):
    if index >= len(ITEMS):
        abort(404)
    return {"item": ITEMS[index]}
