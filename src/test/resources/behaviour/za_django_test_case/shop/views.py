from django.http import JsonResponse

from . import stock


def product_count(request):
    return JsonResponse({"products": stock.count_products()})
