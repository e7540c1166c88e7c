import os

import requests

BASE = os.environ["UNBLOCK_TEST_HTTP"]


def fetch_user(user_id):
    resp = requests.get(f"{BASE}/users/{user_id}")
    resp.raise_for_status()
    return resp.json()


def fetch_rank(user):
    # used as a sort key, so it is a callback: it must stay synchronous
    return requests.get(f"{BASE}/rank/{user['id']}").json()["rank"]
