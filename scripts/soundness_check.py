#!/usr/bin/env python3
"""Issue 9's real-code soundness check: migrate whole projects and type-check them before and after.

For each project (name=folder) the folder is copied twice into a temporary folder (the original is never
touched), one copy is migrated in place with `unblock migrate --write`, and pyright checks both copies. A
diagnostic of the migrated copy that has no counterpart in the original is one the migration ADDED. The
script also estimates, per client family, the blocking call sites converted / left sync with a finding /
left sync silently (or prints the engine's own numbers when its JSON has a "coverage" section).

Run by scripts/soundness-check.sh, which fetches Debian packages, installs pyright and builds the jar.
  soundness_check.py --unblock CMD --pyright PATH [--verbose] [--full] [--json FILE] NAME=DIR...
Exit status: 0 when no project gained a diagnostic and no call site was left sync silently, 1 otherwise,
2 for bad usage.
"""
import argparse
import ast
import collections
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# The two copies of a project, side by side; pyright names modules from the folder above them, so a message may
# say `_unblock_migrated.pkg.Class`: the folder names are taken out of messages before they are compared.
ORIGINAL, MIGRATED = "_unblock_original", "_unblock_migrated"
IGNORED_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".tox", ".venv", "venv", ".mypy_cache"}

# What an added diagnostic means, tried in order: the first (rule pattern, message pattern) that matches names it.
CATEGORIES = [
    ("un-awaited coroutine", r"reportUnusedCoroutine", r""),
    ("async override of a sync method", r"reportIncompatibleMethodOverride", r""),
    ("awaiting what is not awaitable", r".*", r"is not awaitable|\"__await__\" method not defined"),
    ("async for/with on a sync object", r".*",
     r"\"__aiter__\"|\"__anext__\"|\"__aenter__\"|\"__aexit__\"|used with \"async with\"|async for"),
    ("async generator iterated synchronously", r".*", r"\"Async(Iterator|Generator|Iterable)\[[^\"]*\" is not iterable"),
    ("attribute read off a coroutine", r"reportAttributeAccessIssue|reportOptionalMemberAccess",
     r"class \"(Coroutine|CoroutineType)"),
    ("coroutine used as a value", r".*", r"Coroutine(Type)?\["),
    ("wrong arguments to a call", r"reportCallIssue|reportArgumentType", r""),
    ("unknown name or attribute", r"reportAttributeAccessIssue|reportUndefinedVariable|reportPossiblyUnbound",
     r""),
    ("unresolved import", r"reportMissingImports|reportMissingModuleSource", r""),
]

