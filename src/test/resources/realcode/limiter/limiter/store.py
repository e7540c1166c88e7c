import os

import redis

# one client for the whole service, imported by the modules that need it
r = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), decode_responses=True)
