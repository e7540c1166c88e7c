"""Users from the directory service."""
import os
import time

import requests

BASE = os.environ["UNBLOCK_TEST_HTTP"]


def name(user_id):
    resp = requests.get(f"{BASE}/users/{user_id}", timeout=5)
    resp.raise_for_status()
    return resp.json()["name"]


def settle():
    time.sleep(0.01)
    return "settled"
