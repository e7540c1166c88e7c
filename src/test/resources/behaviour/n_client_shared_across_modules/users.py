from http_client import BASE, session


def fetch_user(user_id):
    resp = session.get(f"{BASE}/users/{user_id}", timeout=5)
    resp.raise_for_status()
    return resp.json()


def fetch_users(ids):
    return [fetch_user(i) for i in ids]
