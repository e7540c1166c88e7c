import time

from .store import r


class RateLimiter:
    """Fixed-window limit: at most `limit` calls per `window` seconds for each key."""

    def __init__(self, limit: int, window: int):
        self.limit = limit
        self.window = window

    def key(self, client: str) -> str:
        return "rl:%s:%d" % (client, int(time.time()) // self.window)

    def allow(self, client: str) -> bool:
        pipe = r.pipeline()
        pipe.incr(self.key(client))
        pipe.expire(self.key(client), self.window)
        count, _ = pipe.execute()
        return int(count) <= self.limit

    def remaining(self, client: str) -> int:
        used = r.get(self.key(client))
        return max(0, self.limit - int(used or 0))
