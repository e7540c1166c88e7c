import os

from encoding import UserRef, to_compact_json, to_json
from lookups import service_name, user_name
from workers import Fetcher, fetch_all


def main():
    base = os.environ["UNBLOCK_TEST_HTTP"]
    print("service:", service_name("prod"))
    print("owner:", user_name(9))
    for line in fetch_all(base, [2, 3]):
        print("thread:", line)
    print("describe directly:", Fetcher(base, 4).describe())
    doc = {"ticket": 17, "owner": UserRef(9), "watchers": [UserRef(1), UserRef(2)]}
    print("encoder:", to_json(doc))
    print("default=:", to_compact_json(doc))


if __name__ == "__main__":
    main()
