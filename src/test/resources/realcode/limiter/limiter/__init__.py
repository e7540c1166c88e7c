"""A tiny Redis-backed service: per-client rate limits, sessions and a job queue behind a WSGI app."""
