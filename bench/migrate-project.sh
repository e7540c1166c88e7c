#!/usr/bin/env bash
# Engine benchmark: a full migration of a project (default: the python3 standard library), the compile
# check of every rewritten file, and an incremental run with a 10-file change set on the cached index.
# Usage: bench/migrate-project.sh [PROJECT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
project=${1:-$(python3 -c "import sysconfig; print(sysconfig.get_paths()['stdlib'])")}
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
java -Xss64m -Xmx4g -cp "target/classes:target/test-classes:$(cat target/classpath.txt)" \
  dev.unblock.migrate.MigrationBenchmark "$project"
