"""The reader's IP address, and counting requests per IP or address in the cache: rate limits
and daily caps."""

import ipaddress

from django.conf import settings
from django.core.cache import cache


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


def over_limit(scope, key, limit, seconds):
    """Count one more hit for (scope, key) and say whether it goes over `limit` per `seconds`."""
    cache_key = f"comments:{scope}:{key}"
    if cache.add(cache_key, 1, seconds):
        return limit < 1
    try:
        return cache.incr(cache_key) > limit
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, seconds)
        return False


def ip_over_limit(request, scope, limit, seconds):
    return over_limit(scope, client_ip(request) or "unknown", limit, seconds)
