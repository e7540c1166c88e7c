import os

import requests
from flask import Flask, abort, jsonify, make_response, request

UPSTREAM = os.environ["UNBLOCK_TEST_HTTP"]
app = Flask(__name__)
session = requests.Session()


@app.route("/users/<int:user_id>")
def user(user_id):
    r = session.get(UPSTREAM + "/users/" + str(user_id))
    if r.status_code == 404:
        abort(404)
    return r.json()


@app.route("/users/<int:user_id>/score", methods=["GET", "PUT"])
def score(user_id):
    if request.method == "PUT":
        r = session.post(UPSTREAM + "/echo/score", json=request.get_json())
        return jsonify(r.json()["body"]), 201
    return {"score": session.get(UPSTREAM + "/users/" + str(user_id)).json()["score"]}


@app.route("/configs/<env>")
def config(env):
    r = requests.get(UPSTREAM + "/config/" + env)
    return r.json(), r.status_code


@app.post("/login")
def login():
    user = request.form["user"]
    resp = make_response({"user": user, "lang": request.cookies.get("lang", "en")})
    resp.headers["X-User"] = user
    return resp


@app.post("/profile")
def profile():
    # the form read whole: a repeated key gives its first value, an empty field and a name without "=" give ""
    fields = request.form
    return {"fields": dict(fields), "all": fields.to_dict(flat=False), "keys": [k for k in fields],
            "name": fields["name"]}


@app.route("/whoami")
def whoami():
    return f"<p>{request.headers.get('X-Name', 'nobody')}</p>"


@app.route("/search")
def search():
    query_parameters = request.args
    if "q" not in query_parameters:
        return {"error": "no q"}, 400
    return {"q": query_parameters.get("q"), "tags": query_parameters.getlist("tag"),
            "page": query_parameters.get("page", 1, type=int), "keys": [k for k in query_parameters],
            "all": query_parameters.to_dict(), "first": query_parameters["q"]}


@app.errorhandler(404)
def missing(e):
    return {"error": "missing", "status": e.code}, 404


if __name__ == "__main__":
    app.run()
