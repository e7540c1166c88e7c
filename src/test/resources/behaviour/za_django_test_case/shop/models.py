from django.db import models


class Product(models.Model):
    sku = models.CharField(max_length=20, unique=True)
    user_id = models.IntegerField()
