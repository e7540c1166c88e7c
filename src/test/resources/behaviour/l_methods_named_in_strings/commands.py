"""A tiny command shell: commands are methods found by name, the way cmd.Cmd finds do_<name>."""
import requests


class Shell:
    def __init__(self, base):
        self.base = base

    def do_user(self, arg):
        resp = requests.get(f"{self.base}/users/{arg}", timeout=5)
        resp.raise_for_status()
        return resp.json()["name"]

    def do_rank(self, arg):
        return requests.get(f"{self.base}/rank/{arg}", timeout=5).json()["rank"]

    def do_shout(self, arg):
        return arg.upper()

    def onecmd(self, line):
        name, _, arg = line.partition(" ")
        handler = getattr(self, "do_" + name, None)
        if handler is None:
            return f"unknown command {name!r}"
        return handler(arg)

