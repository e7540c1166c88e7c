"""The same arguments in module-level calls, which get a client of their own."""
import requests
from requests.auth import HTTPBasicAuth


def post_form(base, a):
    return requests.post(base + "/echo/form", {"a": a}).json()["body"]


def put_text(base, text):
    return requests.put(base + "/echo/text", f"text: {text}").json()["body"]


def whoami(base, user, password):
    return requests.get(base + "/whoami", auth=HTTPBasicAuth(user, password), timeout=(2, 5)).json().get("user")


def short_read(base):
    try:
        return requests.get(base + "/delay", params={"ms": 200}, timeout=(2, 0.05)).status_code
    except requests.exceptions.Timeout:
        return "timed out"
