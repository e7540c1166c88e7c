from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from . import views

app_name = "polls"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("search/", views.search, name="search"),
    path("<int:pk>/", views.item, name="item"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("by-slug/<slug:slug>/", views.by_slug, name="by_slug"),
    path("files/<path:rest>", views.files, name="files"),
    path("tokens/<uuid:token>/", views.token, name="token"),
    path("whoami", views.whoami, name="whoami"),
    path("stats/", views.Stats.as_view(), name="stats"),
    path("<int:pk>/tally/", csrf_exempt(views.Tally.as_view()), name="tally"),
]
