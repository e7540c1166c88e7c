from django.http import JsonResponse

from .models import Product


def product_count(request):
    return JsonResponse({"products": Product.objects.count()})
