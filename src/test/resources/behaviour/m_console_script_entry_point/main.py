"""Runs the `pinger` console script the way pip's generated launcher runs it.

An installed console script is a file pip writes at install time: it imports the function that
pyproject.toml names under [project.scripts] and exits with whatever it returns. Its text lives
outside the project, so nothing in the sources shows that `main` is called without `await`.
"""
import sys
import tomllib

LAUNCHER = """\
import re
import sys
from {module} import {function}
if __name__ == "__main__":
    sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
    sys.exit({function}())
"""


def run_script(name, args):
    with open("pyproject.toml", "rb") as f:
        target = tomllib.load(f)["project"]["scripts"][name]
    module, function = target.split(":")
    code = compile(LAUNCHER.format(module=module, function=function), name, "exec")
    saved = sys.argv
    sys.argv = [name, *args]
    try:
        exec(code, {"__name__": "__main__"})
        return "returned without exiting"
    except SystemExit as exc:
        return f"exit code {exc.code}"
    finally:
        sys.argv = saved


print("up:", run_script("pinger", ["/json/a", "/status/204"]))
print("down:", run_script("pinger", ["--env", "staging", "/status/503", "/json/b"]))
