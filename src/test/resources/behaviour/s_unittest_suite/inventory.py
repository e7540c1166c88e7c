"""Inventory lookups against the catalogue service."""
import os

import requests

BASE = os.environ["UNBLOCK_TEST_HTTP"]


def fetch_page(number):
    resp = requests.get(f"{BASE}/items", params={"page": number}, timeout=5)
    resp.raise_for_status()
    return resp.json()


def all_items():
    items, number = [], 1
    while number:
        data = fetch_page(number)
        items.extend(data["items"])
        number = data["next"]
    return items


def cheapest():
    return min(all_items(), key=lambda item: item["price"])


def total_value():
    # called only by the program, never by the tests
    return sum(item["price"] for item in all_items())


def stock_level(item_id):
    # the tests patch requests.get for this one: the patch follows it to httpx
    resp = requests.get(f"{BASE}/json/stock-{item_id}", timeout=5)
    return resp.json()["count"]


def user_name(user_id):
    resp = requests.get(f"{BASE}/users/{user_id}", timeout=5)
    resp.raise_for_status()
    return resp.json()["name"]


def reorder_level(item_id):
    # the tests patch requests.get for this one too, but httpx names allow_redirects otherwise: it keeps requests
    resp = requests.get(f"{BASE}/json/reorder-{item_id}", timeout=5, allow_redirects=False)
    return resp.json()["level"]
