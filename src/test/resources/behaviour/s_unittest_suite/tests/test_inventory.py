import unittest

import inventory


class InventoryTest(unittest.TestCase):
    def setUp(self):
        self.first = inventory.fetch_page(1)

    def test_first_page_has_three_items(self):
        self.assertEqual(len(self.first["items"]), 3)

    def test_all_items_are_unique(self):
        ids = [item["id"] for item in inventory.all_items()]
        self.assertEqual(len(ids), len(set(ids)))

    def test_cheapest_is_listed(self):
        self.assertIn(inventory.cheapest(), inventory.all_items())

    def test_missing_page_is_an_http_error(self):
        with self.assertRaises(Exception) as caught:
            inventory.fetch_page(9)
        self.assertEqual(caught.exception.response.status_code, 404)
