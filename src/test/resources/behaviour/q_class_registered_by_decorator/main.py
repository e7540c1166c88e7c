import os

from plugins import RankProbe, UserProbe, from_registry


def main():
    base = os.environ["UNBLOCK_TEST_HTTP"]
    print("user 3:", UserProbe(base, 3).name)
    print("first user:", UserProbe.first(base).name, "first ranked:", RankProbe.first(base).rank)
    for name, user_id in [("user", 4), ("rank", 5), ("user", 500)]:
        probe = from_registry(name, base, user_id)
        print("registry", name, user_id, "->", type(probe).__name__, probe.status, probe.name)


if __name__ == "__main__":
    main()
