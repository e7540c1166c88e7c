"""One HTTP session for the whole program, shared by every module that talks to the service."""
import os

import requests

BASE = os.environ["UNBLOCK_TEST_HTTP"]

session = requests.Session()
session.headers["X-App"] = "leaderboard"
