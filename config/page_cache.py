"""Whole pages cached for anonymous readers, and the content version that invalidates them.

Every reader page shows the sidebar (recent posts, categories with counts, the months), so
almost any change a reader can see changes every page: one version for the whole blog is what
"invalidate exactly what it must" comes to here. It holds across app servers because the
version lives in the shared cache.

The version follows the data: `watch()` connects to the saves, deletes and many-to-many changes
of every model readers see (the list is in SiteConfig.ready()), and a change starts a new version
only when readers could see the instance before or after it. A held or spam comment, or a draft
saved again, changes nothing. Nobody has to remember to call anything; a scheduled post coming
due starts a new version by itself too.

The cache may be down (config/cache_backends.py: then it keeps nothing). A new version that
could not be stored is remembered in this process and stored once the cache answers again, so
that pages cached before the outage are not served after it as if nothing had changed.
"""

import threading
from contextlib import contextmanager
from functools import lru_cache, wraps
from hashlib import md5
from typing import NamedTuple
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models import Min, signals
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode

from .compression import accepted_encoding, variants
from .version_watch import VersionWatch

STATE_KEY = "content-state"
# A cookie whose name starts so makes the reader's pages their own (a password-protected post
# they opened): they are neither served from the cache nor stored in it.
PRIVATE_COOKIE_PREFIX = "private-"
PAGE_TIMEOUT = 24 * 60 * 60

# model -> whether readers see an instance of it (a function), or None when they see every one.
_seen_by_readers = {}
_batch = threading.local()
_version_unsaved = threading.Event()  # set while a new version could not be stored


def watch(model, seen=None):
    """Start a new content version whenever readers could see a change to `model`."""
    _seen_by_readers[model] = seen
    uid = f"page_cache:{model._meta.label}"
    signals.pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
    signals.post_save.connect(_saved, sender=model, dispatch_uid=uid)
    signals.pre_delete.connect(_deleted, sender=model, dispatch_uid=uid)
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        signals.m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=uid)


def _is_seen(instance):
    seen = _seen_by_readers.get(type(instance))
    return seen is None or seen(instance)


def _before_save(sender, instance, **kwargs):
    """Readers see it as saved, or saw it as stored: only for what they won't see (a draft
    saved again, a comment held or marked as spam) does this cost a query."""
    instance._readers_see_change = _is_seen(instance) or (
        not instance._state.adding
        and _is_seen(sender._base_manager.filter(pk=instance.pk).first() or instance)
    )


def _saved(sender, instance, **kwargs):
    if instance.__dict__.pop("_readers_see_change", True):
        content_changed()


def _deleted(sender, instance, **kwargs):
    if _is_seen(instance):
        content_changed()


def _m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and _is_seen(instance):
        content_changed()


def content_changed():
    """Start a new version: now, and again once the transaction commits, since a reader's
    request in between would cache the old content under the first one."""
    if getattr(_batch, "depth", 0):
        _batch.changed = True
        return
    new_version()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        callback is new_version for _savepoints, callback, _robust in connection.run_on_commit
    ):
        transaction.on_commit(new_version)


@contextmanager
def one_change():
    """Many writes, one new version at the end (an import, the demo content)."""
    _batch.depth = getattr(_batch, "depth", 0) + 1
    try:
        yield
    finally:
        _batch.depth -= 1
        if not _batch.depth and getattr(_batch, "changed", False):
            _batch.changed = False
            content_changed()


def new_version():
    from blog.models import Post, Status

    now = timezone.now()
    next_publish_at = Post.objects.filter(status=Status.PUBLISHED, publish_at__gt=now).aggregate(
        next=Min("publish_at")
    )["next"]
    state = {"version": uuid4().hex[:16], "changed_at": now, "next_publish_at": next_publish_at}
    stored = store_state(cache, state)
    version_watch().forget()
    if stored:
        _version_unsaved.clear()
    else:  # the cache is down (or another process started a version meanwhile)
        _version_unsaved.set()
    return state


def store_state(backend, state):
    """Store a new content state and announce it to the workers that hold the one before
    (version_watch.py; only Redis can: the file cache's workers see its file replaced). Whether the
    cache now holds it: reading it back also makes sure that Redis has written the announcement
    to every subscriber before we go on (it answers the publisher first)."""
    backend.set(STATE_KEY, state, None)
    if (publish := getattr(backend, "publish", None)) is not None:
        publish(backend.make_key(STATE_KEY), state["version"])
    return backend.get(STATE_KEY) == state


def version_watch():
    """This thread's watch over the content state (a cache backend is made per thread)."""
    backend = caches["default"]
    if (watch := getattr(backend, "version_watch", None)) is None:
        watch = backend.version_watch = VersionWatch(backend, STATE_KEY)
    return watch


def content_state():
    return _up_to_date(cache.get(STATE_KEY))


