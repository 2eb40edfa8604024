"""The cache backends: Redis as a cache the blog can live without, and the file cache without
zlib (PlainFileCache, at the end).

Django's RedisCache raises redis' exceptions when the server is down, so every page, comment and
save would fail with it. Here an unreachable Redis behaves as an empty cache that keeps nothing,
like Django's DummyCache: reads miss, writes are dropped, and pages are rendered from the
database. The outage is logged as an error when it starts and again once a minute while it lasts,
not once per request; after a failed call the server is left alone for a few seconds, so that a
Redis that doesn't answer at all (a dropped route) costs one request its timeout, not every one.
`/healthz` reports the cache as down meanwhile (it checks with a write and a read).
"""

import logging
import os
import pickle
import threading
import time
from functools import wraps

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5  # after a failure, calls miss without trying Redis for this long
LOG_SECONDS = 60  # while it lasts, the outage is logged again this often

# Backends are made per thread; an outage is the server's, shared by every thread.
_outages = {}  # location -> Outage
_outages_lock = threading.Lock()


class Outage:
    def __init__(self):
        self.since = None  # when the outage began: None while Redis answers
        self.retry_at = 0.0
        self.logged_at = 0.0


def _outage(location):
    with _outages_lock:
        return _outages.setdefault(location, Outage())


def _or_miss(miss):
    """The method, answering `miss()` instead of failing while Redis doesn't answer."""

    def decorator(method):
        @wraps(method)
        def forgiving(self, *args, **kwargs):
            outage = _outage(self._location)
            now = time.monotonic()
            if outage.since is not None and now < outage.retry_at:
                return miss(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except (ConnectionError, TimeoutError) as error:
                self._failed(outage, now, error)
                return miss(*args, **kwargs)
            if outage.since is not None:
                logger.warning(
                    "The cache at %s answers again after %.0f s.",
                    self._location,
                    now - outage.since,
                )
                outage.since = None
            return result

        return forgiving

    return decorator


def _incr_miss(key, delta=1, version=None):
    raise ValueError(f"Key '{key}' not found (the cache is down).")


class ReusedClient(RedisCacheClient):
    """Django's client makes a new redis.Redis for every call, and redis-py sets up its ~170
    response callbacks each time: a third of a cached page's time. One per connection pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        if (client := self._clients.get(id(pool))) is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ForgivingRedisCache(RedisCache):
    """RedisCache that serves as an empty cache while the server is unreachable."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClient
        self._location = server if isinstance(server, str) else ",".join(server)

    def _failed(self, outage, now, error):
        outage.retry_at = now + RETRY_SECONDS
        if outage.since is None:
            outage.since = now
        elif now - outage.logged_at < LOG_SECONDS:
            return
        outage.logged_at = now
        logger.error(
            "The cache at %s is down (%s): pages are rendered for every request until it "
            "answers again.",
            self._location,
            error,
        )

    @_or_miss(lambda key, value, timeout=DEFAULT_TIMEOUT, version=None: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_or_miss(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_or_miss(lambda *args, **kwargs: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_or_miss(lambda *args, **kwargs: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_or_miss(lambda *args, **kwargs: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_or_miss(lambda *args, **kwargs: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_or_miss(lambda *args, **kwargs: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_or_miss(_incr_miss)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_or_miss(lambda data, timeout=DEFAULT_TIMEOUT, version=None: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_or_miss(lambda *args, **kwargs: None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_or_miss(lambda *args, **kwargs: False)
    def clear(self):
        return super().clear()

    @_or_miss(lambda *args, **kwargs: 0)
    def publish(self, channel, message):
        return self._cache.get_client(write=True).publish(channel, message)

    @_or_miss(lambda channel: None)
    def subscribe(self, channel):
        """A connection of its own, subscribed to `channel` once Redis has confirmed it
        (version_watch.py reads its messages); None while Redis is down."""
        connection = self._cache._get_connection_pool(write=True).make_connection()
        connection.send_command("SUBSCRIBE", channel)
        connection.read_response(push_request=True)  # RESP3 sends it as a push
        return connection


class PlainFileCache(FileBasedCache):
    """Django's file cache without zlib on every read and write. Cached pages are kept
    compressed already (a Brotli and a gzip copy beside the page as it is), and inflating a
    200 KB page again on each hit took half the time of serving it. A file in another format
    (zlib's, from before) reads as a miss and is written anew."""

    def get(self, key, default=None, version=None):
        try:
            with open(self._key_to_file(key, version), "rb") as file:
                if not self._is_expired(file):
                    return pickle.load(file)  # noqa: S301  (our own files, as Django reads them)
        except (FileNotFoundError, pickle.UnpicklingError, EOFError, ValueError):
            pass
        return default

    def signature(self, key, version=None):
        """What changes whenever the key is stored again (set() renames a new file over the
        old), or None if there is none; version_watch.py holds the content state by it."""
        try:
            found = os.stat(self._key_to_file(key, version))
        except FileNotFoundError:
            return None
        return (found.st_ino, found.st_mtime_ns, found.st_size)

    def _write_content(self, file, timeout, value):
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(pickle.dumps(value, self.pickle_protocol))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, self._missing, version)
        if value is self._missing:
            return False
        self.set(key, value, timeout, version)
        return True

    _missing = object()
