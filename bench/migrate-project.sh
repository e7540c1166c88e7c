#!/usr/bin/env bash
# Engine benchmark: a full migration of a project (default: the python3 standard library) beside CPython's
# ast.parse of the same files in the same run (both throughputs and their ratio), the time per stage (parse,
# resolve, plan, edit, rewrite), peak heap under a 1 GB cap, the compile check of every rewritten file, an
# incremental run with a 10-file change set on the cached facts, and a second full run in the warm JVM.
# Usage: bench/migrate-project.sh [PROJECT_DIR]      (UNBLOCK_BENCH_HEAP overrides the heap cap, e.g. 4g;
#        UNBLOCK_BENCH_JAVA_OPTS the JVM options; UNBLOCK_BENCH_ROUNDS the incremental rounds, default 5: the median
#        of the last 5 is printed, so `UNBLOCK_BENCH_JAVA_OPTS= UNBLOCK_BENCH_ROUNDS=30` measures the App's case, a
#        server JVM whose JIT has settled)
set -euo pipefail
cd "$(dirname "$0")/.."
project=${1:-$(python3 -c "import sysconfig; print(sysconfig.get_paths()['stdlib'])")}
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
# The JVM options the launcher gives `unblock migrate` (quick compiler only, parallel collector, fixed young
# generation); UNBLOCK_BENCH_JAVA_OPTS replaces them (set it empty for the JVM's defaults, which `unblock serve` runs
# with).
# shellcheck disable=SC2086
java -Xss64m "-Xmx${UNBLOCK_BENCH_HEAP:-1g}" ${UNBLOCK_BENCH_JAVA_OPTS--XX:TieredStopAtLevel=1 -Xmn150m -XX:+UseParallelGC} -cp "target/classes:target/test-classes:$(cat target/classpath.txt)" \
  dev.unblock.migrate.MigrationBenchmark "$project"
