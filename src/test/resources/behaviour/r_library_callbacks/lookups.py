import os

import requests

BASE = os.environ["UNBLOCK_TEST_HTTP"]


def user_name(user_id):
    return requests.get(f"{BASE}/users/{user_id}", timeout=5).json()["name"]


def hello_for(name):
    return requests.get(f"{BASE}/json/{name}", timeout=5).json()["greeting"]


def service_name(env):
    # called only from main: free to migrate
    return requests.get(f"{BASE}/config/{env}", timeout=5).json()["name"]
