from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from blog.converters import parse_id
from blog.views_machine import favicon, healthz, robots_txt, sitemap_index, sitemap_section
from comments.urls import post_feed_urlpatterns
from config.page_cache import cache_for_readers
from images.views import media
from revisions.views import draft_preview

# The database failing outside a view is a 503 too (config/unavailable.py).
handler500 = "config.unavailable.server_error"

urlpatterns = [
    # Passkeys' registration and sign-in ceremonies (django-otp-webauthn), for the admin.
    path("admin/passkeys/", include("django_otp_webauthn.urls", namespace="otp_webauthn")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Cached like the reader pages; a section is split into pages of 1,000 addresses (?p=N).
    path("sitemap.xml", cache_for_readers(sitemap_index), name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        cache_for_readers(sitemap_section, {"p": parse_id}),
        name="sitemap_section",
    ),
    path("comments/", include("comments.urls")),
    # A draft shown through its shared link (revisions.DraftLink); never cached.
    path("preview/<str:token>/", draft_preview, name="draft_preview"),
    *post_feed_urlpatterns,
    # Uploaded images, unless MEDIA_URL points to another server (a bucket, a CDN).
    *(
        [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media, name="media")]
        if "://" not in settings.MEDIA_URL
        else []
    ),
    path("", include("blog.urls")),
]
