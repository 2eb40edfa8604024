"""Whole pages cached for anonymous readers, all invalidated together by one content version.

Every reader page shows the sidebar (recent posts, categories with counts, the months), so
almost any change a reader can see changes every page: one version for the whole blog is what
"invalidate exactly what it must" comes to here, and it holds across app servers because the
version lives in the shared cache. A scheduled post coming due changes the version too.
"""

from functools import wraps
from hashlib import md5
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .models import Post, Status

STATE_KEY = "content-state"
PAGE_TIMEOUT = 24 * 60 * 60


def content_changed():
    """Call after any change that readers can see."""
    new_version()
    if transaction.get_connection().in_atomic_block:
        # A reader's request before the commit would cache the old content under this
        # version: start another one once the change is visible to everyone.
        transaction.on_commit(new_version)


def new_version():
    now = timezone.now()
    next_publish_at = Post.objects.filter(status=Status.PUBLISHED, publish_at__gt=now).aggregate(
        next=Min("publish_at")
    )["next"]
    state = {"version": uuid4().hex[:16], "changed_at": now, "next_publish_at": next_publish_at}
    cache.set(STATE_KEY, state, None)
    return state


def content_state():
    state = cache.get(STATE_KEY)
    if state is None or (state["next_publish_at"] and state["next_publish_at"] <= timezone.now()):
        state = new_version()
    return state


def is_anonymous(request):
    # Decided from the cookie alone: looking up the session would cost a query.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def cache_for_readers(view):
    """Serve anonymous GETs from the cache, with an ETag and Last-Modified that answer 304s."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        # A query string (?utm_source=…, ?p=…) is served fresh: each would be a page of its own.
        if request.method not in ("GET", "HEAD") or request.GET or not is_anonymous(request):
            return view(request, *args, **kwargs)
        state = content_state()
        etag = f'"{state["version"]}"'
        last_modified = int(state["changed_at"].timestamp())  # HTTP dates have whole seconds
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return not_modified
        path = md5(request.path.encode(), usedforsecurity=False).hexdigest()
        key = f"page:{state['version']}:{request.LANGUAGE_CODE}:{path}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code == 200 and not response.cookies:
                response["ETag"] = etag
                response["Last-Modified"] = http_date(last_modified)
                patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
                cache.set(key, response, PAGE_TIMEOUT)
        return response

    return cached_view
