"""schema.org descriptions of pages, as JSON-LD, for search engines and link previews."""

import html
import re
from urllib.parse import urljoin

from django.urls import reverse
from django.utils.translation import gettext as _

from .html import plain_text
from .identity import site_tagline, site_title
from .links import absolute

_FIRST_IMAGE = re.compile(r'<img\b[^>]*\bsrc="([^"]+)"')
DESCRIPTION_CHARS = 300


def description(post_or_text):
    """Plain text for a meta description: the author's excerpt, else the opening paragraphs."""
    if hasattr(post_or_text, "summary"):
        if getattr(post_or_text, "password", ""):
            return ""
        post_or_text = post_or_text.excerpt or post_or_text.summary
    text = plain_text(post_or_text)
    if len(text) > DESCRIPTION_CHARS:
        text = text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return text


def first_image(post):
    """The absolute address of the post's sharing image: its featured image, or its first."""
    if post.featured_image:
        return absolute(post.featured_image.url(SHARING_IMAGE_WIDTH))
    if not post.password and (match := _FIRST_IMAGE.search(post.body)):
        return urljoin(absolute(post.get_absolute_url()), html.unescape(match.group(1)))
    return None


SHARING_IMAGE_WIDTH = 1280  # wide enough for Open Graph's large cards


def publisher():
    return {"@type": "Organization", "name": site_title(), "url": absolute("/")}


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


def website():
    """The blog as a WebSite, with the search box search engines may offer for it."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site_title(),
        "description": site_tagline(),
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
