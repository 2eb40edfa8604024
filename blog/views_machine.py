import logging
from urllib.parse import urlsplit
from uuid import uuid4

from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .links import absolute
from .sitemaps import SITEMAPS

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """For load balancers and monitors: 200 when the database and the cache answer, otherwise
    503. The body says which, one line each ("cache: down")."""
    checks = {"database": database_answers(), "cache": cache_answers()}
    body = "".join(f"{name}: {'ok' if ok else 'down'}\n" for name, ok in checks.items())
    status = 200 if all(checks.values()) else 503
    return HttpResponse(body, content_type="text/plain; charset=utf-8", status=status)


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.warning("Health check: the database does not answer (%s).", error)
        return False
    return True


def cache_answers():
    """A value written can be read back (a cache that is down keeps nothing)."""
    probe = uuid4().hex
    try:
        cache.set("healthz", probe, 10)
        return cache.get("healthz") == probe
    except Exception as error:  # any backend's failure (a full disk under the file cache)
        logger.warning("Health check: the cache does not answer (%s).", error)
        return False


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
