"""WordPress's addresses, so links and feeds from an imported blog keep working.

Query strings on the blog's home page: `/?s=words`, `/?p=<id>`, `/?page_id=<id>`, `/?cat=<id>`,
`/?tag=<slug>`, `/?attachment_id=<id>`, `/?m=YYYYMM` (or YYYY, YYYYMMDD) and `/?feed=rss2`
(alone or with one of the others: `/?feed=rss2&cat=3`). Ids are WordPress's, turned into ours by
what the importer recorded; a post id nobody imported is taken as our own post's pk, which the
feeds use as their guid.

Paths, only once the blog's own routes have answered 404 (so they never shadow a real page):
first the addresses the importer recorded (`OldAddress`, one indexed query), then WordPress's
shapes: a post by its slug under any permalink structure (`/%postname%/`,
`/%category%/%postname%/`…), a child page by its path, a category by its last slug, an
attachment page or a `<!--nextpage-->` part below its post, and the suffixes `feed/`,
`comment-page-N/`, `page/N/`, `trackback/` and `embed/` after any of those.
"""

import re
from functools import cache
from urllib.parse import urlencode

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse

from blog.converters import SLUG, parse_id
from blog.models import Author, Category, Page, Post, Status, Tag
from images.models import Image

from .addresses import ID_QUERY
from .models import Imported, OldAddress

# The home page's query parameters that make it one of WordPress's addresses, not the home page:
# the page cache passes such a request by (blog/urls.py).
HOME_QUERY = frozenset({"s", "p", "page_id", "cat", "tag", "attachment_id", "m", "feed"})
ATOM_FEEDS = {"atom", "comments-atom"}
COMMENT_FEEDS = {"comments-rss2", "comments-atom"}


class LegacyAddressMiddleware:
    """Redirects the home page's WordPress query strings; every other request passes through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404:  # no route took the path
            return old_address_redirect(request) or response
        return response

    def process_exception(self, request, exception):
        """A view's 404: the redirect instead, before the 404 page is drawn."""
        if isinstance(exception, Http404):
            return old_address_redirect(request)
        return None

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.GET
            and request.method in ("GET", "HEAD")
            and request.resolver_match.view_name == "blog:home"
        ):
            return legacy_redirect(request)
        return None


def legacy_redirect(request):
    """The redirect for a WordPress query-string address, or None for an ordinary request."""
    if "s" in request.GET:
        query = urlencode({"q": request.GET["s"]})
        return redirect(f"{reverse('blog:search')}?{query}", permanent=True)
    if (target := _target(request.GET)) is None:
        return None
    obj, feed_url = target
    return redirect(feed_url or obj, permanent=True)


def _target(query):
    """(object or None, feed URL or None) for the query, or None if it names nothing."""
    feed = query.get("feed")
    atom = "_atom" if feed in ATOM_FEEDS else ""
    if "attachment_id" in query:
        return None, _old_url([OldAddress.key("/", f"attachment_id={_wp_id(query)}")])
    if "m" in query:
        return None, _month_archive(query["m"])
    if "p" in query and (url := _attachment_by_post_id(_wp_id(query))):
        return None, url
    if "p" in query:
        post = get_object_or_404(Post.objects.published(), pk=_pk(Post, query["p"], own_pk=True))
        return post, reverse("post_comments_feed", kwargs=_post_kwargs(post)) if feed else None
    if "page_id" in query:
        return get_object_or_404(Page.objects.published(), pk=_pk(Page, query["page_id"])), None
    if "cat" in query:
        category = get_object_or_404(Category, pk=_pk(Category, query["cat"]))
        return category, feed and reverse(f"blog:category_feed{atom}", args=[category.path])
    if "tag" in query:
        if not SLUG.fullmatch(query["tag"]):  # a NUL, which PostgreSQL refuses, or a stray "/"
            raise Http404("No such tag.")
        tag = get_object_or_404(Tag, slug=query["tag"])
        return tag, feed and reverse(f"blog:tag_feed{atom}", args=[tag.slug])
    if feed:
        name = "comments:feed" if feed in COMMENT_FEEDS else f"blog:feed{atom}"
        return None, reverse(name)
    return None


