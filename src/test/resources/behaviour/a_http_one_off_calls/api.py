"""Thin wrappers over the service's HTTP API: one request per call, no shared session."""
import os

import requests

BASE = os.environ["UNBLOCK_TEST_HTTP"]


def greeting(name):
    resp = requests.get(f"{BASE}/json/{name}", timeout=5)
    resp.raise_for_status()
    return resp.json()["greeting"]


def create_order(item, quantity):
    payload = {"item": item, "quantity": quantity, "tags": ["new", "web"]}
    resp = requests.post(BASE + "/echo", json=payload, headers={"X-Request-Id": "order-1"})
    return resp.status_code, resp.json()


def search(term, page=1):
    resp = requests.get(BASE + "/echo", params={"q": term, "page": page})
    return resp.json()["query"]


def replace_tags(item, tags):
    resp = requests.put(f"{BASE}/echo/{item}", json={"tags": tags})
    return resp.json()


def follow(path):
    resp = requests.get(BASE + "/redirect", params={"to": path})
    return resp.status_code, resp.json()


def peek_redirect(path):
    resp = requests.get(BASE + "/redirect", params={"to": path}, allow_redirects=False)
    return resp.status_code, resp.headers["Location"]
