import os

from checks import build_all, direct, run_checks


def main():
    base = os.environ["UNBLOCK_TEST_HTTP"]
    rules = [
        {"type": "http", "path": "/json/ok"},
        {"type": "http", "path": "/status/500"},
        {"type": "config", "path": "/config/dev"},
        {"type": "static", "path": "/anything"},
    ]
    for line in run_checks(base, rules):
        print(line)
    probes = build_all(base, "http", ["/status/200", "/status/404"])
    print("built:", [(type(p).__name__, p.status) for p in probes])
    print("direct healthy:", direct(base))


if __name__ == "__main__":
    main()
