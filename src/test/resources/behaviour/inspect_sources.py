"""Reports, for every .py file under a folder, its functions and the blocking calls left in it.

Used by the behaviour tests on migrated programs. One tab-separated record per line:
  def    FILE  QUALNAME  async|sync  FIRST_LINE  LAST_LINE  awaits|no-awaits
  block  FILE  LINE      WHAT        QUALNAME_OR_-
  class  FILE  QUALNAME  BASES (the last name of each base, comma-separated, or -)
Names resolve through imports, so `import requests as r; r.get(...)` and `from time import sleep`
are found too; text in comments and strings is not.
"""
import ast
import os
import sys

BLOCKING_CALLS = {"time.sleep", "urllib.request.urlopen"}
BLOCKING_MODULES = ("requests",)


def dotted(node):
    """`a.b.c` for a chain of attributes on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def awaits_directly(func):
    """True if the body awaits, not counting nested functions, lambdas or classes."""
    todo = list(ast.iter_child_nodes(func))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, (ast.Await, ast.AsyncFor, ast.AsyncWith)):
            return True
        if isinstance(node, ast.comprehension) and node.is_async:
            return True
        todo.extend(ast.iter_child_nodes(node))
    return False


class Inspector(ast.NodeVisitor):
    def __init__(self, path):
        self.path = path
        self.imports = {}
        self.scope = []
        self.async_scope = []

    def visit_Import(self, node):
        for alias in node.names:
            if alias.asname:
                self.imports[alias.asname] = alias.name
            else:
                root = alias.name.split(".")[0]
                self.imports[root] = root

    def visit_ImportFrom(self, node):
        if node.level == 0 and node.module:
            for alias in node.names:
                self.imports[alias.asname or alias.name] = node.module + "." + alias.name

    def resolve(self, node):
        name = dotted(node)
        if name is None:
            return None
        root, _, rest = name.partition(".")
        if root not in self.imports:
            return None
        return self.imports[root] + ("." + rest if rest else "")

    def report(self, node, what):
        where = ".".join(self.scope) or "-"
        print(f"block\t{self.path}\t{node.lineno}\t{what}\t{where}")

    def visit_function(self, node, is_async):
        self.scope.append(node.name)
        self.async_scope.append(is_async)
        kind = "async" if is_async else "sync"
        awaits = "awaits" if awaits_directly(node) else "no-awaits"
        print(f"def\t{self.path}\t{'.'.join(self.scope)}\t{kind}\t{node.lineno}\t{node.end_lineno}\t{awaits}")
        self.generic_visit(node)
        self.async_scope.pop()
        self.scope.pop()

    def visit_FunctionDef(self, node):
        self.visit_function(node, False)

    def visit_AsyncFunctionDef(self, node):
        self.visit_function(node, True)

    def visit_ClassDef(self, node):
        bases = [b.attr if isinstance(b, ast.Attribute) else b.id for b in node.bases
                 if isinstance(b, (ast.Attribute, ast.Name))]
        print(f"class\t{self.path}\t{'.'.join(self.scope + [node.name])}\t{','.join(bases) or '-'}")
        self.scope.append(node.name)
        self.async_scope.append(False)
        self.generic_visit(node)
        self.async_scope.pop()
        self.scope.pop()

    def visit_Lambda(self, node):
        # a lambda is a synchronous scope of its own
        self.async_scope.append(False)
        self.generic_visit(node)
        self.async_scope.pop()

    def visit_Attribute(self, node):
        self.check_module_use(node)

    def visit_Name(self, node):
        self.check_module_use(node)

    def check_module_use(self, node):
        target = self.resolve(node)
        if target and target.split(".")[0] in BLOCKING_MODULES:
            self.report(node, target)
        else:
            self.generic_visit(node)

    def visit_Call(self, node):
        target = self.resolve(node.func)
        in_async = bool(self.async_scope) and self.async_scope[-1]
        if target in BLOCKING_CALLS:
            self.report(node, target)
        elif isinstance(node.func, ast.Name) and node.func.id == "open" and in_async:
            # the built-in open() inside a coroutine blocks the event loop
            self.report(node, "open")
        self.generic_visit(node)


def main(root):
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, "rb") as f:
                    tree = ast.parse(f.read(), path)
                Inspector(os.path.relpath(path, root).replace(os.sep, "/")).visit(tree)


if __name__ == "__main__":
    main(sys.argv[1])
