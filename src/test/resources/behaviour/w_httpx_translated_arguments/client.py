"""A client that passes arguments the ways requests allows and httpx does not take as they are:
bodies by position, str and bytes bodies, auth objects, (connect, read) timeout tuples, HEAD."""
import json

import requests
from requests.auth import HTTPBasicAuth

TIMEOUTS = (2, 5)


class Api:
    def __init__(self, base):
        self.base = base
        self.session = requests.Session()

    def close(self):
        self.session.close()

    def post_form(self, a, b):
        body = self.session.post(self.base + "/echo/form", {"a": a, "b": b}).json()
        return body["method"], body["headers"].get("content-type"), body["body"]

    def put_text(self, text):
        body = self.session.put(self.base + "/echo/text", data=f"text: {text}").json()
        return body["method"], body["headers"].get("content-type"), body["body"]

    def post_document(self, doc):
        payload = json.dumps(doc)
        body = self.session.post(self.base + "/echo/doc", payload, headers={"Content-Type": "application/json"}).json()
        return body["headers"]["content-type"], body["body"]

    def post_bytes(self):
        body = self.session.post(self.base + "/echo/bytes", data=b"raw-bytes").json()
        return body["headers"].get("content-type"), body["body"]

    def whoami(self, user, password):
        resp = self.session.get(self.base + "/whoami", auth=HTTPBasicAuth(user, password))
        return resp.status_code, resp.json().get("user")

    def whoami_pair(self, user, password):
        return self.session.get(self.base + "/whoami", auth=(user, password)).status_code

    def delayed(self, ms, timeout):
        try:
            return self.session.get(f"{self.base}/delay", params={"ms": ms}, timeout=timeout).json()["delayed"]
        except requests.exceptions.Timeout:
            return "timed out"

    def delayed_short_read(self, ms):
        try:
            return self.session.get(f"{self.base}/delay", params={"ms": ms}, timeout=(2, 0.05)).json()["delayed"]
        except requests.exceptions.Timeout:
            return "timed out"

    def delayed_default(self, ms):
        return self.session.get(f"{self.base}/delay", params={"ms": ms}, timeout=TIMEOUTS).json()["delayed"]

    def head_of_redirect(self):
        return self.session.head(self.base + "/redirect", params={"to": "/json/x"}).status_code


def describe(values):
    return " | ".join(str(v) for v in values)
