"""Polls the service and prints a report every few minutes."""
import sys
import time

from weatherbot import config
from weatherbot.report import build_report


def poll(rounds, interval=300):
    reports = []
    for _ in range(rounds):
        reports.append(build_report(config.CITIES))
        print(reports[-1])
        sys.stdout.flush()
        time.sleep(interval)
    return reports


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    rounds = int(argv[0]) if argv else 1
    poll(rounds)
    return 0


if __name__ == "__main__":
    main()
