"""Runs the program's pytest suite in a subprocess and describes it: each test's id and outcome, what each test
printed that it checked, and the totals, so a test that stops running (or is skipped) shows in the output."""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree


def run_pytest():
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.xml")
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o",
                               "junit_logging=system-out", f"--junitxml={report}", "tests"],
                              capture_output=True, text=True)
        lines = []
        if not os.path.exists(report):
            sys.exit(f"pytest did not run (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
        if True:
            for case in ElementTree.parse(report).getroot().iter("testcase"):
                outcome = "passed"
                for kind in ("failure", "error", "skipped"):
                    if case.find(kind) is not None:
                        outcome = kind
                out = case.findtext("system-out") or ""
                checks = [line for line in out.splitlines() if line.startswith("checked:")]
                lines.append(f"{case.get('classname')}::{case.get('name')} {outcome} {' | '.join(checks)}".rstrip())
        return proc.returncode, sorted(lines)


def main():
    code, lines = run_pytest()
    for line in lines:
        print(" ", line)
    print(f"pytest: exit {code}, {len(lines)} tests")
