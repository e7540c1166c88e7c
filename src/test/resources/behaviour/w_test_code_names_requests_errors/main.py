"""Prints a profile, then runs the test suite with `python3 -m unittest`."""
import re
import subprocess
import sys

from profiles import best_of


def unittest_summary():
    proc = subprocess.run([sys.executable, "-m", "unittest", "discover", "-s", "tests", "-t", "."],
                          capture_output=True, text=True)
    ran = re.search(r"^Ran (\d+) tests?", proc.stderr, re.MULTILINE)
    last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "no output"
    return f"exit {proc.returncode}, ran {ran.group(1) if ran else '?'}, {last}"


def main():
    print("best:", best_of([5, 6, 7]))
    print("unittest:", unittest_summary())


if __name__ == "__main__":
    main()
