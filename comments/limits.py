"""Counting requests per IP or address in the cache: rate limits and daily caps.

Each limit counts in fixed windows: "5 a minute" is a counter for the minute now running,
named by that minute, created with an expiry at the minute's end. Nothing moves that end: a
counter that outlives its window is simply no longer asked for.

Redis and local memory add one to a counter atomically and keep its expiry. Caches whose
incr() is Django's generic get-then-set (the file cache, the database cache) would re-save the
counter with the cache's default timeout, and two workers could both count "3": for those the
counter is read and written back, with its window's own expiry, under a lock file beside the
file cache (the file cache only serves one machine). On the database cache the two workers'
race remains: at worst a hit is not counted.
"""

import time
from contextlib import contextmanager
from math import ceil
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks

from config.http import client_ip


def over_limit(scope, key, limit, seconds):
    """Count one more hit for (scope, key) and say whether it goes over `limit` per `seconds`."""
    now = time.time()
    window = int(now // seconds)
    expires_in = ceil((window + 1) * seconds - now)
    return count(f"comments:{scope}:{key}:{window}", expires_in) > limit


def ip_over_limit(request, scope, limit, seconds):
    return over_limit(scope, client_ip(request) or "unknown", limit, seconds)


def count(cache_key, expires_in):
    """One more hit on the counter: the new count."""
    backend = caches["default"]
    if type(backend).incr is BaseCache.incr:  # get-then-set, and the default timeout
        with exclusive(backend):
            hits = (backend.get(cache_key) or 0) + 1
            backend.set(cache_key, hits, expires_in)
            return hits
    if backend.add(cache_key, 1, expires_in):
        return 1
    try:
        return backend.incr(cache_key)  # atomic, and the expiry stays
    except ValueError:  # expired between add() and incr(), or the cache is down: let it in
        backend.add(cache_key, 1, expires_in)
        return 1


@contextmanager
def exclusive(backend):
    """One process at a time through the file cache's read-then-write."""
    if not isinstance(backend, FileBasedCache):
        yield
        return
    folder = Path(settings.CACHES["default"]["LOCATION"])
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "comments-limits.lock", "a") as lock_file:
        locks.lock(lock_file, locks.LOCK_EX)
        try:
            yield
        finally:
            locks.unlock(lock_file)
