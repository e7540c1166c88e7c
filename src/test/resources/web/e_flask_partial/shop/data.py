"""The shop's items, shared by every view (the Flask ones and those moved to FastAPI run in one process)."""
ITEMS = {1: {"id": 1, "name": "pen"}, 2: {"id": 2, "name": "ink"}}
