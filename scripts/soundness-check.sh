#!/usr/bin/env bash
# Issue 9: is the migration sound on real code? Each project is copied into a temporary folder, migrated in
# full with `unblock migrate --write`, and type-checked before and after with pyright; the script prints the
# diagnostics the migration added (target: 0) and, per client family, the blocking call sites converted / left
# sync with a finding / left sync silently (target: silent 0). Nothing is kept; the projects are not touched.
#   scripts/soundness-check.sh [-v] [--full] [--no-pyright] [--json FILE] [PROJECT...]
# PROJECT is a Debian package (its Python modules are downloaded with apt-get download + dpkg -x) or NAME=DIR
# (any folder, e.g. a public repository checked out elsewhere). Default: the Debian packages below.
# -v lists every added diagnostic and every silent call site; --full type-checks every file instead of the
# changed files and those that import them (same answers, slower); --no-pyright only migrates and reports
# coverage (quick).
# Needs apt-get/dpkg for packages, node+npm (pyright 1.1.414 is installed into $UNBLOCK_PYRIGHT_HOME, default
# ~/.cache/unblock/pyright, or set UNBLOCK_PYRIGHT to a pyright executable), java and /usr/bin/python3 (or
# UNBLOCK_PYTHON), whose libraries supply the types: install the checked packages' dependencies (e.g.
# apt-get install <package>) for a check that sees their types.
set -euo pipefail
cd "$(dirname "$0")/.."
PYRIGHT_VERSION=1.1.414
options=()
projects=()
while [ $# -gt 0 ]; do
    case "$1" in
        -v|--verbose|--full|--no-pyright) options+=("$1") ;;
        --json) options+=("$1" "$2"); shift ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) projects+=("$1") ;;
    esac
    shift
done
if [ ${#projects[@]} -eq 0 ]; then
    projects=(python3-rq python3-django-rq python3-elasticsearch-curator python3-jenkins python3-influxdb
              python3-bugzilla python3-gitlab python3-docker python3-tweepy python3-mastodon
              python3-flask-sqlalchemy python3-mongoengine)
fi

pyright=${UNBLOCK_PYRIGHT:-}
if [ -z "$pyright" ]; then
    home=${UNBLOCK_PYRIGHT_HOME:-$HOME/.cache/unblock/pyright}
    pyright=$home/node_modules/.bin/pyright
    if [ ! -x "$pyright" ] || ! "$pyright" --version 2>/dev/null | grep -q "$PYRIGHT_VERSION"; then
        command -v npm >/dev/null || { echo "npm is needed to install pyright (apt-get install nodejs npm)" >&2; exit 2; }
        mkdir -p "$home"
        npm install --prefix "$home" --no-audit --no-fund --silent "pyright@$PYRIGHT_VERSION" >&2
    fi
fi

JAR=${UNBLOCK_JAR:-target/unblock.jar}  # another build to check (a copy, so a rebuild meanwhile changes nothing)
[ -f "$JAR" ] || mvn -B -q package -DskipTests
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

. scripts/debian-sources.sh
pairs=()
for project in "${projects[@]}"; do
    if [[ "$project" == *=* ]]; then
        pairs+=("$project")
        continue
    fi
    src=$(debian_python_sources "$project" "$WORK") || continue
    pairs+=("$project $(dpkg-deb -f "$(ls "$WORK"/"${project}"_*.deb | head -1)" Version)=$src")
done
[ ${#pairs[@]} -gt 0 ] || { echo "no project to check" >&2; exit 2; }

PYTHON=${UNBLOCK_PYTHON:-/usr/bin/python3}
"$PYTHON" -u scripts/soundness_check.py --unblock "java -jar $JAR" --pyright "$pyright" --python "$PYTHON" \
    "${options[@]}" "${pairs[@]}"
