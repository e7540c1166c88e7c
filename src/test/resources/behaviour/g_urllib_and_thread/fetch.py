"""Standard-library HTTP: urllib's urlopen, no third-party client."""
import json
from urllib.request import urlopen


def get_json(url):
    with urlopen(url, timeout=5) as resp:
        return resp.status, json.loads(resp.read().decode("utf-8"))


def worker(url, results, index):
    # a thread target: runs on its own thread, so it has to stay synchronous
    with urlopen(url, timeout=5) as resp:
        results[index] = json.loads(resp.read())["greeting"]
