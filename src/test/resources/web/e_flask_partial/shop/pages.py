from flask import Blueprint, jsonify, redirect, session, url_for

pages = Blueprint("pages", __name__)


@pages.route("/")
def index():
    return redirect(url_for("api.list_items"))


@pages.route("/visits")
def visits():
    session["visits"] = session.get("visits", 0) + 1
    return jsonify(visits=session["visits"])
