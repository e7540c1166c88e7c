import redis

PREFIX = "ub-behaviour:"


def key_for(kind, name):
    return PREFIX + kind + ":" + name


class Store:
    def __init__(self, url):
        self.client = redis.Redis.from_url(url, decode_responses=True)

    def put_many(self, items):
        with self.client.pipeline() as pipe:
            for name, value in items:
                pipe.set(key_for("item", name), value).incr(key_for("count", name))
            results = pipe.execute()
        return results

    def counts(self, names):
        pipe = self.client.pipeline(transaction=False)
        for name in names:
            pipe.get(key_for("count", name))
        return [int(v) for v in pipe.execute()]

    def keys(self, kind):
        return sorted(list(self.client.scan_iter(match=PREFIX + kind + ":*", count=2)))

    def profile(self, name, **fields):
        key = key_for("profile", name)
        self.client.hset(key, mapping=fields)
        self.client.expire(key, 300)
        found = {}
        for field, value in self.client.hscan_iter(key):
            found[field] = value
        return sorted(found.items()), self.client.ttl(key) > 0

    def close(self):
        self.client.close()
