#!/usr/bin/env bash
# Issue 10: do real projects' own test suites still run, and pass, after a full migration? Each project is checked
# out at a pinned commit into a temporary folder, its suite runs (pytest, JUnit XML), the copy is migrated in full
# with `unblock migrate --write`, and the suite runs again. Prints, per project, tests run/passed/failed/skipped
# before and after, and every test whose outcome changed (target: none). Nothing is kept; nothing is committed.
#   scripts/test-suites-check.sh [-v] [PROJECT...]        PROJECT: bugzilla gitlab influxdb rq sopel tweepy
#   or NAME=DIR[=PYTEST ARGS]: any project checked out in DIR (copied, its .git left out; pytest's arguments
#   default to none, so pytest finds the tests itself; `-o addopts=` drops a project's own options such as --cov)
# Sources: a git clone per project in $UNBLOCK_SUITES_CACHE (default ~/.cache/unblock/suites/NAME), made from
# GitHub on first use (or copy one there); sopel also comes from ~/.cache/unblock/repos/sopel when present.
# Needs git, java, /usr/bin/python3 (or UNBLOCK_PYTHON) with Debian's libraries: python3-pytest python3-requests
# python3-responses python3-requests-mock python3-mock python3-nose python3-dateutil python3-msgpack python3-tz
# python3-six python3-redis python3-click python3-croniter python3-psutil python3-sqlalchemy python3-dnspython
# python3-xmltodict python3-importlib-metadata python3-geoip2 python3-vcr python3-requests-oauthlib python3-yaml
# python3-requests-toolbelt python3-aiohttp python3-async-lru python3-httpx python3-aiosqlite, and redis-server (rq).
# UNBLOCK_JAR names another build of unblock. Suites run in a fresh network namespace (unshare -n, as root): offline,
# and rq's Redis on 127.0.0.1:6379 is private; elsewhere they run as they are. -v prints each suite's last lines and
# the findings. UNBLOCK_SUITE_TIMEOUT=S stops any one test after S seconds (python3-pytest-timeout), for suites with
# tests that wait on the network.
set -euo pipefail
cd "$(dirname "$0")/.."
HERE=$(pwd)
verbose=0
projects=()
for a in "$@"; do
    case "$a" in
        -v|--verbose) verbose=1 ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) projects+=("$a") ;;
    esac
done
[ ${#projects[@]} -gt 0 ] || projects=(bugzilla gitlab influxdb rq sopel tweepy)
[ "${UNBLOCK_SUITE_TIMEOUT:-}" ] && PYTEST_TIMEOUT=(--timeout "$UNBLOCK_SUITE_TIMEOUT") || PYTEST_TIMEOUT=()

# name | GitHub repository | commit | suite (pytest arguments) | needs (redis, egg-info)
spec() {
    case "$1" in
        bugzilla) echo "python-bugzilla/python-bugzilla|78f9ada45640778639e353b8331fae550b075779|tests|" ;;
        # the DataFrame client's tests need pandas
        influxdb) echo "influxdata/influxdb-python|bbe80ed32cf57b252be131d3edcda5ca610fc223|influxdb/tests --ignore=influxdb/tests/dataframe_client_test.py --ignore=influxdb/tests/influxdb08/dataframe_client_test.py|" ;;
        # v1.13.0: the release Debian 12 ships, for redis-py 4.3
        rq) echo "rq/rq|42ac7d4150951b5f5fba8be11573920c1e6f6e69|tests|redis" ;;
        # sopel reads its own version from the installed metadata
        sopel) echo "sopel-irc/sopel|3ea8c28923ebf334fc06ddf8b3d6487748fc8ccd|test|egg-info" ;;
        # v3.12.0, as Debian 12; the unit tests (the functional ones need a GitLab server)
        gitlab) echo "python-gitlab/python-gitlab|22b11db35196eb414f5095a587dc7e50a3fa3a0b|tests/unit|" ;;
        # v4.12.1, as Debian 12; its API tests replay recorded responses (vcrpy cassettes)
        tweepy) echo "tweepy/tweepy|cc8dd493b1ed04b48a6dd4e47eeb9a9064f83024|tests|" ;;
        *) return 1 ;;
    esac
}

PYTHON=${UNBLOCK_PYTHON:-/usr/bin/python3}
CACHE=${UNBLOCK_SUITES_CACHE:-$HOME/.cache/unblock/suites}
JAR=${UNBLOCK_JAR:-$HERE/target/unblock.jar}
[ -f "$JAR" ] || mvn -B -q package -DskipTests
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ISOLATE=()
if unshare -n true 2>/dev/null; then ISOLATE=(unshare -n); else echo "note: unshare -n unavailable: suites run with the network" >&2; fi

