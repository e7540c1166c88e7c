"""Settings fetched from the config service when the object is created."""
import requests


class Settings:
    def __init__(self, base, env="prod"):
        resp = requests.get(f"{base}/config/{env}")
        resp.raise_for_status()
        data = resp.json()
        self.base = base
        self.env = env
        self.name = data["name"]
        self.retries = data["retries"]
        self.features = data["features"]

    def has(self, feature):
        return feature in self.features

    def describe(self):
        features = ",".join(sorted(self.features))
        return f"{self.name}[{self.env}] retries={self.retries} features={features}"

    def reload(self):
        resp = requests.get(f"{self.base}/config/{self.env}")
        self.features = resp.json()["features"]
        return len(self.features)
