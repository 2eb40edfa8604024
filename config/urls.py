from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from blog.views_machine import favicon, healthz, robots_txt, sitemap_index, sitemap_section
from comments.feeds import PostComments
from images.views import media

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("comments/", include("comments.urls")),
    re_path(
        r"^(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/(?P<slug>[-\w]+)/feed/$",
        PostComments(),
        name="post_comments_feed",
    ),
    # Uploaded images, unless MEDIA_URL points to another server (a bucket, a CDN).
    *(
        [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media, name="media")]
        if "://" not in settings.MEDIA_URL
        else []
    ),
    path("", include("blog.urls")),
]
