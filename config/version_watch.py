"""Each worker holds the content state in memory while Redis tells it of every new one.

With Redis, a cached page cost a round trip for the content version (and the page with it),
which halved the rate at which cached pages are served. So every new version is also published
on a channel (page_cache.new_version), and each worker subscribes to it on a connection of its
own. While subscribed, a worker serves the state it holds, and the pages it served recently from
its own memory: a cached page costs no round trip at all.

No thread listens: before using the state it holds, a request looks for messages waiting on the
subscription (a poll of the socket, a few microseconds) and forgets the state if there are any.
Redis writes the message before it answers the server that published it, so the request after
a change anywhere sees the change. The state is held for HOLD_SECONDS at most, in case messages
are lost without the connection failing; when the connection fails the worker fetches the state
for every request until it has subscribed again. The file cache has no channel: there the state
is read from the cache for every request, as before.
"""

import logging
import os
import threading
import time
from collections import OrderedDict

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

HOLD_SECONDS = 5.0
RETRY_SECONDS = 5.0  # between attempts to subscribe after one failed
PAGES_BYTES = 16 * 1024 * 1024  # each worker's memory for recently served pages


class VersionWatch:
    def __init__(self, cache, channel):
        self._cache = cache
        self._channel = channel
        self._lock = threading.Lock()
        self._pid = None
        self._connection = None  # subscribed to the channel
        self._retry_at = 0.0
        self._state = None
        self._generation = 0
        self._held_until = 0.0
        self._pages = RecentPages(PAGES_BYTES)

    def held(self):
        """(state, generation): the content state this worker holds, or None when the caller
        must fetch it, and then hold() it with the generation."""
        with self._lock:
            return self._held(), self._generation

    def _held(self):
        if self._pid != os.getpid():  # a forked worker: nothing of its parent's is valid
            self._pid, self._connection, self._state = os.getpid(), None, None
            self._pages = RecentPages(PAGES_BYTES)
        if self._connection is None:
            self._subscribe()
            return None
        try:
            while self._connection.can_read(timeout=0):
                self._connection.read_response(push_request=True)
                self._forget()
        except (RedisError, OSError) as error:
            self._drop(error)
            return None
        if self._state is not None and time.monotonic() < self._held_until:
            return self._state
        return None

    def hold(self, state, generation):
        """Keep `state`, fetched after held() answered None, unless it changed meanwhile."""
        with self._lock:
            if self._connection and state is not None and generation == self._generation:
                self._state, self._held_until = state, time.monotonic() + HOLD_SECONDS

    def page(self, key, version):
        """A page this worker served for `version`, or None."""
        return self._pages.get(key, version)

    def keep_page(self, key, version, page):
        """Keep a page served for `version`, while subscribed (otherwise it would not be read)."""
        if self._connection is not None:
            self._pages.put(key, version, page)

    def forget(self):
        """This process started a new version: its message may not be read before the next
        request made here."""
        with self._lock:
            self._forget()

    def _forget(self):
        self._state = None
        self._generation += 1

    def _subscribe(self):
        subscribe = getattr(self._cache, "subscribe", None)
        if subscribe is None or time.monotonic() < self._retry_at:
            return
        try:
            self._connection = subscribe(self._channel)
        except (RedisError, OSError) as error:
            self._drop(error)

    def _drop(self, error):
        # Not a warning: Redis being down is logged by the cache, and this costs only speed.
        logger.info("Not subscribed to new content versions (%s): fetching each one.", error)
        if self._connection is not None:
            self._connection.disconnect()
        self._connection = None
        self._forget()
        self._retry_at = time.monotonic() + RETRY_SECONDS


class RecentPages:
    """Pages this worker served, least recently used dropped first, within a byte budget."""

    def __init__(self, budget):
        self._budget = budget
        self._bytes = 0
        self._pages = OrderedDict()  # key -> (version, StoredPage)
        self._lock = threading.Lock()

    def get(self, key, version):
        with self._lock:
            found = self._pages.get(key)
            if found is None or found[0] != version:
                return None
            self._pages.move_to_end(key)
            return found[1]

    def put(self, key, version, page):
        with self._lock:
            if (old := self._pages.pop(key, None)) is not None:
                self._bytes -= len(old[1].content)
            self._pages[key] = (version, page)
            self._bytes += len(page.content)
            while self._bytes > self._budget and self._pages:
                _key, (_version, dropped) = self._pages.popitem(last=False)
                self._bytes -= len(dropped.content)