def _pk(model, value, own_pk=False):
    """Our pk for the WordPress id `value` of a `model` object (the latest import wins)."""
    if (wp_id := parse_id(value)) is None:
        raise Http404("No such id.")
    imported = Imported.objects.for_model(model).filter(wp_id=wp_id).order_by("-pk")
    if (pk := imported.values_list("object_id", flat=True).first()) is not None:
        return pk
    if own_pk:
        return wp_id
    raise Http404("Nothing was imported with that id.")


def _post_kwargs(post):
    year, month, day = post.get_absolute_url().strip("/").split("/")[:3]
    return {"year": year, "month": month, "day": day, "slug": post.slug}


def _wp_id(query, name=None):
    name = name or next(n for n in ("attachment_id", "p") if n in query)
    if (wp_id := parse_id(query[name])) is None:
        raise Http404("No such id.")
    return wp_id


def _attachment_by_post_id(wp_id):
    """?p= naming an attachment (or a page): what the importer recorded for it, if anything."""
    if Imported.objects.for_model(Post).filter(wp_id=wp_id).exists():
        return None
    return _old_url([OldAddress.key("/", f"p={wp_id}")], missing=None)


def _month_archive(value):
    """?m=2019, ?m=201907 or ?m=20190704: the archive of that year, month or day."""
    match = re.fullmatch(r"([12]\d{3})(\d\d)?(\d\d)?", value)
    if not match:
        raise Http404("Not a date.")
    names = ["year", "month", "day"]
    kwargs = {name: part for name, part in zip(names, match.groups(), strict=True) if part}
    view = {1: "blog:archive_year", 2: "blog:archive_month", 3: "blog:archive_day"}[len(kwargs)]
    return reverse(view, kwargs=kwargs)


def _old_url(keys, missing=Http404):
    """The new address of the first recorded old address among `keys` (one query)."""
    found = (
        OldAddress.objects.select_related(*OldAddress.TARGETS)
        .filter(path__in=keys)
        .order_by("path")
        .first()
    )
    url = found and _url(found.target)
    if url is None and missing:
        raise missing("Nothing was imported at that address.")
    return url


# What a path names, old addresses after a 404.


def old_address_redirect(request):
    if request.method in ("GET", "HEAD"):
        url = old_address(request)
        if url and url != request.path:
            return HttpResponsePermanentRedirect(url)
    return None


def old_address(request):
    """The new address for a path our routes answered 404 to, or None.

    One query for the recorded addresses it may be (the path, and the path without its suffix
    or last segment), then, if none, two for a page or a post by slug.
    """
    path = request.path_info
    if "\x00" in path or path.startswith("/admin/"):
        return None
    segments = [segment for segment in path.split("/") if segment]
    suffix, base = _suffix(segments)
    # Below a post, an attachment's page or a <!--nextpage--> part: the post.
    below = base[:-1] if suffix is None and len(base) >= 2 else None
    own = [OldAddress.key(path)]
    if ID_QUERY.fullmatch(request.META.get("QUERY_STRING", "")):
        own.insert(0, OldAddress.key(path, request.META["QUERY_STRING"]))
    base_key = OldAddress.key("/".join(base)) if suffix else None
    below_key = OldAddress.key("/".join(below)) if below else None
    keys = [key for key in (*own, base_key, below_key) if key]
    if any(len(key) > OldAddress._meta.get_field("path").max_length for key in keys):
        return None
    recorded = {
        row.path: row.target
        for row in OldAddress.objects.select_related(*OldAddress.TARGETS).filter(path__in=keys)
    }
    if found := next((recorded[key] for key in own if key in recorded), None):
        return _url(found)
    if found := recorded.get(base_key):
        return _with_suffix(found, suffix)
    if not all(SLUG.fullmatch(segment) for segment in segments):
        return None
    by_slug = cache(lambda: _by_slug([b[-1] for b in (base, below) if b]))
    if found := _thing(base, by_slug):
        return _with_suffix(found, suffix)
    if below and isinstance(
        found := recorded.get(below_key) or _thing(below, by_slug), Post | Page
    ):
        return _url(found)
    return None


