import unittest

from api import app


class TestTeardown(unittest.TestCase):

    def setUp(self):
        self.client = app.test_client()

    def test_each_request_reads_a_fresh_session(self):
        first = self.client.get("/api/reads").get_json()
        second = self.client.get("/api/reads/").get_json()
        self.assertEqual(first["reads"], 1)
        self.assertEqual(second["reads"], 1)
        self.assertEqual(second["closes"], first["closes"] + 1)

    def test_unknown_item(self):
        response = self.client.get("/api/items/2")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.get_json(), {"error": "Not found"})

    def test_cors_headers(self):
        response = self.client.get("/api/reads", headers={"Origin": "http://example.com"})
        self.assertEqual(response.headers["Access-Control-Allow-Origin"], "http://example.com")
        self.assertEqual(self.client.options("/api/reads").status_code, 200)
