"""Runs the Django test suite (DiscoverRunner, with its test database) in a
subprocess: every test's id and outcome, what each test printed that it checked, and the totals, so a test that
stops running shows in the output."""
import json
import subprocess
import sys

# Run in the child: Django's own test runner builds the suite and the test database; results as JSON.
CHILD = """
import json
import os
import unittest

os.environ["DJANGO_SETTINGS_MODULE"] = "settings"
import django

django.setup()
from django.test.runner import DiscoverRunner

runner = DiscoverRunner(verbosity=0)
runner.setup_test_environment()
suite = runner.build_suite(["tests"])
outcomes = {}


def walk(tests):
    for test in tests:
        if isinstance(test, unittest.TestSuite):
            walk(test)
        else:
            outcomes[test.id()] = "ok"


walk(suite)
old = runner.setup_databases()
result = unittest.TestResult()
suite.run(result)
runner.teardown_databases(old)
runner.teardown_test_environment()
for kind, found in (("FAIL", result.failures), ("ERROR", result.errors), ("skipped", result.skipped)):
    for test, _ in found:
        outcomes[test.id()] = kind
print("RESULTS " + json.dumps({"ran": result.testsRun, "ok": result.wasSuccessful(), "outcomes": outcomes}))
"""


def run_tests():
    proc = subprocess.run([sys.executable, "-W", "error::RuntimeWarning", "-c", CHILD], capture_output=True,
                          text=True)
    lines = proc.stdout.splitlines()
    checks = sorted(line for line in lines if line.startswith("checked:"))
    found = [line for line in lines if line.startswith("RESULTS ")]
    if proc.returncode != 0 or not found or "never awaited" in proc.stderr:
        sys.exit(f"the suite did not run (exit {proc.returncode}):\n{proc.stderr}")
    results = json.loads(found[-1][len("RESULTS "):])
    verdicts = sorted(f"{test} ... {outcome}" for test, outcome in results["outcomes"].items())
    summary = f"ran {results['ran']}, {'OK' if results['ok'] else 'FAILED'}"
    return summary, verdicts, checks


def main():
    summary, verdicts, checks = run_tests()
    for line in verdicts + checks:
        print(" ", line)
    print("django tests:", summary)


if __name__ == "__main__":
    main()
