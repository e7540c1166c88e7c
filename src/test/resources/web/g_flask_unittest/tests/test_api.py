import json
import unittest

from kit.test.web import Config, create_app


class TestConfig(Config):
    TESTING = True


class TestCapitals(unittest.TestCase):

    def setUp(self):
        self.app = create_app(TestConfig)
        self.client = self.app.test_client()

    def test_capital(self):
        response = self.client.get("/api/capitals/ukraine")
        self.assertEqual(response.status, "200 OK")
        self.assertEqual(json.loads(response.data)["capital"], "Kyiv")

    def test_unknown_country(self):
        response = self.client.get("/api/capitals/atlantis")
        self.assertEqual(response.status, "404 NOT FOUND")
        self.assertEqual(json.loads(response.data)["message"], "no such country: atlantis")

    def test_home(self):
        self.assertEqual(self.client.get("/index").data, b"Hello, World.")
        self.assertEqual(self.client.post("/").status, "405 METHOD NOT ALLOWED")
