from flask import Blueprint
from flask_login import current_user, login_required

account = Blueprint("account", __name__)


@account.route("/me")
@login_required
def me():
    return {"user": current_user.id}
