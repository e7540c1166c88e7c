"""Prices and owners from the catalogue service."""
import os

import requests

BASE = os.environ["UNBLOCK_TEST_HTTP"]


def page(number):
    resp = requests.get(f"{BASE}/items", params={"page": number}, timeout=5)
    resp.raise_for_status()
    return resp.json()


def cheapest_price():
    return min(item["price"] for item in page(1)["items"])


def owner_name(user_id):
    resp = requests.get(f"{BASE}/users/{user_id}", timeout=5)
    return resp.json()["name"]


def environment(name):
    resp = requests.get(f"{BASE}/config/{name}", timeout=5)
    return resp.json()


def status(code):
    return requests.get(f"{BASE}/status/{code}", timeout=5).status_code
