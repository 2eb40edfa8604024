"""What every app needs to know about a request: the reader's address behind a proxy, and
how a form sent without a valid CSRF token is answered."""

import ipaddress

from django.conf import settings
from django.urls import Resolver404, resolve
from django.views.csrf import csrf_failure as default_csrf_failure


def client_ip(request):
    """The address the request came from. Behind a reverse proxy (BEHIND_PROXY) REMOTE_ADDR is
    the proxy's own: the client is the entry the trusted proxies appended to X-Forwarded-For,
    PROXY_HOPS from the end. Entries before it come from the client and can be forged."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        hops = settings.PROXY_HOPS
        if 0 < hops <= len(forwarded):
            address = forwarded[-hops].strip()
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                pass  # no header, or not an address: the proxy did not add one
    return request.META.get("REMOTE_ADDR") or None


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW. A view that takes forms from readers may say how to answer one sent
    without a valid token (its `on_csrf_failure` attribute): the comment form keeps what the
    reader typed and asks them to send it again. Everything else gets Django's page."""
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        view = None
    answer = getattr(view, "on_csrf_failure", None)
    return answer(request, reason) if answer else default_csrf_failure(request, reason)
