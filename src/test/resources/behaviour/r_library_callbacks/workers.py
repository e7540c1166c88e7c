"""A thread subclass: threading calls run() on the new thread, synchronously."""
import threading

import requests

from lookups import hello_for


class Fetcher(threading.Thread):
    def __init__(self, base, user_id):
        super().__init__()
        self.base = base
        self.user_id = user_id
        self.result = None

    def run(self):
        self.result = self.describe()

    def describe(self):
        rank = requests.get(f"{self.base}/rank/{self.user_id}", timeout=5).json()["rank"]
        return f"user {self.user_id} rank {rank} says {hello_for(str(self.user_id))}"


def fetch_all(base, ids):
    threads = [Fetcher(base, i) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [t.result for t in threads]
