"""JSON encoding hooks: json calls JSONEncoder.default and default= functions synchronously."""
import json

from lookups import user_name


class UserRef:
    def __init__(self, user_id):
        self.user_id = user_id


class UserEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, UserRef):
            return {"id": o.user_id, "name": user_name(o.user_id)}
        return super().default(o)


def encode_ref(o):
    if isinstance(o, UserRef):
        return f"@{user_name(o.user_id)}"
    raise TypeError(type(o).__name__)


def to_json(data):
    return json.dumps(data, cls=UserEncoder, sort_keys=True)


def to_compact_json(data):
    return json.dumps(data, default=encode_ref, sort_keys=True)
