"""The `pinger` command: checks each path and exits non-zero if one is down."""
import argparse
import os

from pinger.checks import check, config_name


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="pinger")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--env", default="prod")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    base = os.environ["UNBLOCK_TEST_HTTP"]
    print("service:", config_name(base, args.env))
    down = 0
    for path in args.paths:
        status = check(base, path)
        print(f"{path}: {status}")
        if status >= 400:
            down += 1
    return 1 if down else 0
