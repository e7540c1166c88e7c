"""Serves a Flask app with Flask's own development server: serve_flask.py TARGET PORT.

TARGET is `module:name` (an app) or `module:factory()` (an app factory called without arguments).
"""
import importlib
import sys

sys.path.insert(0, ".")
target, port = sys.argv[1], int(sys.argv[2])
module_name, attribute = target.split(":")
module = importlib.import_module(module_name)
if attribute.endswith("()"):
    app = getattr(module, attribute[:-2])()
else:
    app = getattr(module, attribute)
app.run(host="127.0.0.1", port=port, use_reloader=False)
