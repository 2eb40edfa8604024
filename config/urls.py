from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from blog.views_machine import healthz
from images.views import media

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Uploaded images, unless MEDIA_URL points to another server (a bucket, a CDN).
    *(
        [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media, name="media")]
        if "://" not in settings.MEDIA_URL
        else []
    ),
    path("", include("blog.urls")),
]
