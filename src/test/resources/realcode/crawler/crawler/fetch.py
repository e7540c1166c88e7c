import time

import requests

USER_AGENT = "tinycrawler/0.1"


class FetchError(Exception):
    pass


class Fetcher:
    """Fetches pages over one session and waits between requests to the same host."""

    def __init__(self, delay: float = 0.5, timeout: float = 10.0):
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT})
        self.delay = delay
        self.timeout = timeout
        self.fetched = 0

    def fetch(self, url: str) -> str:
        if self.fetched:
            time.sleep(self.delay)
        try:
            response = self.session.get(url, timeout=self.timeout)
            response.raise_for_status()
        except requests.RequestException as e:
            raise FetchError("%s: %s" % (url, e)) from e
        self.fetched += 1
        return response.text

    def close(self) -> None:
        self.session.close()


def head_ok(url: str) -> bool:
    """Whether a link answers at all (used to drop dead links before queueing them)."""
    try:
        return requests.head(url, timeout=5, allow_redirects=True).status_code < 400
    except requests.RequestException:
        return False
