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


@app.route("/whoami")
def whoami():
    return f"<p>{request.headers.get('X-Name', 'nobody')}</p>"


@app.errorhandler(404)
def missing(e):
    return {"error": "missing", "status": e.code}, 404


if __name__ == "__main__":
    app.run()
