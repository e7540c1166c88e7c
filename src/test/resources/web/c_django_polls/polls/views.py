import datetime
import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from .models import Question

PUBLISHED = datetime.datetime(2024, 6, 1, 8, 0, tzinfo=datetime.timezone.utc)


def as_dict(q):
    return {"id": q.id, "text": q.text, "slug": q.slug, "pub_date": q.pub_date, "price": q.price, "votes": q.votes}


@require_safe
def health(request):
    return JsonResponse({"status": "ok"})


@require_GET
def index(request):
    limit = int(request.GET.get("limit", "10"))
    questions = Question.objects.order_by("id")[:limit]
    return JsonResponse({"limit": limit, "questions": [as_dict(q) for q in questions]})


@csrf_exempt
@require_POST
def create(request):
    try:
        data = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error": "the body is not JSON"}, status=400)
    if "text" not in data or "slug" not in data:
        return JsonResponse({"error": "text and slug are required"}, status=400)
    q = Question.objects.create(text=data["text"], slug=data["slug"], pub_date=PUBLISHED,
                                price=data.get("price", "0"))
    response = JsonResponse(as_dict(q), status=201)
    response["Location"] = "/api/polls/%d/" % q.id
    return response


@require_GET
def search(request):
    words = request.GET.getlist("q")
    if not words:
        return HttpResponse("say what to look for", status=400, content_type="text/plain")
    found = [q.id for q in Question.objects.order_by("id") if any(w in q.text for w in words)]
    return JsonResponse(found, safe=False)


@csrf_exempt
@require_http_methods(["GET", "DELETE"])
def item(request, pk):
    question = get_object_or_404(Question, pk=pk)
    if request.method == "DELETE":
        question.delete()
        return HttpResponse(status=204)
    return JsonResponse(as_dict(question))


@csrf_exempt
@require_POST
def vote(request, pk):
    question = get_object_or_404(Question, pk=pk)
    choice = request.POST.get("choice")
    if choice is None:
        return HttpResponse("choose something", status=400, content_type="text/plain")
    question.votes += 1
    question.save()
    return JsonResponse({"id": question.id, "votes": question.votes, "choice": choice})


@require_GET
def by_slug(request, slug):
    question = Question.objects.filter(slug=slug).first()
    if question is None:
        raise Http404("no question with this slug")
    return JsonResponse(as_dict(question))


@require_GET
def files(request, rest):
    return JsonResponse({"path": rest, "parts": rest.split("/")})


@require_GET
def token(request, token):
    return JsonResponse({"token": str(token), "version": token.version})


@require_GET
def whoami(request):
    name = request.headers.get("X-Name", "nobody")
    return HttpResponse("<p>%s</p>" % name)


class Stats(View):
    """Counts of the questions, by a class-based view."""

    def get(self, request):
        return JsonResponse({"questions": Question.objects.count(), "limit": request.GET.get("limit")})


class Tally(View):
    def get(self, request, pk):
        question = get_object_or_404(Question, pk=pk)
        return JsonResponse({"id": question.id, "votes": question.votes})

    def post(self, request, pk):
        question = get_object_or_404(Question, pk=pk)
        data = json.loads(request.body or b"{}")
        question.votes += int(data.get("add", 1))
        question.save()
        return JsonResponse({"id": question.id, "votes": question.votes}, status=202)
