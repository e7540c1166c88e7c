"""Chores run by hand from a shell."""
import time

import requests


def warm_up(urls):
    """Touches each URL once so the service's caches are warm."""
    seen = 0
    for url in urls:
        requests.head(url, timeout=5)
        seen += 1
    return seen


def pause_between_batches(batches, seconds=2):
    done = 0
    for batch in batches:
        done += len(batch)
        time.sleep(seconds)
    return done


def checksum(text):
    total = 0
    for ch in text:
        total = (total * 31 + ord(ch)) % 1_000_003
    return total
