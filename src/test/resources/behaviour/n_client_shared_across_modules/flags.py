from http_client import BASE, session


def beta_enabled(env):
    # a flag read through the shared session: if it returned a coroutine it would always be truthy
    return "beta" in session.get(f"{BASE}/config/{env}", timeout=5).json()["features"]


def sent_header():
    return session.get(f"{BASE}/echo/whoami", timeout=5).json()["headers"].get("x-app")
