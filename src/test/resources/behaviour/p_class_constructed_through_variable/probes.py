"""Probes that fetch what they check when they are created."""
import requests


class HttpProbe:
    def __init__(self, url):
        self.url = url
        self.status = requests.get(url, timeout=5).status_code

    def healthy(self):
        return self.status < 400


class ConfigProbe:
    def __init__(self, url):
        data = requests.get(url, timeout=5).json()
        self.url = url
        self.status = 200 if data.get("features") else 404

    def healthy(self):
        return self.status == 200


class StaticProbe:
    def __init__(self, url):
        self.url = url
        self.status = 200

    def healthy(self):
        return True


KINDS = {"http": HttpProbe, "config": ConfigProbe, "static": StaticProbe}


def make_probe(kind, url):
    return KINDS[kind](url)
