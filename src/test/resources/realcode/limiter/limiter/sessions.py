import json
import uuid

from .store import r

TTL = 3600


def create(user: str) -> str:
    sid = uuid.uuid4().hex
    r.setex("session:" + sid, TTL, json.dumps({"user": user}))
    return sid


def load(sid: str):
    raw = r.get("session:" + sid)
    return json.loads(raw) if raw else None


def touch(sid: str) -> bool:
    return bool(r.expire("session:" + sid, TTL))
