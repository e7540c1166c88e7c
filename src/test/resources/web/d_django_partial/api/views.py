import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

ITEMS = {1: "tea", 2: "coffee"}


def not_found(what):
    return JsonResponse({"error": what + " not found"}, status=404)


@require_GET
def health(request):
    return JsonResponse({"status": "ok"})


@require_GET
def items(request):
    limit = int(request.GET.get("limit", "10"))
    return JsonResponse({"items": sorted(ITEMS.values())[:limit]})


@csrf_exempt
@require_POST
def create(request):
    data = json.loads(request.body or b"{}")
    if "name" not in data:
        return JsonResponse({"error": "name is required"}, status=400)
    return JsonResponse({"id": 3, "name": data["name"]}, status=201)


@require_GET
def item(request, pk):
    if pk not in ITEMS:
        return not_found("item %d" % pk)
    return JsonResponse({"id": pk, "name": ITEMS[pk]})


@login_required
def me(request):
    return JsonResponse({"user": request.user.username})


@require_GET
def archive(request, year):
    if year == "1999":
        raise Http404("too old")
    return JsonResponse({"year": int(year)})


@require_GET
def links(request):
    return redirect("api:item", pk=1)


class Counter(View):
    def get(self, request):
        return JsonResponse({"count": len(ITEMS)})

    def post(self, request):
        return JsonResponse({"count": len(ITEMS) + 1}, status=202)
