from flask import Blueprint, redirect, request
from flask_login import login_user, logout_user

from .users import USERS

auth = Blueprint("auth", __name__)


@auth.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return {"form": ["username"]}
    user = USERS.get(request.form.get("username", ""))
    if user is None:
        return {"error": "unknown user"}, 401
    login_user(user)
    return redirect("/account/me")


@auth.route("/logout")
def logout():
    logout_user()
    return redirect("/login")
