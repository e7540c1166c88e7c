"""User profiles from the user service."""
import os

import requests

BASE = os.environ["UNBLOCK_TEST_HTTP"]


def profile(user_id):
    resp = requests.get(f"{BASE}/users/{user_id}", timeout=5)
    resp.raise_for_status()
    data = resp.json()
    return {"name": data["name"], "score": data["score"]}


def best_of(ids):
    return max((profile(i) for i in ids), key=lambda p: p["score"])
