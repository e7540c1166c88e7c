"""Health checks against a service's endpoints."""
import requests


def check(base, path):
    resp = requests.get(f"{base}{path}", timeout=5)
    return resp.status_code


def config_name(base, env):
    resp = requests.get(f"{base}/config/{env}", timeout=5)
    resp.raise_for_status()
    return resp.json()["name"]
