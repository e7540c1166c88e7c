import os

import redis

from store import PREFIX, Store

URL = os.environ["UNBLOCK_TEST_REDIS"]


def reset():
    client = redis.Redis.from_url(URL)
    for key in client.scan_iter(match=PREFIX + "*"):
        client.delete(key)
    client.close()


def summarize(results):
    return ", ".join(str(r) for r in results)


def main():
    reset()
    store = Store(URL)
    print("put:", summarize(store.put_many([("a", "1"), ("b", "2"), ("c", "3")])))
    print("put again:", summarize(store.put_many([("a", "10")])))
    print("counts:", store.counts(["a", "b", "c"]))
    print("items:", store.keys("item"))
    print("profile:", store.profile("ada", lang="en", role="admin"))
    try:
        store.client.incr(PREFIX + "item:a", "not-a-number")
    except redis.exceptions.ResponseError:
        print("incr by a word is refused")
    store.close()


if __name__ == "__main__":
    main()
