import os

from client import ApiClient
from health import check_paths, probe_closed_port


def main():
    base = os.environ["UNBLOCK_TEST_HTTP"]
    with ApiClient(base) as api:
        print("whoami:", *api.whoami())
        for code in (200, 404, 500):
            print(api.status(code))
        print("user 7:", api.user_name(7))
        print("user 404:", api.user_name(404))
    other = ApiClient(base)
    try:
        print(other.status(201))
    finally:
        other.close()
    for path, code, ok in check_paths(base, ["/json/a", "/missing", "/status/500"]):
        print(f"{path} -> {code} ok={ok}")
    print(probe_closed_port())


if __name__ == "__main__":
    main()
