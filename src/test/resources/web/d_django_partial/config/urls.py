from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView

from api import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("about/", TemplateView.as_view(template_name="about.html")),
    path("old-health/", RedirectView.as_view(url="/api/health/", permanent=True)),
    re_path(r"^archive/(?P<year>[0-9]{4})/$", views.archive),
    path("links/", views.links),
]
