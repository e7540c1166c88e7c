"""User lookups with one-off requests calls (migrated to aiohttp.ClientSession)."""
import requests


def user_summary(base, user_id):
    resp = requests.get(f"{base}/users/{user_id}", timeout=5)
    resp.raise_for_status()
    data = resp.json()
    return f"{data['name']} ({resp.status_code}, {len(resp.text) > 0})"


def echo_post(base, payload):
    resp = requests.post(base + "/echo/post", json=payload, headers={"X-Mode": "aio"})
    body = resp.json()
    return body["method"], body["headers"].get("x-mode")


def status_of(base, code):
    try:
        resp = requests.get(f"{base}/status/{code}")
        resp.raise_for_status()
        return f"{code}: fine"
    except requests.exceptions.HTTPError:
        return f"{code}: http error"
