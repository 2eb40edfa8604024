"""While the database doesn't answer, readers get a 503 page with Retry-After, at once.

A request waits at most the pool's timeout for a connection (settings: Database), then the
OperationalError (or InterfaceError, for a connection that broke) becomes templates/503.html,
rendered without the database: no context processors, nothing that queries. Pages in the page
cache are still served, since its hit path needs no database. Nothing has to be restarted when
the database returns: the next request gets a new connection.
"""

import logging
import sys
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
LOG_SECONDS = 60  # while it lasts, the outage is logged again this often

_last_logged = [0.0]


def service_unavailable(request):
    context = {"BLOG_TITLE": settings.BLOG_TITLE, "BLOG_TAGLINE": settings.BLOG_TAGLINE}
    html = render_to_string("503.html", context)  # no request: no context processor runs
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """A view (or its template) that finds the database down answers 503, not 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN):
            return None
        now = time.monotonic()
        if now - _last_logged[0] >= LOG_SECONDS:
            _last_logged[0] = now
            logger.error("The database is down (%s): readers get 503 pages.", exception)
        return service_unavailable(request)


def server_error(request):
    """handler500. The database failing outside a view (in a middleware) is a 503 too."""
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return service_unavailable(request)
    return defaults.server_error(request)
