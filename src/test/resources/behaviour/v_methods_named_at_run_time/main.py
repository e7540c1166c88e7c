import os

from commands import Hooks, Jobs, UserResource


def main():
    base = os.environ["UNBLOCK_TEST_HTTP"]
    jobs = Jobs(base)
    for job in ["sync_users", "rank_report", "cleanup", "backup"]:
        print(f"job {job} ->", jobs.run(job))
    resource = UserResource(base)
    for method in ["GET", "DELETE", "PATCH"]:
        print(f"resource {method} 12 ->", resource.dispatch_request(method, 12))
    hooks = Hooks(base)
    for event in ["signup", "logout"]:
        print(f"hook {event} ->", hooks.fire(event, 3))


if __name__ == "__main__":
    main()
