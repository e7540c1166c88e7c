from probes import KINDS, HttpProbe, make_probe


def run_checks(base, rules):
    lines = []
    for rule in rules:
        probe = make_probe(rule["type"], base + rule["path"])
        lines.append(f"{rule['type']} {rule['path']}: {probe.status} healthy={probe.healthy()}")
    return lines


def build_all(base, kind, paths):
    # the class arrives as a value from the table, then is called
    cls = KINDS[kind]
    return [cls(base + p) for p in paths]


def direct(base):
    # the same class constructed by name: awaited if its constructor becomes awaitable
    return HttpProbe(base + "/json/direct").healthy()
