"""Counting requests per IP or address in the cache: rate limits and daily caps."""

from django.core.cache import cache


def client_ip(request):
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
