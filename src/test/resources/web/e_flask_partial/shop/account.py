from flask import Blueprint, jsonify

from flask_tokens import token_required

account = Blueprint("account", __name__, url_prefix="/account")


@account.route("/me")
@token_required
def me():
    return jsonify(user="alice")
