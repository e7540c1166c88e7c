"""Health checks with a short-lived session, and a probe of a port nobody listens on."""
import os

import requests


def check_paths(base, paths):
    results = []
    with requests.Session() as session:
        for path in paths:
            resp = session.get(base + path)
            results.append((path, resp.status_code, resp.ok))
    return results


def probe_closed_port():
    try:
        requests.get(os.environ["UNBLOCK_TEST_CLOSED_URL"], timeout=5)
    except requests.exceptions.ConnectionError:
        return "closed port: connection refused"
    return "closed port: answered"
