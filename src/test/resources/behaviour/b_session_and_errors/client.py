"""A client that keeps one session for all its calls and closes it when done."""
import requests


class ApiClient:
    def __init__(self, base):
        # creating a session does no I/O, so this constructor stays an ordinary one
        self.base = base
        self.session = requests.Session()
        self.session.headers.update({"X-Client": "unblock-test"})

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self):
        self.session.close()

    def whoami(self):
        resp = self.session.get(self.base + "/echo", headers={"X-Trace": "t-1"})
        resp.raise_for_status()
        headers = resp.json()["headers"]
        return headers["x-client"], headers["x-trace"]

    def status(self, code):
        resp = self.session.get(f"{self.base}/status/{code}")
        if resp.ok:
            return f"{code}: ok"
        try:
            resp.raise_for_status()
        except requests.exceptions.HTTPError as exc:
            return f"{code}: http error {exc.response.status_code}"
        return f"{code}: not ok, yet no error"

    def user_name(self, user_id):
        try:
            resp = self.session.get(f"{self.base}/users/{user_id}")
            resp.raise_for_status()
        except requests.RequestException:
            return None
        return resp.json()["name"]
