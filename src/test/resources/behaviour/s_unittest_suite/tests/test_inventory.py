import unittest
from unittest import mock

import inventory


class InventoryTest(unittest.TestCase):
    def setUp(self):
        self.first = inventory.fetch_page(1)

    def test_first_page_has_three_items(self):
        print("checked: first page has", len(self.first["items"]), "items")
        self.assertEqual(len(self.first["items"]), 3)

    def test_all_items_are_unique(self):
        ids = [item["id"] for item in inventory.all_items()]
        print("checked:", len(ids), "unique ids")
        self.assertEqual(len(ids), len(set(ids)))

    def test_cheapest_is_listed(self):
        cheapest = inventory.cheapest()
        print("checked: cheapest", cheapest["name"], "is listed")
        self.assertIn(cheapest, inventory.all_items())

    def test_missing_page_is_an_http_error(self):
        with self.assertRaises(Exception) as caught:
            inventory.fetch_page(9)
        print("checked: page 9 answers", caught.exception.response.status_code)
        self.assertEqual(caught.exception.response.status_code, 404)

    @mock.patch("inventory.requests.get")
    def test_stock_level_reads_the_count(self, get):
        get.return_value.json.return_value = {"count": 7}
        print("checked: stock level", inventory.stock_level(3))
        self.assertEqual(inventory.stock_level(3), 7)
        get.assert_called_with(f"{inventory.BASE}/json/stock-3", timeout=5)

    @mock.patch("inventory.requests.get")
    def test_reorder_level_reads_the_level(self, get):
        get.return_value.json.return_value = {"level": 2}
        print("checked: reorder level", inventory.reorder_level(4))
        self.assertEqual(inventory.reorder_level(4), 2)


class NamedUsers:
    """A mixin: unittest reaches its tests through the test cases that use it."""

    def setUp(self):
        super().setUp()
        self.name = inventory.user_name(self.user_id)

    def test_name_is_text(self):
        print("checked: user", self.user_id, "is", self.name)
        self.assertIsInstance(self.name, str)


class FirstUserTest(NamedUsers, unittest.TestCase):
    user_id = 1


class LastUserTest(NamedUsers, unittest.TestCase):
    user_id = 100

    def test_local_only(self):
        print("checked: user id", self.user_id)
        self.assertEqual(self.user_id, 100)
