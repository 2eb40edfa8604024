"""WordPress's query-string addresses, so links and feeds from an imported blog keep working.

`/?s=words`, `/?p=<id>`, `/?page_id=<id>`, `/?cat=<id>`, `/?tag=<slug>` and `/?feed=rss2`
(alone or with one of the others: `/?feed=rss2&cat=3`). Ids are WordPress's: an importer
registers a lookup that turns them into ours (the blog itself knows nothing of importers); a
post id nobody imported is taken as our own post's pk, which the feeds use as their guid.
"""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from .models import Category, Page, Post, Tag

_id_lookups = []
ATOM_FEEDS = {"atom", "comments-atom"}
COMMENT_FEEDS = {"comments-rss2", "comments-atom"}


def register_id_lookup(lookup):
    """Add `lookup(model, wordpress_id)`, which returns the pk of what was imported, or None."""
    if lookup not in _id_lookups:
        _id_lookups.append(lookup)


def _pk(model, value, own_pk=False):
    if not value.isdigit() or len(value) > 18:
        raise Http404("No such id.")
    for lookup in _id_lookups:
        if (pk := lookup(model, int(value))) is not None:
            return pk
    if own_pk:
        return int(value)
    raise Http404("Nothing was imported with that id.")


def _target(query):
    """(object or None, feed URL name or None) for the query, or None if it names nothing."""
    feed = query.get("feed")
    atom = "_atom" if feed in ATOM_FEEDS else ""
    if "p" in query:
        post = get_object_or_404(Post.objects.published(), pk=_pk(Post, query["p"], own_pk=True))
        return post, reverse("post_comments_feed", kwargs=_post_kwargs(post)) if feed else None
    if "page_id" in query:
        return get_object_or_404(Page.objects.published(), pk=_pk(Page, query["page_id"])), None
    if "cat" in query:
        category = get_object_or_404(Category, pk=_pk(Category, query["cat"]))
        return category, feed and reverse(f"blog:category_feed{atom}", args=[category.path])
    if "tag" in query:
        tag = get_object_or_404(Tag, slug=query["tag"])
        return tag, feed and reverse(f"blog:tag_feed{atom}", args=[tag.slug])
    if feed:
        name = "comments:feed" if feed in COMMENT_FEEDS else f"blog:feed{atom}"
        return None, reverse(name)
    return None


def _post_kwargs(post):
    year, month, day = post.get_absolute_url().strip("/").split("/")[:3]
    return {"year": year, "month": month, "day": day, "slug": post.slug}


def legacy_redirect(request):
    """The redirect for a WordPress query-string address, or None for an ordinary request."""
    if "s" in request.GET:
        query = urlencode({"q": request.GET["s"]})
        return redirect(f"{reverse('blog:search')}?{query}", permanent=True)
    if (target := _target(request.GET)) is None:
        return None
    obj, feed_url = target
    return redirect(feed_url or obj, permanent=True)