source_of() { # $1 name, $2 repository: a clone in the cache, made on first use
    local dir=$CACHE/$1
    if [ ! -d "$dir/.git" ] && [ ! -d "$dir/objects" ]; then
        mkdir -p "$CACHE"
        if [ "$1" = sopel ] && [ -d "$HOME/.cache/unblock/repos/sopel/.git" ]; then
            git clone -q "$HOME/.cache/unblock/repos/sopel" "$dir"
        else
            git clone -q "https://github.com/$2" "$dir" || { echo "cannot clone $2 into $dir" >&2; return 1; }
        fi
    fi
    echo "$dir"
}

# $1 project copy, $2 pytest arguments, $3 needs, $4 JUnit XML out, $5 log
run_suite() {
    local script="cd '$1'; "
    [ -n "${ISOLATE[*]}" ] && script+="ip link set lo up; "
    if [ "$3" = redis ]; then
        script+="redis-server --port 6379 --save '' --appendonly no --daemonize yes --logfile '$WORK/redis.log' >/dev/null; "
        script+="for i in 1 2 3 4 5 6 7 8 9 10; do redis-cli -p 6379 ping >/dev/null 2>&1 && break; sleep 0.3; done; "
    fi
    script+="timeout 1800 '$PYTHON' -m pytest -p no:cacheprovider -q -o junit_family=xunit1 --junitxml='$4' ${PYTEST_TIMEOUT[*]} $2; rc=\$?; "
    [ "$3" = redis ] && script+="redis-cli -p 6379 shutdown nosave >/dev/null 2>&1; "
    script+="exit \$rc"
    "${ISOLATE[@]}" bash -c "$script" >"$5" 2>&1 || true
}

status=0
rows=()
for name in "${projects[@]}"; do
    if [[ "$name" == *=* ]]; then # NAME=DIR[=PYTEST ARGS]: a local checkout
        IFS='=' read -r name dir suite <<<"$name"
        [ -d "$dir" ] || { echo "no folder $dir" >&2; exit 2; }
        repo=$dir; commit=local; needs=
        # a package reading its own version from the installed metadata (twine) needs it beside the sources
        { [ -f "$dir/setup.py" ] || [ -f "$dir/pyproject.toml" ]; } && needs=egg-info
        copy=$WORK/$name
        mkdir -p "$copy"
        tar -C "$dir" --exclude=.git -cf - . | tar -C "$copy" -xf -
    else
        IFS='|' read -r repo commit suite needs < <(spec "$name") || { echo "unknown project $name" >&2; exit 2; }
        src=$(source_of "$name" "$repo") || { status=1; continue; }
        copy=$WORK/$name
        git clone -q --no-checkout "$src" "$copy"
        git -C "$copy" checkout -q "$commit"
        rm -rf "$copy/.git"
    fi
    if [ "$needs" = egg-info ]; then
        (cd "$copy" && "$PYTHON" -c 'import setuptools; setuptools.setup()' -q egg_info >/dev/null 2>&1) \
            || echo "note: $name: setuptools could not write its metadata (egg_info); the suite runs without it" >&2
    fi
    echo "== $name ($repo @ ${commit:0:10}): $PYTHON -m pytest $suite" >&2
    run_suite "$copy" "$suite" "$needs" "$WORK/$name-before.xml" "$WORK/$name-before.log"
    java -jar "$JAR" migrate --write --exit-zero --root "$copy" "$copy" >"$WORK/$name-migrate.out" 2>"$WORK/$name-migrate.err" \
        || { echo "migrate failed on $name:" >&2; tail -5 "$WORK/$name-migrate.err" >&2; status=1; continue; }
    echo "   migrate: $(tail -1 "$WORK/$name-migrate.err")" >&2
    run_suite "$copy" "$suite" "$needs" "$WORK/$name-after.xml" "$WORK/$name-after.log"
    if [ $verbose = 1 ]; then
        grep -E '^[^ ]+:[0-9]+: UB' "$WORK/$name-migrate.err" >&2 || true
        tail -n 3 "$WORK/$name-before.log" "$WORK/$name-after.log" >&2
    fi
    rows+=("$name=$WORK/$name-before.xml=$WORK/$name-after.xml")
done
[ ${#rows[@]} -gt 0 ] || exit 1
"$PYTHON" scripts/test_suites_compare.py "${rows[@]}" || status=1
exit $status
