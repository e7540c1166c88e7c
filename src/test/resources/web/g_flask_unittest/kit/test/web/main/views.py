"""The home page: this module names no Flask API, only the blueprint it decorates."""
from kit.test.web.main import bp


@bp.route("/", methods=["GET"])
@bp.route("/index", methods=["GET"])
def index():
    return "Hello, World."
