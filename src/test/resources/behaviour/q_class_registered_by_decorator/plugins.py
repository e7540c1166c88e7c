"""Probe plugins that register themselves by name with a class decorator."""
import requests

REGISTRY = {}


def register(name):
    def add(cls):
        REGISTRY[name] = cls
        return cls

    return add


@register("user")
class UserProbe:
    def __init__(self, base, user_id):
        resp = requests.get(f"{base}/users/{user_id}", timeout=5)
        self.status = resp.status_code
        self.name = resp.json().get("name", "?")

    @classmethod
    def first(cls, base):
        # an alternative constructor: `cls` is whichever class it was called on
        return cls(base, 1)


@register("rank")
class RankProbe(UserProbe):
    def __init__(self, base, user_id):
        super().__init__(base, user_id)
        self.rank = requests.get(f"{base}/rank/{user_id}", timeout=5).json()["rank"]


def from_registry(name, base, user_id):
    return REGISTRY[name](base, user_id)
