from django.test import SimpleTestCase, TestCase

from shop import pricing
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


class CountPageTest(TestCase):
    # a test case with a database keeps its tests sync (database work left sync would be refused on an event loop)
    @classmethod
    def setUpTestData(cls):
        Product.objects.create(sku="A-1", user_id=1)

    def test_count_page(self):
        answer = self.client.get("/count/")
        print("checked: count page", answer.status_code, answer.json(), pricing.status(204))
        self.assertEqual(answer.json(), {"products": 1})
