"""Judges Python sources for the review tests: does CPython compile each one (which also rejects `await`
outside an async function), and which names does it use that nothing defines (pyflakes, when installed)?

stdin: a JSON list of {"id", "path", "source"}; stdout: a JSON list of {"id", "error", "undefined"}.
"""
import json
import sys

try:
    from pyflakes import checker, messages
except ImportError:  # the tests say so and skip that part
    checker = None


def judge(item):
    out = {"id": item["id"], "error": None, "undefined": None}
    try:
        tree = compile(item["source"], item["path"], "exec", flags=0x400, dont_inherit=True)  # PyCF_ONLY_AST
        compile(tree, item["path"], "exec", dont_inherit=True)
    except SyntaxError as e:
        out["error"] = f"{e.msg} (line {e.lineno})"
        return out
    if checker is not None:
        found = checker.Checker(tree, filename=item["path"])
        out["undefined"] = sorted({m.message_args[0] for m in found.messages if isinstance(m, messages.UndefinedName)})
    return out


print(json.dumps([judge(item) for item in json.load(sys.stdin)]))
