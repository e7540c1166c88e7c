"""Handlers found by a name computed at run time: nothing in the sources spells the method's name."""
import requests


class Jobs:
    """Scheduled jobs, run by the name the schedule gives them."""

    def __init__(self, base):
        self.base = base

    def job_sync_users(self):
        resp = requests.get(f"{self.base}/users/7", timeout=5)
        resp.raise_for_status()
        return f"synced {resp.json()['name']}"

    def job_rank_report(self):
        return f"rank {requests.get(f'{self.base}/rank/7', timeout=5).json()['rank']}"

    def job_cleanup(self):
        return "nothing to clean"

    def run(self, job):
        handler = getattr(self, f"job_{job}", None)
        if handler is None:
            return f"unknown job {job!r}"
        return handler()


class UserResource:
    """Dispatches on the HTTP method's name, the way Flask's MethodView does."""

    def __init__(self, base):
        self.base = base

    def get(self, user_id):
        return requests.get(f"{self.base}/users/{user_id}", timeout=5).json()["score"]

    def delete(self, user_id):
        return requests.delete(f"{self.base}/users/{user_id}", timeout=5).status_code

    def dispatch_request(self, method, *args):
        handler = getattr(self, method.lower(), None)
        if handler is None:
            return 405
        return handler(*args)


class Hooks:
    """Event hooks named on_<event>, looked up with a %-formatted name."""

    def __init__(self, base):
        self.base = base

    def on_signup(self, user_id):
        return requests.get(f"{self.base}/json/welcome-{user_id}", timeout=5).json()["greeting"]

    def fire(self, event, *args):
        hook = getattr(self, "on_%s" % event, None)
        return hook(*args) if hook else f"no hook for {event}"
