from django.test import SimpleTestCase, TestCase

from shop import pricing, stock
from shop.models import Product


class PricingTest(SimpleTestCase):
    def setUp(self):
        # Django runs setUp synchronously (there is no asyncSetUp): what it calls stays sync
        self.prod = pricing.environment("prod")

    def test_cheapest_price_is_positive(self):
        price = pricing.cheapest_price()
        print("checked: cheapest price", price)
        self.assertGreater(price, 0)

    def test_owner_of_a_product(self):
        name = pricing.owner_name(1)
        print("checked: owner of user 1 is", name)
        self.assertIsInstance(name, str)

    def test_prod_config_was_read(self):
        print("checked: prod config has", len(self.prod), "keys")
        self.assertTrue(self.prod)


class StockTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.product = Product.objects.create(sku="B-2", user_id=1)

    def test_owner_of_stored_product(self):
        # reads a field of an object loaded before the test (no query): Django runs it as an async test
        name = pricing.owner_name(self.product.user_id)
        print("checked: owner of", self.product.sku, "is", name)
        self.assertIsInstance(name, str)

    def test_stock_count_and_status(self):
        # stock.count_products() runs a query and stays sync (a view, which Django calls synchronously, calls it):
        # on an event loop Django would refuse it, so this test stays sync too
        count = stock.count_products()
        code = pricing.status(200)
        print("checked: stock", count, "status", code)
        self.assertEqual(count, 1)


class CountPageTest(TestCase):
    # the synchronous test client is refused on an event loop: the test stays sync
    @classmethod
    def setUpTestData(cls):
        Product.objects.create(sku="A-1", user_id=1)

    def test_count_page(self):
        answer = self.client.get("/count/")
        print("checked: count page", answer.status_code, answer.json(), pricing.status(204))
        self.assertEqual(answer.json(), {"products": 1})
