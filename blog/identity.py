"""The blog's title and tagline: the author's (BlogSettings, edited in the admin), else the
environment's. The author's are kept in the shared cache, so a page pays a query only when the
cache is cold; saving them drops the entry (BlogSettings.save) and starts a new content version
for the cached pages (config/apps.py watches them)."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

CACHE_KEY = "blog-identity"


def identity():
    if (found := cache.get(CACHE_KEY)) is None:
        from .models import BlogSettings

        found = BlogSettings.objects.filter(pk=1).values("title", "tagline").first() or {}
        cache.set(CACHE_KEY, found, 24 * 60 * 60)
    return {
        "title": found.get("title") or settings.BLOG_TITLE,
        "tagline": found.get("tagline") or settings.BLOG_TAGLINE,
    }


def forget():
    """Drop the cached entry: now, and once the transaction that changed it commits."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


def site_title():
    return identity()["title"]


def site_tagline():
    return identity()["tagline"]
