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
              python3-elasticsearch-curator)
fi
JAR=target/unblock.jar
[ -f "$JAR" ] || mvn -B -q package -DskipTests
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

. scripts/debian-sources.sh
projects=()
for pkg in "${PACKAGES[@]}"; do
    src=$(debian_python_sources "$pkg" "$WORK") || continue
    projects+=("$pkg=$src")
done
[ ${#projects[@]} -gt 0 ] || { echo "no package could be unpacked" >&2; exit 1; }

export UNBLOCK_CHECK_PROJECTS
UNBLOCK_CHECK_PROJECTS=$(IFS=';'; echo "${projects[*]}")
export UNBLOCK_CHECK_OUT="$WORK/migrated"
mkdir -p "$UNBLOCK_CHECK_OUT"
jshell -q --class-path "$JAR" scripts/real-code-check.jsh

# every rewritten file must compile, and every function made async must await something (DESIGN.md §4)
python3 - "$UNBLOCK_CHECK_OUT" "$WORK/original" <<'PY'
import ast, os, sys

root, originals = sys.argv[1], sys.argv[2]


def async_lines(path):
    """Names of the functions that were async def already in the original file."""
    try:
        tree = ast.parse(open(path, "rb").read())
    except (OSError, SyntaxError):
        return set()
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.AsyncFunctionDef)}


total = broken = idle = 0
for folder, _, files in os.walk(root):
    for name in sorted(files):
        if not name.endswith(".py"):
            continue
        path = os.path.join(folder, name)
        total += 1
        try:
            tree = compile(open(path, "rb").read(), path, "exec", ast.PyCF_ONLY_AST)
        except SyntaxError as e:
            broken += 1
            print("does not compile:", os.path.relpath(path, root), e, file=sys.stderr)
            continue
        was_async = async_lines(os.path.join(originals, os.path.relpath(path, root)))
        for node in ast.walk(tree):
            if isinstance(node, ast.AsyncFunctionDef) and not node.name.startswith("__") and node.name not in was_async:
                todo = list(node.body)
                awaits = False
                while todo and not awaits:
                    n = todo.pop()
                    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
                        continue
                    awaits = isinstance(n, (ast.Await, ast.AsyncFor, ast.AsyncWith)) or (
                        isinstance(n, ast.comprehension) and n.is_async)
                    todo.extend(ast.iter_child_nodes(n))
                if not awaits:
                    idle += 1
                    print("async def without await: %s:%d %s" % (os.path.relpath(path, root), node.lineno, node.name),
                          file=sys.stderr)
print("rewritten files: %d, not compiling: %d, functions made async that await nothing: %d" % (total, broken, idle))
sys.exit(1 if broken else 0)
PY
