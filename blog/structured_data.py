"""schema.org descriptions of pages, as JSON-LD, for search engines and link previews."""

import html
import re
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .html import plain_text
from .links import absolute

_FIRST_IMAGE = re.compile(r'<img\b[^>]*\bsrc="([^"]+)"')
DESCRIPTION_CHARS = 300


def description(post_or_text):
    """Plain text for a meta description: the author's excerpt, else the opening paragraphs."""
    if hasattr(post_or_text, "summary"):
        post_or_text = post_or_text.excerpt or post_or_text.summary
    text = plain_text(post_or_text)
    if len(text) > DESCRIPTION_CHARS:
        text = text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return text


def first_image(post):
    """The absolute address of the post's sharing image: its featured image, or its first."""
    if post.featured_image:
        return absolute(post.featured_image.url(SHARING_IMAGE_WIDTH))
    if match := _FIRST_IMAGE.search(post.body):
        return urljoin(absolute(post.get_absolute_url()), html.unescape(match.group(1)))
    return None


SHARING_IMAGE_WIDTH = 1280  # wide enough for Open Graph's large cards


def publisher():
    return {"@type": "Organization", "name": settings.BLOG_TITLE, "url": absolute("/")}


def blog_posting(post):
    url = absolute(post.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": post.title,
        "description": description(post),
        "datePublished": post.publish_at.isoformat(),
        "dateModified": max(post.updated_at, post.publish_at).isoformat(),
        "author": {
            "@type": "Person",
            "name": post.author.name,
            "url": absolute(post.author.get_absolute_url()),
        },
        "publisher": publisher(),
        "articleSection": [category.name for category in post.categories.all()],
        "keywords": [tag.name for tag in post.tags.all()],
    }
    if image := first_image(post):
        data["image"] = image
    return data


def breadcrumbs(trail):
    """A BreadcrumbList from (name, path) pairs, the home page first."""
    items = [(_("Home"), reverse("blog:home")), *trail]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(name), "item": absolute(path)}
            for position, (name, path) in enumerate(items, start=1)
        ],
    }


def archive_trail(context):
    """The breadcrumb trail of an archive page, from the archive view's context."""
    kind = context.get("archive_kind")
    if kind == "category":
        category, trail = context["category"], []
        while category:
            trail.insert(0, (category.name, category.get_absolute_url()))
            category = category.parent
        return trail
    if kind in {"tag", "author"}:
        obj = context[kind]
        return [(obj.name, obj.get_absolute_url())]
    trail = []
    if kind in {"year", "month", "day"}:
        year = context.get("year") or context.get("month") or context.get("day")
        year = getattr(year, "year", year)
        trail.append((str(year), reverse("blog:archive_year", kwargs={"year": year})))
    if kind in {"month", "day"}:
        month = context.get("month") or context["day"]
        trail.append(
            (
                date_format(month, "YEAR_MONTH_FORMAT"),
                reverse("blog:archive_month", kwargs={"year": month.year, "month": month.month}),
            )
        )
    if kind == "day":
        day = context["day"]
        trail.append(
            (
                date_format(day, "DATE_FORMAT"),
                reverse(
                    "blog:archive_day",
                    kwargs={"year": day.year, "month": day.month, "day": day.day},
                ),
            )
        )
    return trail


def website():
    """The blog as a WebSite, with the search box search engines may offer for it."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": settings.BLOG_TITLE,
        "description": settings.BLOG_TAGLINE,
        "url": absolute(reverse("blog:home")),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(reverse("blog:search")) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }
