"""Prints the inventory summary, then runs the test suite with `python3 -m unittest`."""
import re
import subprocess
import sys

from inventory import cheapest, total_value


def run_tests():
    proc = subprocess.run([sys.executable, "-m", "unittest", "discover", "-s", "tests", "-t", "."],
                          capture_output=True, text=True)
    ran = re.search(r"^Ran (\d+) tests?", proc.stderr, re.MULTILINE)
    verdict = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "no output"
    return proc.returncode, ran.group(1) if ran else "?", verdict


def main():
    print("total value:", total_value())
    print("cheapest:", cheapest()["name"])
    code, ran, verdict = run_tests()
    print(f"unittest: exit {code}, ran {ran}, {verdict}")


if __name__ == "__main__":
    main()