# Diagnostics that depend on which version of a library is installed here rather than on the migration.
# Each entry: (rule pattern, message pattern, why it is filtered). Everything filtered is printed.
VERSION_FILTERS = [
    (r"reportMissingImports|reportMissingModuleSource", r"^Import \"(?P<module>[\w.]+)\" could not be resolved",
     "the library is not installed here (a target the plan adds as a dependency)"),
]
# redis-py (4.x here) annotates its command methods, shared by the sync and the asyncio client, as
# Union[Awaitable[T], T]; pyright then rejects `await r.rpush(...)` on an asyncio client as awaiting T, and would
# say the same on a sync client: the diagnostic carries no signal about the migration.
# Django's async ORM API by the version that added it; Debian 12 has Django 3.2, which has none of it.
DJANGO_ASYNC_API = {
    "4.1": "aget acreate aget_or_create aupdate_or_create abulk_create abulk_update acount ain_bulk aiterator alatest "
           "aearliest afirst alast aaggregate aexists acontains aupdate adelete aexplain",
    "4.2": "asave adelete arefresh_from_db aadd aremove aclear aset",
    "5.0": "aget_object_or_404 aget_list_or_404",
}
DJANGO_ATTRIBUTE = ("reportAttributeAccessIssue", r'^Cannot access attribute "(?P<name>a\w+)" for class')
REDIS_UNION = ("reportGeneralTypeIssues", r'^"(?P<type>[\w.]+)(\[[^"]*\])?" is not awaitable')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unblock", default="java -jar target/unblock.jar", help="command that runs unblock")
    parser.add_argument("--pyright", required=True, help="the pyright executable (1.1.414)")
    parser.add_argument("--python", default="/usr/bin/python3", help="interpreter whose libraries supply types")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every added diagnostic")
    parser.add_argument("--full", action="store_true",
                        help="type-check every file, not only the changed ones and those that import them")
    parser.add_argument("--json", help="write a machine-readable summary to this file")
    parser.add_argument("--no-pyright", action="store_true", help="only migrate and report coverage (quick)")
    parser.add_argument("projects", nargs="+", metavar="NAME=DIR")
    args = parser.parse_args()
    projects = []
    for spec in args.projects:
        name, sep, folder = spec.partition("=")
        if not sep or not name or not os.path.isdir(folder):
            parser.error("not NAME=DIR with an existing folder: %s" % spec)
        projects.append((name, os.path.abspath(folder)))

    print("pyright %s, types from %s: %s" % (pyright_version(args.pyright), args.python, library_versions(args.python)))
    work = tempfile.mkdtemp(prefix="unblock-soundness-")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the temporary folder is removed
    results = []
    try:
        for name, folder in projects:
            started = time.monotonic()
            result = check_project(name, folder, os.path.join(work, safe(name)), args)
            result["seconds"] = round(time.monotonic() - started, 1)
            results.append(result)
            report(result, args.verbose)
            shutil.rmtree(os.path.join(work, safe(name)), ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    failed = summarize(results)
    if args.json:
        with open(args.json, "w") as out:
            json.dump({"projects": results}, out, indent=1)
    sys.exit(1 if failed else 0)


def safe(name):
    return re.sub(r"[^\w.-]", "_", name)


# ---------------------------------------------------------------------------------------------------- one project

def check_project(name, folder, work, args):
    before, after = os.path.join(work, ORIGINAL), os.path.join(work, MIGRATED)
    copy_tree(folder, before)
    copy_tree(folder, after)
    sources = python_files(before)
    unblock = shlex.split(args.unblock)
    # --exit-zero: a file that does not parse (a template named .py, test data) is a finding here, not a failure
    plan = run_json(unblock + ["migrate", "--exit-zero", "--format", "json", before])
    run(unblock + ["migrate", "--exit-zero", "--write", after])
    second = run_json(unblock + ["migrate", "--exit-zero", "--format", "json", after])
    changed = sorted(p for p in python_files(after) if p not in sources or read(before, p) != read(after, p))
    result = {
        "name": name, "path": folder, "files": len(sources),
        "lines": sum(read(before, p).count("\n") for p in sources),
        "filesChanged": len(changed), "findings": len(plan.get("findings", [])),
        "secondRunFindings": len(second.get("findings", [])),
        "secondRunChanges": [f["path"] for f in second.get("files", [])],
        "dependencies": [d.get("add") for d in plan.get("dependencies", [])],
        "diagnosticsBefore": 0, "diagnosticsAfter": 0, "added": [], "filtered": [], "removed": 0,
        "checked": 0,
    }
    result["coverage"] = coverage(before, after, plan, second)
    result["vanishedFindings"] = vanished_findings(before, after, plan, second)
    if not changed or args.no_pyright:
        return result
    scope = sorted(python_files(after)) if args.full else sorted(importers_of(after, changed))
    result["checked"] = len(scope)
    diags = pyright(args, work, {ORIGINAL: [p for p in scope if p in sources], MIGRATED: scope})
    diags_before, diags_after = diags.get(ORIGINAL, []), diags.get(MIGRATED, [])
    result["diagnosticsBefore"], result["diagnosticsAfter"] = len(diags_before), len(diags_after)
    added, removed = added_diagnostics(diags_before, diags_after, before, after)
    result["removed"] = removed
    for d in added:
        why = version_dependent(d, args.python, result["dependencies"])
        if why:
            d["filtered"] = why
            result["filtered"].append(d)
        else:
            d["category"] = category(d)
            result["added"].append(d)
    return result


def copy_tree(src, dst):
    shutil.copytree(src, dst, symlinks=True, ignore=lambda d, names: [n for n in names if n in IGNORED_DIRS])


def python_files(root):
    found = set()
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in IGNORED_DIRS]
        for f in files:
            if f.endswith(".py"):
                found.add(os.path.relpath(os.path.join(folder, f), root))
    return found


def read(root, rel):
    try:
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def run(cmd):
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit("failed (%d): %s\n%s" % (done.returncode, " ".join(cmd), done.stderr[-2000:]))
    return done.stdout


def run_json(cmd):
    return json.loads(run(cmd))


# ------------------------------------------------------------------------------------------- what pyright must see

def module_names(rel):
    """Every dotted name the file could be imported as (each suffix of its path, for src/ layouts)."""
    parts = rel[:-3].split(os.sep)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return [".".join(parts[i:]) for i in range(len(parts)) if parts[i:]]


def imported_modules(root, rel):
    """Dotted names a file imports (absolute, relative ones resolved), with every parent package."""
    try:
        tree = ast.parse(read(root, rel))
    except (SyntaxError, ValueError):
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            prefix = from_module(rel, node)
            names.add(prefix)
            names.update(prefix + "." + a.name if prefix else a.name for a in node.names)
    with_parents = set()
    for n in names:
        parts = n.split(".")
        with_parents.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return with_parents


