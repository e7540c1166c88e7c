"""The WSGI application: the server calls `application` synchronously."""
import json

from . import jobs, sessions
from .ratelimit import RateLimiter

limiter = RateLimiter(limit=10, window=60)


def respond(start_response, status: str, body: dict):
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def application(environ, start_response):
    client = environ.get("REMOTE_ADDR", "?")
    if not limiter.allow(client):
        return respond(start_response, "429 Too Many Requests", {"error": "slow down"})
    path = environ.get("PATH_INFO", "/")
    if path == "/login":
        return respond(start_response, "200 OK", {"session": sessions.create(client)})
    if path == "/jobs":
        return respond(start_response, "202 Accepted", {"queued": jobs.enqueue("ping", {"from": client})})
    return respond(start_response, "200 OK", {"remaining": limiter.remaining(client)})
