"""The weather service's HTTP API."""
import logging
import time

import requests

from weatherbot import config

LOG = logging.getLogger(__name__)


class ServiceError(Exception):
    pass


class WeatherClient:
    """Talks to the weather service, retrying when it is busy."""

    def __init__(self, base_url=config.API_URL, retries=config.RETRIES):
        self.base_url = base_url.rstrip("/")
        self.retries = retries

    def _url(self, *parts):
        return "/".join([self.base_url, *parts])

    def current(self, city):
        """The weather now."""
        params = {"q": city, "units": config.units()}
        attempt = 0
        while True:
            attempt += 1
            response = requests.get(self._url("current"), params=params, timeout=10)
            if response.status_code != 503 or attempt >= self.retries:
                break
            LOG.info("service busy, retrying %s", city)
            time.sleep(config.BACKOFF * attempt)
        if response.status_code != 200:
            raise ServiceError(f"{city}: {response.status_code}")
        return response.json()

    def forecast(self, city, days=3):
        """The next days, one dict a day."""
        response = requests.get(self._url("forecast"), params={"q": city, "days": days}, timeout=10)
        response.raise_for_status()
        data = response.json()
        return [day for day in data["days"]][:days]


def describe(reading):
    """Pure formatting: no I/O."""
    temp = reading.get("temp")
    sky = reading.get("sky", "unknown")
    return f"{temp}° and {sky}"
