#!/usr/bin/env bash
# Issue 4, item 3: migrate real applications that Debian ships on top of the catalog's clients and report, per
# rule, the converted call sites and the findings; every rewritten file must compile under python3.
# Nothing unpacked is kept: packages go to a temporary folder that is removed at exit.
#   scripts/real-code-check.sh [PACKAGE...]   (default: the packages below; needs apt-get, dpkg, jshell)
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGES=("$@")
if [ ${#PACKAGES[@]} -eq 0 ]; then
    PACKAGES=(python3-rq python3-django-redis mailman3 buildbot python3-flask-sqlalchemy python3-mongoengine
              elasticsearch-curator)
fi
JAR=target/unblock.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

projects=()
for pkg in "${PACKAGES[@]}"; do
    (cd "$WORK" && apt-get download -qq "$pkg" >/dev/null 2>&1) || { echo "skipped $pkg: apt-get download failed" >&2; continue; }
    deb=$(ls "$WORK"/"${pkg}"_*.deb | head -1)
    mkdir -p "$WORK/unpacked/$pkg"
    dpkg -x "$deb" "$WORK/unpacked/$pkg"
    src="$WORK/unpacked/$pkg/usr/lib/python3/dist-packages"
    [ -d "$src" ] || { echo "skipped $pkg: no Python modules in the package" >&2; continue; }
    projects+=("$pkg=$src")
done
[ ${#projects[@]} -gt 0 ] || { echo "no package could be unpacked" >&2; exit 1; }

export UNBLOCK_CHECK_PROJECTS
UNBLOCK_CHECK_PROJECTS=$(IFS=';'; echo "${projects[*]}")
export UNBLOCK_CHECK_OUT="$WORK/migrated"
mkdir -p "$UNBLOCK_CHECK_OUT"
jshell -q --class-path "$JAR" scripts/real-code-check.jsh

# every rewritten file must compile
failed=0
total=0
while IFS= read -r -d '' file; do
    total=$((total + 1))
    if ! python3 -c 'import sys; compile(open(sys.argv[1], "rb").read(), sys.argv[1], "exec")' "$file" 2>"$WORK/err"; then
        failed=$((failed + 1))
        echo "does not compile: ${file#"$UNBLOCK_CHECK_OUT"/}" >&2
        head -5 "$WORK/err" >&2
    fi
done < <(find "$UNBLOCK_CHECK_OUT" -name '*.py' -print0)
echo "rewritten files: $total, not compiling: $failed"
[ "$failed" -eq 0 ]
