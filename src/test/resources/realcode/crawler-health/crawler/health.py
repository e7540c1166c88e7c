"""Checks before a crawl: is each start page up, is there room on disk for the results."""
import shutil

import requests


class Check:
    name = "check"

    def run(self) -> bool:
        raise NotImplementedError


class PageUp(Check):
    def __init__(self, url: str):
        self.url = url
        self.name = "up:" + url

    def run(self) -> bool:
        try:
            return requests.get(self.url, timeout=5).ok
        except requests.RequestException:
            return False


class DiskSpace(Check):
    name = "disk"

    def __init__(self, folder: str, minimum: int = 10 * 1024 * 1024):
        self.folder = folder
        self.minimum = minimum

    def run(self) -> bool:
        return shutil.disk_usage(self.folder).free >= self.minimum


def run_all(checks: "list[Check]") -> "dict[str, bool]":
    return {c.name: c.run() for c in checks}


def failing(checks: "list[Check]") -> "list[str]":
    return [name for name, ok in run_all(checks).items() if not ok]
