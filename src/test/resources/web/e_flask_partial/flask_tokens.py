"""A small Flask extension of the project: token_required lets a request in when its X-Token header is the app's."""
from functools import wraps

from flask import abort, current_app, request


def token_required(view):
    @wraps(view)
    def checked(*args, **kwargs):
        if request.headers.get("X-Token") != current_app.config["API_TOKEN"]:
            abort(401)
        return view(*args, **kwargs)

    return checked