def _state_and_page(key):
    """The content state and what the cache holds under the page's `key` ((version, page) or
    None). While this worker holds the state, the page comes from its memory or alone from the
    cache; otherwise both come in one round trip."""
    watch = version_watch()
    state, token = watch.held()
    if state is not None:
        state = _up_to_date(state)
        if (page := watch.page(key, state["version"])) is not None:
            return state, (state["version"], page)
        stored = cache.get(key)
    else:
        found = cache.get_many([STATE_KEY, key])
        watch.hold(found.get(STATE_KEY), token)
        state, stored = _up_to_date(found.get(STATE_KEY)), found.get(key)
    version, page = stored or (None, None)
    if version == state["version"] and isinstance(page, StoredPage):
        watch.keep_page(key, version, page)
    return state, stored


def _up_to_date(state):
    """The state as fetched, or a new version if there is none or it is out of date."""
    if (
        state is None
        or _version_unsaved.is_set()
        or (state["next_publish_at"] and state["next_publish_at"] <= timezone.now())
    ):
        state = new_version()
    return state


def is_anonymous(request):
    # Decided from the cookies alone: looking up the session would cost a query.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and not any(
        name.startswith(PRIVATE_COOKIE_PREFIX) for name in request.COOKIES
    )


def is_private(response):
    """A page its view marked as one reader's (Cache-Control: private or no-store)."""
    control = response.get("Cache-Control", "")
    return "private" in control or "no-store" in control


def declared_query(query, reads):
    """The query string of the parameters a page reads, valid values only, sorted.

    `reads` maps each parameter to a function giving its canonical value, or None (or "") for
    a value the page ignores. Every other parameter (utm_source, fbclid…) changes nothing.
    """
    found = {}
    for name, canonical in reads.items():
        value = canonical(query[name]) if name in query else None
        if value not in (None, ""):
            found[name] = str(value)
    return urlencode(sorted(found.items()))


def entity_tag(version, encoding):
    """A compressed body is another representation, so it has an ETag of its own."""
    return f'"{version}-{encoding}"' if encoding else f'"{version}"'


def page_key(request, query, encoding):
    address = md5(f"{request.path}?{query}".encode(), usedforsecurity=False).hexdigest()
    return f"page:{request.LANGUAGE_CODE}:{encoding or 'identity'}:{address}"


def cache_for_readers(view, reads=None, unless=()):
    """Mark a view's pages for the page cache (PageCacheMiddleware serves and stores them).

    The page is cached per path and the query parameters it `reads` (see declared_query()). A
    request with a parameter named in `unless` is not this page at all (WordPress's /?p=123 on
    the home page is a redirect): it passes the cache by.
    """

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    cached_view.page_cache = (reads or {}, frozenset(unless))
    return cached_view


def reads_of(request):
    """The query parameters the page reads, if the request is an anonymous reader's GET of a
    cached page; else None. Decided from the path and cookies alone, without the database."""
    if request.method not in ("GET", "HEAD") or not is_anonymous(request):
        return None
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    reads, unless = _page_cache_of(urlconf, request.path_info) or (None, ())
    if reads is None or not unless.isdisjoint(request.GET):
        return None
    return reads


@lru_cache(maxsize=4096)
def _page_cache_of(urlconf, path):
    """What cache_for_readers() said of the path's view, or None (resolving once per path)."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "page_cache", None)


class StoredPage(NamedTuple):
    """A page as the cache keeps it: bytes and headers, quicker to load than a response."""

    status: int
    headers: tuple
    content: bytes

    @classmethod
    def of(cls, response):
        return cls(response.status_code, tuple(response.items()), response.content)

    def response(self):
        return HttpResponse(self.content, status=self.status, headers=dict(self.headers))


class PageCacheMiddleware:
    """Anonymous readers' pages from the cache, with an ETag and Last-Modified that answer 304s,
    before sessions, CSRF, authentication and the rest of the middleware run (near the top of
    MIDDLEWARE). A page is stored as the whole stack made it, every header included, once as it
    is and once per compression, each under its own key holding the content version it was made
    for: so the version and the page come in one round trip to the cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads = reads_of(request)
        if reads is None:
            return self.get_response(request)
        query = declared_query(request.GET, reads)
        encoding = accepted_encoding(request)
        request.LANGUAGE_CODE = translation.get_language_from_request(request)
        key = page_key(request, query, encoding)
        state, stored = _state_and_page(key)
        etag = entity_tag(state["version"], encoding)
        last_modified = int(state["changed_at"].timestamp())  # HTTP dates have whole seconds
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            not_modified["ETag"] = etag
            patch_vary_headers(not_modified, ("Accept-Encoding",))
            return not_modified
        version, page = stored or (None, None)
        # A response pickled by an older release (a shared cache kept over a deploy) is made anew.
        if version == state["version"] and isinstance(page, StoredPage):
            return page.response()
        # The page is made from the declared parameters alone, so it is the page of its key.
        request.GET = QueryDict(query)
        request.META["QUERY_STRING"] = query
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not is_private(response)
        ):
            response["Last-Modified"] = http_date(last_modified)
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            pages = variants(response)
            for name, page in pages.items():
                page["ETag"] = entity_tag(state["version"], name)
            stored_pages = {name: StoredPage.of(page) for name, page in pages.items()}
            version = state["version"]
            cache.set_many(
                {page_key(request, query, name): (version, stored_pages[name]) for name in pages},
                PAGE_TIMEOUT,
            )
            version_watch().keep_page(key, version, stored_pages[encoding])
            response = pages[encoding]
        return response