def from_module(rel, node):
    """The dotted module a `from ... import` in file rel names, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = rel.split(os.sep)[:-1]
    base = package[:len(package) - node.level + 1] if node.level > 1 else package
    return ".".join(base + ([node.module] if node.module else []))


def importers_of(root, changed):
    """The changed files and every file that imports one of them, directly or through others. A file outside
    this set sees exactly the same code before and after, so its diagnostics cannot change."""
    files = python_files(root)
    by_name = collections.defaultdict(set)
    for f in files:
        for n in module_names(f):
            by_name[n].add(f)
    importers = collections.defaultdict(set)
    for f in files:
        for n in imported_modules(root, f):
            for target in by_name.get(n, ()):
                importers[target].add(f)
    scope, todo = set(changed), list(changed)
    while todo:
        for f in importers[todo.pop()]:
            if f not in scope:
                scope.add(f)
                todo.append(f)
    return scope


def pyright(args, work, trees):
    """Diagnostics per tree ({folder name: files to check}), from ONE pyright run with an execution environment
    per tree: each resolves its own modules from its root, and the libraries are analysed once for both."""
    trees = {name: files for name, files in trees.items() if files}
    if not trees:
        return {}
    config = os.path.join(work, "pyrightconfig.json")
    with open(config, "w") as f:
        json.dump({"include": [os.path.join(t, p) for t, files in trees.items() for p in files],
                   "executionEnvironments": [{"root": t} for t in trees],
                   "typeCheckingMode": "standard"}, f)
    done = subprocess.run([args.pyright, "--outputjson", "--pythonpath", args.python, "-p", config], cwd=work,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out = json.loads(done.stdout)
    except ValueError:
        raise SystemExit("pyright failed (%d) in %s:\n%s%s" % (done.returncode, work, done.stdout[-2000:],
                                                                done.stderr[-2000:]))
    diags = {t: [] for t in trees}
    for d in out.get("generalDiagnostics", []):
        tree = os.path.relpath(d.get("file", ""), work).split(os.sep)[0]
        if d.get("severity") not in ("error", "warning") or tree not in trees:
            continue
        root = os.path.join(work, tree)
        rel = os.path.relpath(d["file"], root)
        # a diagnostic about a whole file (an import cycle, a config problem) comes without a range
        start = d.get("range", {}).get("start", {"line": 0, "character": 0})
        line = start["line"]
        diags[tree].append({"file": rel, "line": line + 1, "column": start["character"],
                            "rule": d.get("rule", ""),
                            "message": without_copy_names(d["message"].replace(root + os.sep, "")),
                            "severity": d["severity"], "text": source_line(root, rel, line),
                            "source": raw_line(root, rel, line)})
    return diags


_lines_cache = {}


def raw_line(root, rel, index):
    key = (root, rel)
    if key not in _lines_cache:
        _lines_cache[key] = read(root, rel).splitlines()
    lines = _lines_cache[key]
    return lines[index] if 0 <= index < len(lines) else ""


def source_line(root, rel, index):
    return raw_line(root, rel, index).strip()


# ------------------------------------------------------------------------------------------------ what was added

def normalized(message):
    return re.sub(r"\bline \d+", "line N", message)


def without_copy_names(message):
    return re.sub(r"\b(%s|%s)\." % (ORIGINAL, MIGRATED), "", message)


def added_diagnostics(before, after, before_root, after_root):
    """Diagnostics of `after` with no counterpart in `before`. Lines move when edits add or remove lines, so a
    diagnostic matches one of the same file, rule and message (line numbers inside messages ignored): first on
    a source line with the same text, then the nearest one by position among those left; last, one of the same
    rule on the same source text but for `await`/`async`."""
    pools = collections.defaultdict(list)
    for d in before:
        pools[(d["file"], d["rule"], normalized(d["message"]))].append(d)
    unmatched = []
    for key in {(d["file"], d["rule"], normalized(d["message"])) for d in after}:
        olds = pools.get(key, [])
        news = sorted((d for d in after if (d["file"], d["rule"], normalized(d["message"])) == key),
                      key=lambda d: d["line"])
        left = []
        for d in news:
            same = next((o for o in olds if o["text"] == d["text"]), None)
            if same is not None:
                olds.remove(same)
            else:
                left.append(d)
        for d in left:
            if olds:
                # the old one at the same relative position (lines shift by what was inserted above)
                olds.remove(min(olds, key=lambda o: abs(o["line"] - d["line"])))
            else:
                unmatched.append(d)
    # Last, a diagnostic of the same rule on the same statement, once `await`/`async` are taken out: the
    # migration changed the types named in the message (open() -> aiofiles.open()), not the problem.
    by_text = collections.defaultdict(list)
    for olds in pools.values():
        for o in olds:
            by_text[(o["file"], o["rule"], without_async(o["text"]))].append(o)
    added = []
    for d in unmatched:
        olds = by_text.get((d["file"], d["rule"], without_async(d["text"])))
        if olds:
            pools[(olds[0]["file"], olds[0]["rule"], normalized(olds[0]["message"]))].remove(olds[0])
            olds.pop(0)
        else:
            added.append(d)
    unmatched = added
    removed = sum(len(v) for v in pools.values())
    return sorted(unmatched, key=lambda d: (d["file"], d["line"])), removed


def without_async(text):
    return re.sub(r"\b(await|async)\s+", "", text)


def category(d):
    for name, rule, message in CATEGORIES:
        if re.fullmatch(rule, d["rule"] or "") and re.search(message, d["message"]):
            return name
    return "other"


_importable = {}


def version_dependent(d, python, dependencies):
    """Why this diagnostic depends on what is installed here rather than on the migration, or None. Only
    libraries the plan names as dependencies qualify: an unresolved import of anything else is a real error."""
    targets = {re.split(r"[\[<>=!~ ]", dep or "")[0].lower().replace("-", "_") for dep in dependencies}
    for rule, message, why in VERSION_FILTERS:
        m = re.search(message, d["message"])
        if not re.fullmatch(rule, d["rule"] or "") or not m:
            continue
        module = m.group("module")
        if module.split(".")[0].lower() in targets and not importable(python, module):
            return "%s: %s" % (why, module)
    m = re.search(DJANGO_ATTRIBUTE[1], d["message"])
    if d["rule"] == DJANGO_ATTRIBUTE[0] and m:
        since = next((v for v, names in sorted(DJANGO_ASYNC_API.items()) if m.group("name") in names.split()), None)
        installed = django_version(python)
        if since and version_tuple(installed) < version_tuple(since):
            return "Django %s is installed here; %s() is Django %s's async ORM API" % (installed, m.group("name"),
                                                                                    since)
    m = re.search(REDIS_UNION[1], d["message"])
    if d["rule"] == REDIS_UNION[0] and m:
        call = re.match(r"(await\s+)?[\w.\[\]'\"]*\.(\w+)\(", d["source"][d["column"]:])
        returns = redis_union_returns(python)
        if call and returns.get(call.group(2)) == m.group("type"):
            return "redis-py %s annotates %s() as Union[Awaitable[%s], %s] for sync and asyncio clients alike" % (
                returns["__version__"], call.group(2), m.group("type"), m.group("type"))
    return None


def version_tuple(text):
    return tuple(int(n) for n in re.findall(r"\d+", text)[:3]) if text else ()


_django_version = []


def django_version(python):
    if not _django_version:
        done = subprocess.run([python, "-c", "import django; print(django.get_version())"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
        _django_version.append(done.stdout.strip())
    return _django_version[0]


_redis_union = {}


def redis_union_returns(python):
    """Command name -> T for the redis-py commands annotated Union[Awaitable[T], T] in the installed version."""
    if not _redis_union:
        probe = ("import re, redis, redis.asyncio\n"
                 "print('__version__', redis.__version__)\n"
                 "for n in dir(redis.asyncio.Redis):\n"
                 "    a = str(getattr(getattr(redis.asyncio.Redis, n), '__annotations__', {}).get('return', ''))\n"
                 "    m = re.fullmatch(r'typing.Union\\[typing.Awaitable\\[(\\w+)[^,]*, (\\w+).*\\]', a)\n"
                 "    if m and m.group(1) == m.group(2): print(n, m.group(1))\n")
        done = subprocess.run([python, "-c", probe], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        _redis_union.update(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
        _redis_union.setdefault("__version__", "(not installed)")
    return _redis_union


def importable(python, module):
    if module not in _importable:
        probe = "import importlib.util,sys; sys.exit(0 if importlib.util.find_spec(%r) else 1)" % module
        _importable[module] = subprocess.run([python, "-c", probe], stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL).returncode == 0
    return _importable[module]


# ------------------------------------------------------------------------------------------------------- coverage

FAMILIES = ["http", "redis", "mongo", "elasticsearch", "sqlalchemy", "django", "stdlib"]


def coverage(before, after, plan, second):
    """Per client family: call sites converted / left sync with a finding / left sync silently. The engine's own
    numbers when its JSON has them; else this script's estimate from an independent scan of blocking calls in
    the original and in the migrated copy, matched with the findings of a second run over the migrated copy."""
    engine = plan.get("coverage")
    findings = collections.defaultdict(set)
    for f in second.get("findings", []):
        findings[f["path"]].add(f["line"])
    estimate = {fam: {"converted": 0, "finding": 0, "silent": 0} for fam in FAMILIES}
    silent_sites = []
    original = BlockingCalls.scan_tree(before, after)
    migrated = BlockingCalls.scan_tree(after, after)
    for fam in FAMILIES:
        per_file_before = collections.Counter(s["file"] for s in original if s["family"] == fam)
        per_file_after = collections.Counter(s["file"] for s in migrated if s["family"] == fam)
        estimate[fam]["converted"] = sum(max(0, n - per_file_after.get(f, 0)) for f, n in per_file_before.items())
        for s in migrated:
            if s["family"] != fam:
                continue
            if any(line in findings[s["file"]] for line in range(s["line"], s["end"] + 1)):
                estimate[fam]["finding"] += 1
            else:
                estimate[fam]["silent"] += 1
                silent_sites.append(s)
    return {"engine": engine, "estimate": estimate, "silentSites": silent_sites}


def vanished_findings(before, after, plan, second):
    """Findings of the first run about a blocking call left sync that the second run no longer reports, while
    the line they were about is still in the migrated file (issue 9, pattern 8)."""
    def key(f):
        # the call it is about, not the reason: the reason may name lines the migration moved (`x` at mod.py:254)
        return f["path"], f["message"].split(" left synchronous")[0]

    again = collections.Counter(key(f) for f in second.get("findings", []))
    gone = []
    for f in plan.get("findings", []):
        if not f["message"].startswith("blocking call"):
            continue
        key_ = key(f)
        if again[key_]:
            again[key_] -= 1
            continue
        text = source_line(before, f["path"], f["line"] - 1)
        if text and text in {l.strip() for l in read(after, f["path"]).splitlines()}:
            gone.append(f)
    return gone


def async_functions(root, rel):
    """Qualified names (Class.method, f.inner) of the async functions in a file."""
    try:
        tree = ast.parse(read(root, rel))
    except (SyntaxError, ValueError):
        return set()
    found = set()

    def walk(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + child.name
                if isinstance(child, ast.AsyncFunctionDef):
                    found.add(name)
                walk(child, name + ".")
            else:
                walk(child, prefix)
    walk(tree, "")
    return found


class BlockingCalls(ast.NodeVisitor):
    """An independent, module-local estimate of the catalog's blocking call sites: calls through names
    imported from the libraries, and method calls on variables or attributes (self.x) assigned a sync client
    in the same file. It cannot follow clients across modules or through parameters, so it undercounts."""

    HTTP_FUNCS = {"get", "post", "put", "patch", "delete", "head", "options", "request"}
    CONSTRUCTORS = {
        "requests.Session": "http.client", "requests.session": "http.client",
        "requests.sessions.Session": "http.client",
        "redis.Redis": "redis.client", "redis.StrictRedis": "redis.client", "redis.from_url": "redis.client",
        "redis.Redis.from_url": "redis.client", "redis.StrictRedis.from_url": "redis.client",
        "redis.client.Redis": "redis.client", "redis.client.StrictRedis": "redis.client",
        "pymongo.MongoClient": "mongo.client", "pymongo.mongo_client.MongoClient": "mongo.client",
        "elasticsearch.Elasticsearch": "elasticsearch.client",
        "elasticsearch.client.Elasticsearch": "elasticsearch.client",
        "sqlalchemy.create_engine": "sqlalchemy.engine", "sqlalchemy.engine.create_engine": "sqlalchemy.engine",
        "sqlalchemy.orm.Session": "sqlalchemy.session", "sqlalchemy.orm.session.Session": "sqlalchemy.session",
        "sqlalchemy.orm.sessionmaker": "sqlalchemy.factory", "sqlalchemy.orm.scoped_session": "sqlalchemy.session",
        "flask_sqlalchemy.SQLAlchemy": "sqlalchemy.flask",
    }
    REDIS_NOT_IO = {"pipeline", "pubsub", "lock", "register_script", "connection_pool", "get_connection_kwargs",
                    "client", "monitor"}
    MONGO_IO = {"insert_one", "insert_many", "find_one", "update_one", "update_many", "replace_one",
                "delete_one", "delete_many", "count_documents", "estimated_document_count", "aggregate",
                "distinct", "create_index", "create_indexes", "drop_index", "drop", "bulk_write",
                "find_one_and_update", "find_one_and_delete", "find_one_and_replace", "list_collection_names",
                "command", "drop_database", "list_database_names", "server_info", "count", "insert", "update",
                "remove", "save"}
    ES_NAMESPACES = {"indices", "cluster", "cat", "nodes", "snapshot", "ingest", "tasks", "security", "ilm"}
    ES_NOT_IO = {"options", "transport", "close"}
    SQLA_IO = {"execute", "scalar", "scalars", "commit", "rollback", "flush", "refresh", "get", "merge",
               "connect", "begin", "delete", "create_all", "drop_all"}
    QUERY_TERMINALS = {"all", "first", "one", "one_or_none", "scalar", "count", "delete", "update", "get"}
    DJANGO_TERMINALS = {"get", "create", "get_or_create", "update_or_create", "count", "exists", "first", "last",
                        "update", "delete", "bulk_create", "bulk_update", "aggregate", "in_bulk", "latest",
                        "earliest", "iterator", "contains", "explain"}
    SUBPROCESS = {"run", "call", "check_call", "check_output", "getoutput", "getstatusoutput"}
    STDLIB_THREAD = {"urllib.request.urlopen", "socket.create_connection", "socket.getaddrinfo",
                     "socket.gethostbyname", "socket.gethostbyaddr", "ssl.get_server_certificate"}

    def __init__(self, rel, async_functions):
        self.rel = rel
        self.aliases = {}  # local name -> dotted name it was imported as
        self.kinds = {}  # (scope, "x") or (class, "x" of self.x) -> kind of client it holds
        self.sites = []
        self.scope = []  # enclosing classes and functions: (name, is async, "class" or "function")
        self.recording = True  # first passes record what variables hold, the last one collects call sites
        self.async_functions = async_functions  # qualified names of the functions async in the migrated file

    @classmethod
    def scan_tree(cls, root, migrated):
        """The sites in the files under root; `migrated` is the migrated copy, which says which functions are
        async after the migration (open() is a blocking call only there: file access alone makes nothing async)."""
        scanners = []
        for rel in sorted(python_files(root)):
            try:
                tree = ast.parse(read(root, rel))
            except (SyntaxError, ValueError):
                continue
            scanner = cls(rel, async_functions(migrated, rel))
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    scanner.imports(node)
            for _ in range(2):  # twice, so a use above the assignment in the text counts
                scanner.visit(tree)
            scanners.append((scanner, tree))
        # a client held by a module-level variable is the same client where another module imports that name
        exported = {}
        for scanner, _ in scanners:
            globals_ = {name: kind for (scope, name), kind in scanner.kinds.items() if scope == ()}
            for module in module_names(scanner.rel):
                exported.setdefault(module, globals_)
        sites = []
        for scanner, tree in scanners:
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom):
                    held = exported.get(from_module(scanner.rel, node), {})
                    for a in node.names:
                        if a.name in held:
                            scanner.kinds[((), a.asname or a.name)] = held[a.name]
            for _ in range(2):
                scanner.visit(tree)
            scanner.recording = False
            scanner.visit(tree)
            sites.extend(scanner.sites)
        return sites

    def imports(self, node):
        if isinstance(node, ast.Import):
            for a in node.names:
                self.aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif node.module and not node.level:
            for a in node.names:
                self.aliases[a.asname or a.name] = node.module + "." + a.name

    def dotted(self, expr):
        parts = []
        while isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        if isinstance(expr, ast.Name):
            parts.append(expr.id)
            return ".".join(reversed(parts))
        return None

    def qualified(self, expr):
        name = self.dotted(expr)
        if not name:
            return None
        head, _, rest = name.partition(".")
        if head not in self.aliases:
            return None
        return self.aliases[head] + ("." + rest if rest else "")

    def kind(self, expr):
        """What a receiver expression holds: a client kind, or None."""
        if isinstance(expr, ast.Call):
            q = self.qualified(expr.func)
            if q in self.CONSTRUCTORS:
                return self.CONSTRUCTORS[q]
            if isinstance(expr.func, ast.Attribute):
                inner = self.kind(expr.func.value)
                if inner == "redis.client" and expr.func.attr == "pipeline":
                    return "redis.pipeline"
                if inner == "sqlalchemy.engine" and expr.func.attr in ("connect", "begin"):
                    return "sqlalchemy.session"
                if inner in ("sqlalchemy.session", "sqlalchemy.flask.session") and expr.func.attr == "query":
                    return "sqlalchemy.query"
                if inner == "sqlalchemy.query" and expr.func.attr not in self.QUERY_TERMINALS:
                    return "sqlalchemy.query"
            if self.dotted(expr.func) and self.held_by(self.dotted(expr.func)) == "sqlalchemy.factory":
                return "sqlalchemy.session"
            return None
        if isinstance(expr, ast.Subscript):
            inner = self.kind(expr.value)
            return {"mongo.client": "mongo.db", "mongo.db": "mongo.collection"}.get(inner)
        if isinstance(expr, ast.Attribute):
            name = self.dotted(expr)
            if name and self.held_by(name):
                return self.held_by(name)
            inner = self.kind(expr.value)
            if inner == "mongo.client":
                return "mongo.db"
            if inner == "mongo.db":
                return "mongo.collection"
            if inner == "elasticsearch.client" and expr.attr in self.ES_NAMESPACES:
                return "elasticsearch.namespace"
            if inner == "sqlalchemy.flask" and expr.attr == "session":
                return "sqlalchemy.flask.session"
            return None
        if isinstance(expr, ast.Name):
            return self.held_by(expr.id)
        return None

    def scope_key(self):
        return tuple(n for n, _, _ in self.scope)

    def class_key(self):
        for i in range(len(self.scope) - 1, -1, -1):
            if self.scope[i][2] == "class":
                return ("class",) + tuple(n for n, _, _ in self.scope[:i + 1])
        return None

    def held_by(self, name):
        """What a variable (of this function, else of the module) or self attribute (of this class) holds."""
        if name.startswith(("self.", "cls.")):
            return self.kinds.get((self.class_key(), name.split(".", 1)[1]))
        return self.kinds.get((self.scope_key(), name)) or self.kinds.get(((), name))

    def remember(self, name, held):
        if name.startswith(("self.", "cls.")) and name.count(".") == 1 and self.class_key():
            self.kinds[(self.class_key(), name.split(".", 1)[1])] = held
        elif "." not in name:
            self.kinds[(self.scope_key(), name)] = held

    def visit_Assign(self, node):
        held = self.recording and self.kind(node.value)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target]) if held else []:
            if self.dotted(target):
                self.remember(self.dotted(target), held)
        self.generic_visit(node)

    def visit_AnnAssign(self, node):
        if node.value is not None:
            self.visit_Assign(node)
        else:
            self.generic_visit(node)

    def visit_ClassDef(self, node):
        self.scope.append((node.name, False, "class"))
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node):
        self.scope.append((node.name, isinstance(node, ast.AsyncFunctionDef), "function"))
        if self.recording:  # parameters annotated with a client class hold one
            for arg in node.args.args + node.args.kwonlyargs:
                q = self.qualified(arg.annotation) if arg.annotation is not None else None
                if q in self.CONSTRUCTORS and q.split(".")[-1][:1].isupper():
                    self.remember(arg.arg, self.CONSTRUCTORS[q])
        self.generic_visit(node)
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node):
        if self.recording:
            self.generic_visit(node)
            return
        fam = self.family(node)
        if fam == "stdlib" and isinstance(node.func, ast.Name):  # open(): only in code that is async after
            fam = fam if ".".join(n for n, _, _ in self.scope) in self.async_functions else None
        if fam:
            self.sites.append({"family": fam, "file": self.rel, "line": node.lineno,
                               "end": getattr(node, "end_lineno", node.lineno), "call": ast.unparse(node.func)})
        self.generic_visit(node)

    def family(self, node):
        q = self.qualified(node.func)
        if q:
            if q.startswith("requests.") and q.split(".")[-1] in self.HTTP_FUNCS and q.count(".") <= 2:
                return "http"
            if q.startswith("elasticsearch.helpers.") and q.split(".")[-1] in ("bulk", "scan", "streaming_bulk",
                                                                               "parallel_bulk", "reindex"):
                return "elasticsearch"
            if q == "time.sleep" or q in self.STDLIB_THREAD:
                return "stdlib"
            if q.startswith("subprocess.") and q.split(".")[-1] in self.SUBPROCESS:
                return "stdlib"
        if isinstance(node.func, ast.Name) and node.func.id == "open" and "open" not in self.aliases:
            return "stdlib"
        if not isinstance(node.func, ast.Attribute):
            return None
        method, receiver = node.func.attr, node.func.value
        held = self.kind(receiver)
        if held == "http.client" and method in self.HTTP_FUNCS | {"send"}:
            return "http"
        if held == "redis.client" and method not in self.REDIS_NOT_IO and not method.startswith("_"):
            return "redis"
        if held == "redis.pipeline" and method == "execute":
            return "redis"
        if held in ("mongo.collection", "mongo.db", "mongo.client") and method in self.MONGO_IO:
            return "mongo"
        if held in ("elasticsearch.client", "elasticsearch.namespace") and method not in self.ES_NOT_IO \
                and not method.startswith("_"):
            return "elasticsearch"
        if held in ("sqlalchemy.engine", "sqlalchemy.session", "sqlalchemy.flask.session") and method in self.SQLA_IO:
            return "sqlalchemy"
        if held == "sqlalchemy.query" and method in self.QUERY_TERMINALS:
            return "sqlalchemy"
        if method in self.DJANGO_TERMINALS and self.django_queryset(receiver):
            return "django"
        return None

    def django_queryset(self, expr):
        """X.objects or X.objects.<chain>(...) in a file that imports django."""
        if not any(v.startswith("django") for v in self.aliases.values()):
            return False
        while isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
            expr = expr.func.value
        return isinstance(expr, ast.Attribute) and expr.attr == "objects"


# -------------------------------------------------------------------------------------------------------- output

def report(r, verbose):
    print("\n== %s: %d files, %d lines; %d files changed, %d findings (second run: %d findings, %d files "
          "changed again); pyright checked %d files in %.0f s" % (
              r["name"], r["files"], r["lines"], r["filesChanged"], r["findings"], r["secondRunFindings"],
              len(r["secondRunChanges"]), r["checked"], r["seconds"]))
    print("   diagnostics before %d, after %d, ADDED %d (%d gone, %d filtered as library-version dependent)" % (
        r["diagnosticsBefore"], r["diagnosticsAfter"], len(r["added"]), r["removed"], len(r["filtered"])))
    by_cat = collections.Counter(d["category"] for d in r["added"])
    if by_cat:
        print("   added by category: " + ", ".join("%s %d" % kv for kv in by_cat.most_common()))
    for d in r["filtered"]:
        print("   filtered %s:%d %s %s -- %s" % (d["file"], d["line"], d["rule"], one_line(d["message"]),
                                                  d["filtered"]))
    if verbose:
        for d in r["added"]:
            print("   added %s:%d %s %s [%s]" % (d["file"], d["line"], d["rule"], one_line(d["message"]),
                                                 d["category"]))
    for path in r["secondRunChanges"]:
        print("   not idempotent: the second run changes %s again" % path)
    for f in r["vanishedFindings"]:
        print("   finding vanished on the second run: %s:%d %s" % (f["path"], f["line"], one_line(f["message"])))
    print_coverage(r["coverage"], "   ")
    if verbose:
        for s in r["coverage"]["silentSites"]:
            print("   silent %s:%d %s %s" % (s["file"], s["line"], s["family"], s["call"]))


def one_line(message):
    return " ".join(message.split())


def print_coverage(cov, indent):
    if cov.get("engine"):
        print(indent + "coverage (engine):   " + coverage_line(cov["engine"]))
    print(indent + "coverage (estimate): " + coverage_line(cov["estimate"]))


def coverage_line(table):
    parts = []
    for fam in sorted(table, key=lambda f: FAMILIES.index(f) if f in FAMILIES else 99):
        n = table[fam]
        if any(n.get(k, 0) for k in ("converted", "finding", "silent")):
            parts.append("%s %d/%d/%d" % (fam, n.get("converted", 0), n.get("finding", 0), n.get("silent", 0)))
    return (", ".join(parts) or "no catalog call sites") + "  (converted/finding/silent)"


def summarize(results):
    added = sum(len(r["added"]) for r in results)
    by_cat = collections.Counter(d["category"] for r in results for d in r["added"])
    print("\n== summary (added diagnostics per project, by category)")
    cats = [c for c, _ in by_cat.most_common()]
    short = {c: c.split()[0] + "-" + c.split()[-1] for c in cats}
    print("   %-28s %6s %6s %6s  %s" % ("project", "files", "chg", "added", "  ".join(short[c] for c in cats)))
    for r in results:
        n = collections.Counter(d["category"] for d in r["added"])
        print("   %-28s %6d %6d %6d  %s" % (r["name"][:28], r["files"], r["filesChanged"], len(r["added"]),
                                          "  ".join("%*d" % (len(short[c]), n.get(c, 0)) for c in cats)))
    for c in cats:
        print("   %s = %s" % (short[c], c))
    engine_total, estimate_total = {}, {}
    for r in results:
        for source, total in (("engine", engine_total), ("estimate", estimate_total)):
            for fam, n in (r["coverage"].get(source) or {}).items():
                t = total.setdefault(fam, {"converted": 0, "finding": 0, "silent": 0})
                for k in t:
                    t[k] += n.get(k, 0)
    print_coverage({"engine": engine_total, "estimate": estimate_total}, "   ")
    silent = sum(n["silent"] for n in (engine_total or estimate_total).values())
    print("TOTAL: %d projects, %d added diagnostics, %d call sites left sync silently (%s)" % (
        len(results), added, silent, "engine" if engine_total else "estimate"))
    return added > 0 or silent > 0


def pyright_version(exe):
    done = subprocess.run([exe, "--version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return done.stdout.strip().split()[-1] if done.stdout.strip() else "?"


def library_versions(python):
    probe = ("import importlib.metadata as m\n"
             "for n in ['requests','httpx','aiohttp','aiofiles','redis','pymongo','motor','elasticsearch',"
             "'SQLAlchemy','aiosqlite','Django','asgiref','Flask']:\n"
             "    try: print(n, m.version(n))\n"
             "    except Exception: print(n, 'missing')\n")
    done = subprocess.run([python, "-c", probe], stdout=subprocess.PIPE, text=True)
    return ", ".join(done.stdout.split("\n")[:-1])


if __name__ == "__main__":
    main()
