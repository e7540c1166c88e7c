from django.test import TestCase

from shop import pricing
from shop.models import Product


class PricingTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        Product.objects.create(sku="A-1", user_id=1)
        cls.product_owner = Product.objects.get(sku="A-1").user_id

    def setUp(self):
        # Django runs setUp synchronously (there is no asyncSetUp): what it calls stays sync
        self.prod = pricing.environment("prod")

    def test_cheapest_price_is_positive(self):
        price = pricing.cheapest_price()
        print("checked: cheapest price", price)
        self.assertGreater(price, 0)

    def test_owner_of_the_product(self):
        # (no ORM call here: its async form, aget, needs Django 4.1+, and Debian 12 ships Django 3.2)
        name = pricing.owner_name(self.product_owner)
        print("checked: owner of A-1 is", name)
        self.assertIsInstance(name, str)

    def test_count_page(self):
        # the sync test client refuses to run on an event loop: this test and what it calls stay sync
        answer = self.client.get("/count/")
        print("checked: count page", answer.status_code, answer.json(), pricing.status(204))
        self.assertEqual(answer.json(), {"products": 1})

    def test_prod_config_was_read(self):
        print("checked: prod config has", len(self.prod), "keys")
        self.assertTrue(self.prod)
