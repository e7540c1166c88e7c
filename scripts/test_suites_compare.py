"""Compares a test suite's JUnit XML reports before and after a migration (scripts/test-suites-check.sh).

Arguments: NAME=BEFORE.xml=AFTER.xml ... Prints a table of tests run/passed/failed/skipped before and after and
every test whose outcome changed; exits 1 when any project's outcomes differ or a report is missing. A test made
async that never ran would still count as passed: the suite's output (BEFORE.log / AFTER.log beside each report)
is searched for Python's warnings about un-awaited coroutines and test methods returning a value, and any the
migration added fail the check too.
"""
import os
import sys
import xml.etree.ElementTree as ET

# what Python prints when a coroutine test ran without an event loop (it "passes" without running a line)
NOT_RUN = ("was never awaited", "It is deprecated to return a value that is not None from a test case")


def outcomes(path):
    """{test id: passed | failed | error | skipped}, or None when the suite wrote no report."""
    if not os.path.exists(path):
        return None
    result = {}
    for case in ET.parse(path).iter("testcase"):
        test = case.get("classname", "") + "::" + case.get("name", "")
        kinds = {child.tag for child in case}
        if "error" in kinds:
            result[test] = "error"
        elif "failure" in kinds:
            result[test] = "failed"
        elif "skipped" in kinds:
            result[test] = "skipped"
        else:
            result[test] = "passed"
    return result


def counts(result):
    if result is None:
        return "no report"
    passed = sum(1 for o in result.values() if o == "passed")
    failed = sum(1 for o in result.values() if o in ("failed", "error"))
    skipped = sum(1 for o in result.values() if o == "skipped")
    return f"{len(result) - skipped} run, {passed} passed, {failed} failed, {skipped} skipped"


def not_run(report):
    """How many warnings in the suite's output say that a coroutine never ran."""
    log = report[:-len(".xml")] + ".log"
    if not os.path.exists(log):
        return 0
    with open(log, encoding="utf-8", errors="replace") as f:
        text = f.read()
    return sum(text.count(marker) for marker in NOT_RUN)


def main(rows):
    table = []
    changed = []
    for row in rows:
        name, before_path, after_path = row.split("=", 2)
        before, after = outcomes(before_path), outcomes(after_path)
        unawaited = not_run(after_path) - not_run(before_path)
        same = before is not None and before == after and unawaited <= 0
        if unawaited > 0:
            changed.append(f"  {name}: {unawaited} more warnings that a coroutine never ran ({' / '.join(NOT_RUN)})")
        table.append((name, counts(before), counts(after), "identical" if same else "DIFFERENT"))
        if before is not None and after is not None:
            for test in sorted(set(before) | set(after)):
                if before.get(test) != after.get(test):
                    changed.append(f"  {name}: {test}: {before.get(test, 'absent')} -> {after.get(test, 'absent')}")
    widths = [max(len(r[i]) for r in table + [("project", "before", "after", "outcomes")]) for i in range(4)]
    for r in [("project", "before", "after", "outcomes")] + table:
        print("  ".join(r[i].ljust(widths[i]) for i in range(4)).rstrip())
    if changed:
        print("what changed:")
        print("\n".join(changed))
    return 0 if all(r[3] == "identical" for r in table) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
