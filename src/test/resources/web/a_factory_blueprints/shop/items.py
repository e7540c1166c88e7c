from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for

items = Blueprint("items", __name__, url_prefix="/items")

STOCK = {1: {"id": 1, "name": "pen", "price": 1.5}, 2: {"id": 2, "name": "ink", "price": 7.25}}
LEFT = {1: 1, 2: 0}


class OutOfStock(Exception):
    """Raised when an item has none left; the app answers 409."""


@items.route("/", methods=["GET", "POST"])
def collection():
    if request.method == "POST":
        data = request.get_json()
        if "name" not in data:
            abort(400)
        new_id = max(STOCK) + 1
        STOCK[new_id] = {"id": new_id, "name": data["name"], "price": data.get("price", 0)}
        return jsonify(STOCK[new_id]), 201, {"Location": url_for("items.item", item_id=new_id)}
    page = request.args.get("page", 1, type=int)
    size = request.args.get("size", 10, type=int)
    names = request.args.getlist("name")
    found = [i for i in STOCK.values() if not names or i["name"] in names]
    return jsonify(page=page, size=size, items=found[(page - 1) * size:page * size])


@items.route("/<int:item_id>")
def item(item_id):
    if item_id not in STOCK:
        abort(404)
    return STOCK[item_id]


@items.route("/<int:item_id>", methods=["DELETE"])
def remove(item_id):
    STOCK.pop(item_id, None)
    return "", 204


@items.post("/<int:item_id>/buy")
def buy(item_id):
    if item_id not in STOCK:
        abort(404)
    if LEFT.get(item_id, 0) == 0:
        raise OutOfStock(item_id)
    LEFT[item_id] -= 1
    return {"id": item_id, "left": LEFT[item_id]}


@items.get("/by-price/<float:price>")
def by_price(price):
    return jsonify([i for i in STOCK.values() if i["price"] == price])


@items.route("/search")
def search():
    q = request.args["q"]
    return {"q": q, "hits": [i["id"] for i in STOCK.values() if q in i["name"]]}


@items.route("/first")
def first():
    return redirect(url_for("items.item", item_id=1))


@items.route("/<int:item_id>/page")
def page(item_id):
    if item_id not in STOCK:
        return render_template("item.html", item={"id": 0, "name": "?", "price": 0}, note="<missing>"), 404
    return render_template("item.html", item=STOCK[item_id], note="<b>fresh</b>")
