from flask import Blueprint, abort, jsonify, redirect, request, url_for

from .data import ITEMS

api = Blueprint("api", __name__)

DEFAULT_LIMIT = 10


@api.route("/health")
def health():
    return {"ok": True}


@api.route("/items/")
def list_items():
    limit = request.args.get("limit", DEFAULT_LIMIT, type=int)
    return jsonify(items=list(ITEMS.values())[:limit])


@api.route("/items/<int:item_id>")
def item(item_id):
    if item_id not in ITEMS:
        abort(404)
    return ITEMS[item_id]


@api.route("/items/", methods=["POST"])
def create():
    data = request.get_json()
    if "name" not in data:
        abort(400)
    new_id = max(ITEMS) + 1
    ITEMS[new_id] = {"id": new_id, "name": data["name"]}
    return jsonify(ITEMS[new_id]), 201


@api.route("/old-items")
def old_items():
    return redirect(url_for("api.list_items"))
