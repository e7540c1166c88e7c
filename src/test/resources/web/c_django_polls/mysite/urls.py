from django.urls import include, path

from polls import views as poll_views

urlpatterns = [
    path("api/polls/", include("polls.urls")),
    path("health/", poll_views.health, name="health"),
]
