"""Reads file paths (one per line) on stdin; prints the ones CPython refuses to compile, with the reason.

Used by the conformance tests: CPython is the judge of which files are valid Python.
"""
import sys
import warnings

warnings.simplefilter("ignore")
sys.setrecursionlimit(10000)

for line in sys.stdin:
    path = line.rstrip("\n")
    if not path:
        continue
    try:
        with open(path, "rb") as f:
            source = f.read()
        compile(source, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError) as e:
        reason = str(e).replace("\n", " ")
        print(f"{path}\t{type(e).__name__}: {reason}", flush=True)
