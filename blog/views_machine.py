from urllib.parse import urlsplit

from django.contrib.sitemaps import views as sitemap_views
from django.db import connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .links import absolute
from .sitemaps import SITEMAPS


@require_safe
@never_cache
def healthz(request):
    """For load balancers and monitors: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the real icon."""
    return HttpResponsePermanentRedirect(static("icons/favicon.svg"))


@require_safe
def robots_txt(request):
    """Crawlers may read everything public; the sitemap says where it all is."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "",
        f"Sitemap: {absolute(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap_index(request):
    """Django's sitemap index, its sitemaps' addresses on SITE_URL like every address in them."""
    response = sitemap_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section")
    for entry in response.context_data["sitemaps"]:
        entry.location = absolute(urlsplit(entry.location)._replace(scheme="", netloc="").geturl())
    return response


@require_safe
def sitemap_section(request, section):
    return sitemap_views.sitemap(request, SITEMAPS, section=section)
