from flask import Blueprint

bp = Blueprint("api", __name__)

from kit.test.web.api import capitals  # noqa: E402,F401
