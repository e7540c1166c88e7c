"""Probes a running web app with the requests of a probes file, or compares two probe logs.

probe.py BASE_URL PROBES_FILE   prints one JSON line per answer: status, Location (the base URL replaced by
                                BASE), the methods of Allow (sorted: Werkzeug lists them in no set order), and the
                                body parsed as JSON, or its text.
probe.py --compare BEFORE AFTER prints what differs (nothing when the answers match): the status, the Location,
                                Allow (unless --no-allow follows), the JSON body; a text body only when the original is not an error or redirect page
                                of the framework (those are HTML pages Flask or Django write, FastAPI answers in JSON).

A probe line is `METHOD PATH [BODY]`; a body starting with { or [ is sent as application/json, `form:a=1&b=2` as a
form, any other text as text/plain. Blank lines and lines starting with # are skipped.
"""
import http.client
import json
import sys
import urllib.parse


def probe(base, probes_file):
    url = urllib.parse.urlsplit(base)
    for line in open(probes_file, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(" ", 2)
        method, path = parts[0], parts[1]
        body = parts[2] if len(parts) > 2 else None
        headers = {}
        if body is not None and body[:1] in "{[":
            headers["Content-Type"] = "application/json"
        elif body is not None and body.startswith("form:"):
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = body[len("form:"):]
        elif body is not None:
            headers["Content-Type"] = "text/plain"
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        conn.request(method, path, body=body.encode() if body is not None else None, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        location = resp.getheader("Location")
        if location and location.startswith(base):
            location = "BASE" + location[len(base):]
        allow = resp.getheader("Allow")
        methods = sorted({m.strip() for m in allow.split(",")}) if allow is not None else None
        answer = {"probe": line, "status": resp.status, "location": location, "allow": methods}
        try:
            answer["json"] = json.loads(raw)
        except ValueError:
            answer["text"] = raw.decode("utf-8", "replace")
        conn.close()
        print(json.dumps(answer, sort_keys=True))


FRAMEWORK_PAGES = (
    "<!doctype html>\n<html lang=en>\n<title>",  # werkzeug's
    '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>',  # Django's (DEBUG off)
    '\n<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta http-equiv="content-type"',  # Django's CSRF failure
)


def framework_page(answer):
    """One of werkzeug's or Django's own error and redirect pages (FastAPI answers those in JSON, or with an empty
    body)."""
    return answer["status"] >= 300 and answer.get("text", "").startswith(FRAMEWORK_PAGES)


def compare(before_file, after_file, allow=True):
    before = [json.loads(line) for line in open(before_file, encoding="utf-8") if line.strip()]
    after = [json.loads(line) for line in open(after_file, encoding="utf-8") if line.strip()]
    if len(before) != len(after):
        print(f"{len(before)} answers before, {len(after)} after")
    for b, a in zip(before, after):
        problems = []
        if b["status"] != a["status"]:
            problems.append(f"status {b['status']} became {a['status']}")
        if b["location"] != a["location"]:
            problems.append(f"Location {b['location']} became {a['location']}")
        if allow and b.get("allow") != a.get("allow"):
            problems.append(f"Allow {b.get('allow')} became {a.get('allow')}")
        if "json" in b and b["json"] != a.get("json"):
            problems.append(f"JSON body {json.dumps(b['json'])} became {json.dumps(a.get('json', a.get('text')))}")
        elif "text" in b and not framework_page(b) and b["text"] != a.get("text"):
            problems.append(f"body {b['text']!r} became {a.get('text', a.get('json'))!r}")
        if problems:
            print(b["probe"] + ": " + "; ".join(problems))


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        compare(sys.argv[2], sys.argv[3], allow="--no-allow" not in sys.argv[4:])
    else:
        probe(sys.argv[1], sys.argv[2])
