from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from . import views

app_name = "api"
urlpatterns = [
    path("health/", views.health, name="health"),
    path("items/", views.items, name="items"),
    path("items/new/", views.create, name="create"),
    path("items/<int:pk>/", views.item, name="item"),
    path("me/", views.me, name="me"),
    path("counter/", csrf_exempt(views.Counter.as_view()), name="counter"),
]