FEEDS = {("feed",): "", ("feed", "rss2"): "", ("feed", "rss"): "", ("feed", "rdf"): ""}
FEEDS[("feed", "atom")] = "_atom"
ENDINGS = re.compile(r"comment-page-\d{1,9}|trackback|embed|amp")


def _suffix(segments):
    """(what WordPress's suffix asks for, the segments before it): ("page", N), ("feed", "" or
    "_atom"), ("same", None) for the post itself, or None when there is no suffix."""
    if len(segments) >= 2 and segments[-2] == "page" and (number := parse_id(segments[-1])):
        return ("page", number), segments[:-2]
    if segments and ENDINGS.fullmatch(segments[-1]):
        return ("same", None), segments[:-1]
    for ending, atom in FEEDS.items():
        if len(segments) > len(ending) and tuple(segments[-len(ending) :]) == ending:
            return ("feed", atom), segments[: -len(ending)]
    return None, segments


def _thing(segments, by_slug):
    """What WordPress showed at this path: a model instance, a listing as (view, kwargs), or
    None. `by_slug()` gives the pages and posts the request's candidate slugs name."""
    if not segments:
        return ("blog:home", {})
    head, rest = segments[0], segments[1:]
    if head == "category" and rest:
        path = "/".join(rest)
        return Category.objects.filter(path=path).first() or (
            Category.objects.filter(slug=rest[-1]).order_by("path").first()
        )
    if head in ("tag", "author") and len(rest) == 1:
        return (Tag if head == "tag" else Author).objects.filter(slug=rest[0]).first()
    dates = [segment for segment in segments if segment.isdigit()]
    if dates == segments and len(dates) <= 3 and re.fullmatch(r"[12]\d{3}", head):
        names = ["year", "month", "day"][: len(dates)]
        return (f"blog:archive_{names[-1]}", dict(zip(names, dates, strict=True)))
    return by_slug().get(segments[-1])


def _by_slug(slugs):
    """{slug: the published page, else the latest published post, with that slug}."""
    found = {}
    for post in Post.objects.published().filter(slug__in=slugs).order_by("publish_at"):
        found[post.slug] = post
    found.update({page.slug: page for page in Page.objects.published().filter(slug__in=slugs)})
    return found


def _url(found):
    if isinstance(found, tuple):
        try:
            return reverse(found[0], kwargs=found[1])
        except NoReverseMatch:
            return None
    if isinstance(found, Image):
        return None if found.pending else found.url(width=10**6)
    if isinstance(found, Post) and not found.is_public:
        return None
    if isinstance(found, Page) and found.status != Status.PUBLISHED:
        return None
    return found.get_absolute_url() if found is not None else None


def _with_suffix(found, suffix):
    if found is None or suffix is None or suffix[0] == "same":
        return _url(found)
    kind, value = suffix
    listings = {Category: ("blog:category", "path"), Tag: ("blog:tag", "slug")}
    listings[Author] = ("blog:author", "slug")
    if type(found) in listings:
        view, field = listings[type(found)]
        if kind == "page":
            return _url((view, {field: getattr(found, field), "page": value}))
        return reverse(f"{view}_feed{value}", args=[getattr(found, field)])
    if isinstance(found, tuple):
        if kind == "page":
            return _url((found[0], {**found[1], "page": value}))
        return reverse(f"blog:feed{value}") if found[0] == "blog:home" else _url(found)
    if isinstance(found, Post) and kind == "feed" and found.is_public:
        return reverse("post_comments_feed", kwargs=_post_kwargs(found))
    return _url(found)
