import os

import redis

PREFIX = "unblock:zb:"
r = redis.Redis.from_url(os.environ["UNBLOCK_TEST_REDIS"])


def reset():
    for k in r.scan_iter(match=PREFIX + "*"):
        r.delete(k)


def record(name, points):
    r.incrby(PREFIX + name, points)
    r.rpush(PREFIX + "log", name)


def report():
    for name in ("ada", "alan"):
        print(name, int(r.get(PREFIX + name) or 0))
    print("log:", [x.decode() for x in r.lrange(PREFIX + "log", 0, -1)])


if __name__ == "__main__":
    reset()
    for name, points in [("ada", 3), ("alan", 4), ("ada", 2)]:
        record(name, points)
    report()
