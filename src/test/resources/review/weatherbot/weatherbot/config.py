"""Settings read once at start-up."""
import os

API_URL = os.environ.get("WEATHER_API", "https://weather.example.com/v1")
RETRIES = 3
BACKOFF = 0.5
CITIES = ["Lisbon", "Oslo", "Quito"]


def units():
    return os.environ.get("WEATHER_UNITS", "metric")
