"""Times CPython's own ast.parse over the files named on stdin (one per line); prints the seconds.

The reference for the parser benchmark: each file is read first, then parsed (best of --repeat runs).
"""
import ast
import sys
import time
import warnings

warnings.simplefilter("ignore")
repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 1
sources = []
for line in sys.stdin:
    path = line.rstrip("\n")
    if path:
        with open(path, "rb") as f:
            sources.append((path, f.read()))
best = None
for _ in range(repeat):
    started = time.perf_counter()
    for path, source in sources:
        ast.parse(source, path)
    elapsed = time.perf_counter() - started
    best = elapsed if best is None else min(best, elapsed)
print(f"{best:.6f}")
