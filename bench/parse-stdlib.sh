#!/usr/bin/env bash
# Parser benchmark: our parser vs CPython's ast.parse on the standard library, each mode in a fresh JVM.
# Usage: bench/parse-stdlib.sh [STDLIB_DIR]   (default: the python3 on PATH's standard library)
set -euo pipefail
cd "$(dirname "$0")/.."
stdlib=${1:-$(python3 -c "import sysconfig; print(sysconfig.get_paths()['stdlib'])")}
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
cp="target/classes:target/test-classes:$(cat target/classpath.txt)"
for mode in first-pass unseen threads health; do
  java -Xss64m -Xmx2g -cp "$cp" dev.unblock.python.ParserBenchmark "$mode" "$stdlib"
done
