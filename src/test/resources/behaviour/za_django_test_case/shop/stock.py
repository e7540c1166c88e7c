"""Stock kept in the database."""
from .models import Product


def count_products():
    return Product.objects.count()
