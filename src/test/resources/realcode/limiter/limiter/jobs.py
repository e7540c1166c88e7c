import json
import time

from .store import r

QUEUE = "jobs"


def enqueue(kind: str, payload: dict) -> int:
    return r.rpush(QUEUE, json.dumps({"kind": kind, "payload": payload, "at": time.time()}))


def next_job(timeout: int = 5):
    item = r.blpop([QUEUE], timeout=timeout)
    return json.loads(item[1]) if item else None


def handle(job: dict) -> None:
    r.hincrby("jobs:done", job["kind"], 1)


def work(max_jobs: int = 0) -> int:
    done = 0
    while not max_jobs or done < max_jobs:
        job = next_job()
        if job is None:
            time.sleep(0.1)
            continue
        handle(job)
        done += 1
    return done


if __name__ == "__main__":
    work()
