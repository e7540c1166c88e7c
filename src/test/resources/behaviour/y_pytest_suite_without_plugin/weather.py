"""Greetings and ranks from the city service."""
import os

import requests

BASE = os.environ["UNBLOCK_TEST_HTTP"]


def greeting(city):
    resp = requests.get(f"{BASE}/json/{city}", timeout=5)
    resp.raise_for_status()
    return resp.json()["greeting"]


def rank(user_id):
    resp = requests.get(f"{BASE}/rank/{user_id}", timeout=5)
    return resp.json()["rank"]


def ranks(user_ids):
    out = []
    for user_id in user_ids:
        out.append(rank(user_id))
    return out


def shout(text):
    return text.upper()
