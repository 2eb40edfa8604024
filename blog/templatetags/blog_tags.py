"""Sidebar and navigation data, fetched only by the templates that show them."""

from django import template
from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from blog.models import Category, Page, Post
from config.page_cache import PAGE_TIMEOUT

register = template.Library()

RECENT_POSTS = 5


@register.inclusion_tag("includes/sidebar.html")
def sidebar():
    return {
        "categories": Category.objects.with_post_counts().filter(post_count__gt=0),
        "recent_posts": Post.objects.published().only("title", "slug", "publish_at")[:RECENT_POSTS],
        "years": archive_years(),
    }


def archive_years():
    """The months with posts, grouped by year, newest first: [(year, post count, months)].
    Fifteen years are fifteen lines, each opening on its months (templates/includes/sidebar)."""
    months = (
        Post.objects.published()
        .annotate(month=TruncMonth("publish_at"))
        .values("month")
        .annotate(post_count=Count("pk"))
        .order_by("-month")
    )
    years = {}
    for entry in months:
        years.setdefault(entry["month"].year, []).append(entry)
    return [
        (year, sum(entry["post_count"] for entry in entries), entries)
        for year, entries in years.items()
    ]


@register.inclusion_tag("includes/site_navigation.html", takes_context=True)
def site_navigation(context):
    """The pages in the menu, fetched once per content version."""
    pages = Page.objects.published().filter(in_navigation=True).only("title", "slug")

    def menu():
        return [(page.title, page.get_absolute_url()) for page in pages]

    version = context.get("CONTENT_VERSION")  # missing on a page made without a request
    return {
        "pages": cache.get_or_set(f"site-navigation:{version}", menu, PAGE_TIMEOUT)
        if version is not None
        else menu(),
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def post_summaries(context, posts, sticky_first=False):
    """The posts' summaries on a list page, each rendered once per content version: the home
    page, archives and category pages show the same ones. One round trip to the cache."""
    version = context.get("CONTENT_VERSION")
    template = context.template.engine.get_template("includes/post_summary.html")
    language = get_language()

    def key(index, post):
        return f"post-summary:{version}:{language}:{post.pk}:{sticky_first:d}:{index == 0:d}"

    posts = list(posts)
    found = cache.get_many([key(*item) for item in enumerate(posts)]) if version else {}
    parts, made = [], {}
    for index, post in enumerate(posts):
        html = found.get(key(index, post))
        if html is None:
            with context.push(post=post, sticky_first=sticky_first, forloop={"first": index == 0}):
                html = made[key(index, post)] = template.render(context)
        parts.append(html)
    if made and version:
        cache.set_many(made, PAGE_TIMEOUT)
    return mark_safe("".join(parts))  # noqa: S308  (rendered by the template, escaped there)
