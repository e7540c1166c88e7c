"""A storage keeping one session per thread, as SQLAlchemy's scoped_session does."""
import threading

_local = threading.local()
closes = {"count": 0, "without_session": 0}


def session():
    if getattr(_local, "session", None) is None:
        _local.session = {"reads": 0}
    return _local.session


def close():
    if getattr(_local, "session", None) is None:
        closes["without_session"] += 1
    closes["count"] += 1
    _local.session = None
