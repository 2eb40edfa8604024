"""Each worker holds the content state, and the pages it served lately, in memory for as long as
it can tell that the state has not changed: a cached page then costs no read from the cache.

Reading the state (and the page with it) from the cache on every hit cost about a third of a
cached page's time with the file cache, and half of it with Redis. What tells a worker of a
change depends on the cache:

- Redis: every new version is published on a channel after it is stored (page_cache.
  store_state), and each worker subscribes to it on a connection of its own. No thread
  listens: before using what it holds, a request looks for messages waiting on the subscription
  (a poll of the socket, a few microseconds) and forgets the state if there are any. Redis
  writes the message to every subscriber before it answers the publisher's next command, and the
  publisher reads the state back before going on, so the request after a change, on any app
  server, sees it. While the subscription is broken the worker reads the state for every
  request, as before, until it has subscribed again.
- The file cache: the state's file is replaced (a new file renamed over it) whenever it is
  stored, so a stat of it, its inode and modification time, tells whether it is still the one
  held. A stat is far cheaper than opening and unpickling two files.

Whatever the signal, nothing is held longer than HOLD_SECONDS, in case one is missed.
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
    def __init__(self, cache, key):
        if hasattr(cache, "subscribe"):
            self._changes = Announcements(cache, cache.make_key(key))
        elif hasattr(cache, "signature"):
            self._changes = FileSignature(cache, key)
        else:
            self._changes = None  # nothing tells of a change: read the state every time
        self._lock = threading.Lock()
        self._pid = None
        self._state = None
        self._token = None
        self._held_until = 0.0
        self._pages = RecentPages(PAGES_BYTES)

    def held(self):
        """(state, token): the content state this worker holds, or None when the caller must
        read it, and then hold() it with the token, which was taken before the read."""
        with self._lock:
            if self._pid != os.getpid():  # a forked worker: nothing of its parent's is valid
                self._pid, self._state = os.getpid(), None
                self._pages = RecentPages(PAGES_BYTES)
                if self._changes is not None:
                    self._changes.forked()
            token = self._changes.token() if self._changes is not None else None
            if (
                token is not None
                and token == self._token
                and self._state is not None
                and time.monotonic() < self._held_until
            ):
                return self._state, token
            return None, token

    def hold(self, state, token):
        """Keep `state` until the token says it may have changed."""
        with self._lock:
            if token is not None and state is not None:
                self._state, self._token = state, token
                self._held_until = time.monotonic() + HOLD_SECONDS

    def forget(self):
        """This process started a new version: its own signal may not have come back yet."""
        with self._lock:
            self._state = None

    def page(self, key, version):
        """A page this worker served for `version`, or None."""
        return self._pages.get(key, version)

    def keep_page(self, key, version, page):
        """Keep a page served for `version`, if this worker can hold states at all."""
        if self._changes is not None:
            self._pages.put(key, version, page)


class Announcements:
    """Redis: counts of subscriptions and of the messages read, None while not subscribed."""

    def __init__(self, cache, channel):
        self._cache = cache
        self._channel = channel
        self._connection = None
        self._subscriptions = 0  # messages may have been missed between two
        self._count = 0
        self._retry_at = 0.0

    def forked(self):
        self._connection = None  # the parent's socket: not ours to read or close

    def token(self):
        if self._connection is None:
            if time.monotonic() < self._retry_at:
                return None
            try:  # None while the cache is down (it logs that)
                self._connection = self._cache.subscribe(self._channel)
            except (RedisError, OSError) as error:
                self._drop(error)
            if self._connection is None:
                self._retry_at = time.monotonic() + RETRY_SECONDS
                return None
            self._subscriptions += 1
        try:
            while self._connection.can_read(timeout=0):
                self._connection.read_response(push_request=True)
                self._count += 1
        except (RedisError, OSError) as error:
            self._drop(error)
            return None
        return (self._subscriptions, self._count)

    def _drop(self, error):
        # Not a warning: Redis being down is logged by the cache, and this costs only speed.
        logger.info("Not subscribed to new content versions (%s): reading each one.", error)
        if self._connection is not None:
            self._connection.disconnect()
        self._connection = None
        self._retry_at = time.monotonic() + RETRY_SECONDS


class FileSignature:
    """The file cache: the state file's inode, modification time and size, None if missing."""

    def __init__(self, cache, key):
        self._cache = cache
        self._key = key

    def forked(self):
        pass

    def token(self):
        return self._cache.signature(self._key)


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
