"""Times CPython's own ast.parse over the files named on stdin (one per line); prints the seconds.

The reference for the parser and migration benchmarks: each file is read first, then parsed (best of --repeat
runs). A file CPython rejects counts with the time it took to reject it, as it does for the engine.
"""
import ast
import sys
import time
import warnings

warnings.simplefilter("ignore")
sys.setrecursionlimit(10000)
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
        try:
            ast.parse(source, path)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            pass
    elapsed = time.perf_counter() - started
    best = elapsed if best is None else min(best, elapsed)
print(f"{best:.6f}")
