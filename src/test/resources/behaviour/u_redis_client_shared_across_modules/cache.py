"""The program's one Redis connection, imported by every module that needs it."""
import os

import redis

PREFIX = "ub-shared:"

r = redis.Redis.from_url(os.environ["UNBLOCK_TEST_REDIS"], decode_responses=True)


def key(*parts):
    return PREFIX + ":".join(parts)
