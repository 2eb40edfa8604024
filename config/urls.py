from django.contrib import admin
from django.urls import include, path

from blog.views_machine import favicon, healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("", include("blog.urls")),
]
