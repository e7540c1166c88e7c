"""Reports built from the service's readings."""
from weatherbot.api import WeatherClient, describe


def headline(city, reading):
    return f"{city}: {describe(reading)}"


def build_report(cities, client=None):
    client = client or WeatherClient()
    lines = []
    for city in cities:
        reading = client.current(city)
        lines.append(headline(city, reading))
    return "\n".join(lines)


def outlook(city, days=3):
    client = WeatherClient()
    days_ahead = client.forecast(city, days)
    summary = ", ".join(describe(d) for d in days_ahead)
    return f"{city} next {days} days: {summary}"
