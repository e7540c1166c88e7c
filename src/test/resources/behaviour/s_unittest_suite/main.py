"""Prints the inventory summary, then runs the unittest suite (discovered as `python3 -m unittest discover` does)
in a subprocess: every test's id and outcome, what each test printed that it checked, and the totals, so a test
that stops running shows in the output."""
import json
import subprocess
import sys

from inventory import cheapest, total_value

# Run in the child: unittest's own loader and suite; results as JSON on the last line of stdout.
CHILD = """
import json
import unittest

suite = unittest.defaultTestLoader.discover("tests", top_level_dir=".")
outcomes = {}


def walk(tests):
    for test in tests:
        if isinstance(test, unittest.TestSuite):
            walk(test)
        else:
            outcomes[test.id()] = "ok"


walk(suite)  # before running: a suite lets go of its tests as it runs them
result = unittest.TestResult()
suite.run(result)
for kind, found in (("FAIL", result.failures), ("ERROR", result.errors), ("skipped", result.skipped)):
    for test, _ in found:
        outcomes[test.id()] = kind
print("RESULTS " + json.dumps({"ran": result.testsRun, "ok": result.wasSuccessful(), "outcomes": outcomes}))
"""


def run_tests():
    proc = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True)
    lines = proc.stdout.splitlines()
    checks = sorted(line for line in lines if line.startswith("checked:"))
    found = [line for line in lines if line.startswith("RESULTS ")]
    if proc.returncode != 0 or not found:
        sys.exit(f"the suite did not run (exit {proc.returncode}):\n{proc.stderr}")
    results = json.loads(found[-1][len("RESULTS "):])
    verdicts = sorted(f"{test} ... {outcome}" for test, outcome in results["outcomes"].items())
    summary = f"ran {results['ran']}, {'OK' if results['ok'] else 'FAILED'}"
    return summary, verdicts, checks


def main():
    print("total value:", total_value())
    print("cheapest:", cheapest()["name"])
    summary, verdicts, checks = run_tests()
    for line in verdicts + checks:
        print(" ", line)
    print("unittest:", summary)


if __name__ == "__main__":
    main()
