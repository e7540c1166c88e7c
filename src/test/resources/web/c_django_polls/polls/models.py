from django.db import models


class Question(models.Model):
    text = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    pub_date = models.DateTimeField()
    price = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    votes = models.IntegerField(default=0)
