"""Reading a WordPress export (WXR 1.0 to 1.2) into plain records, with the standard library.

A WXR file is RSS 2.0 with WordPress's namespace. Files that declare a DTD or entities are
refused outright: that is where XML bombs and external-entity tricks live, and WordPress never
writes either.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.utils import timezone

SUPPORTED_VERSIONS = {"1.0", "1.1", "1.2"}
# The namespaces by their URI, whatever the scheme or WXR version: a prefix for each.
NAMESPACES = [
    (re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/excerpt/$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/$"), "wp"),
    (re.compile(r"^http://purl\.org/rss/1\.0/modules/content/$"), "content"),
    (re.compile(r"^http://purl\.org/dc/elements/1\.1/$"), "dc"),
]
_FORBIDDEN = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_ID_IN_URL = re.compile(r"[?&]p=(\d+)")


class WXRError(ValueError):
    """The file is not a WordPress export this importer can read."""


@dataclass
class Author:
    wp_id: int | None
    login: str
    display_name: str


@dataclass
class Term:
    kind: str  # "category" or "tag"
    wp_id: int | None
    slug: str
    name: str
    parent_slug: str = ""
    description: str = ""


@dataclass
class Comment:
    wp_id: int
    parent_wp_id: int
    author: str
    email: str
    url: str
    ip: str
    date: str
    date_gmt: str
    content: str
    approved: str  # "1", "0", "spam" (or "trash")
    type: str  # "", "comment", "pingback", "trackback"


@dataclass
class Item:
    wp_id: int | None
    post_type: str
    status: str
    title: str
    link: str
    creator: str
    content: str
    excerpt: str
    name: str
    date: str
    date_gmt: str
    comment_status: str
    password: str
    sticky: bool
    parent_wp_id: int
    menu_order: int
    attachment_url: str
    # (domain, slug, name): domain is "category", "post_tag", another taxonomy, or "" if absent.
    terms: list[tuple[str, str, str]] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)


@dataclass
class Export:
    version: str
    site_url: str
    authors: list[Author]
    terms: list[Term]
    items: list[Item]


def _name(tag):
    """ "{uri}local" as "prefix:local" for the namespaces we know."""
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        for pattern, prefix in NAMESPACES:
            if pattern.match(uri):
                return f"{prefix}:{local}"
        return f"{{{uri}}}{local}"
    return tag


class _Node:
    """An element's children by their normalised name."""

    def __init__(self, element):
        self.element = element
        self.children = {}
        for child in element:
            self.children.setdefault(_name(child.tag), []).append(child)

    def all(self, name):
        return self.children.get(name, [])

    def text(self, name, default=""):
        found = self.children.get(name)
        return (found[0].text or "").strip() if found else default

    def raw(self, name):
        """Text as is (bodies keep their line breaks)."""
        found = self.children.get(name)
        return (found[0].text or "") if found else ""


def _int(value, default=None):
    value = (value or "").strip()
    return int(value) if value.isdigit() else default


def _decode(data):
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise WXRError(
            f"The file is not UTF-8 text (byte {error.start}): is it a WordPress export?"
        ) from None
    if _FORBIDDEN.search(text):
        raise WXRError(
            "The file declares a DTD or entities (<!DOCTYPE or <!ENTITY), which WordPress "
            "exports never do: refused, as such files can be XML bombs."
        )
    return text


def parse(data):
    """An Export from the bytes of a WXR file; WXRError if they are not one."""
    text = _decode(data)
    try:
        root = ET.fromstring(text.encode())
    except ET.ParseError as error:
        line, column = error.position
        raise WXRError(
            f"The file is not well-formed XML (line {line}, column {column}): it may be "
            "truncated or not an export."
        ) from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise WXRError("The file is XML but not an RSS document: not a WordPress export.")
    node = _Node(channel)
    version = node.text("wp:wxr_version")
    if not version:
        raise WXRError("The file has no wp:wxr_version: not a WordPress export (WXR).")
    if version not in SUPPORTED_VERSIONS:
        raise WXRError(f"WXR version {version} is not supported (1.0 to 1.2 are).")
    return Export(
        version=version,
        site_url=node.text("wp:base_blog_url") or node.text("link"),
        authors=[_author(_Node(e)) for e in node.all("wp:author")],
        terms=_terms(node),
        items=[_item(_Node(e)) for e in node.all("item")],
    )


def _author(node):
    return Author(
        wp_id=_int(node.text("wp:author_id")),
        login=node.text("wp:author_login"),
        display_name=node.text("wp:author_display_name") or node.text("wp:author_login"),
    )


def _terms(node):
    terms = [
        Term(
            "category",
            _int(n.text("wp:term_id")),
            n.text("wp:category_nicename"),
            n.text("wp:cat_name"),
            n.text("wp:category_parent"),
            n.text("wp:category_description"),
        )
        for n in map(_Node, node.all("wp:category"))
    ]
    terms += [
        Term(
            "tag",
            _int(n.text("wp:term_id")),
            n.text("wp:tag_slug"),
            n.text("wp:tag_name"),
            description=n.text("wp:tag_description"),
        )
        for n in map(_Node, node.all("wp:tag"))
    ]
    # Newer exports may list categories and tags as generic terms as well: same slugs.
    kinds = {"category": "category", "post_tag": "tag"}
    for n in map(_Node, node.all("wp:term")):
        if (kind := kinds.get(n.text("wp:term_taxonomy"))) and not any(
            t.kind == kind and t.slug == n.text("wp:term_slug") for t in terms
        ):
            terms.append(
                Term(
                    kind,
                    _int(n.text("wp:term_id")),
                    n.text("wp:term_slug"),
                    n.text("wp:term_name"),
                    n.text("wp:term_parent"),
                    n.text("wp:term_description"),
                )
            )
    return terms


def _item(node):
    link, guid = node.text("link"), node.text("guid")
    wp_id = _int(node.text("wp:post_id"))
    if wp_id is None and (match := _ID_IN_URL.search(guid) or _ID_IN_URL.search(link)):
        wp_id = int(match.group(1))  # hand-written exports may only have the ?p= address
    return Item(
        wp_id=wp_id,
        post_type=node.text("wp:post_type", "post"),
        status=node.text("wp:status", "publish"),
        title=node.text("title"),
        link=link,
        creator=node.text("dc:creator"),
        content=node.raw("content:encoded"),
        excerpt=node.raw("excerpt:encoded").strip(),
        name=node.text("wp:post_name"),
        date=node.text("wp:post_date"),
        date_gmt=node.text("wp:post_date_gmt"),
        comment_status=node.text("wp:comment_status", "open"),
        password=node.text("wp:post_password"),
        sticky=node.text("wp:is_sticky") == "1",
        parent_wp_id=_int(node.text("wp:post_parent"), 0),
        menu_order=_int(node.text("wp:menu_order"), 0),
        attachment_url=node.text("wp:attachment_url"),
        terms=[
            (e.get("domain", ""), e.get("nicename", ""), (e.text or "").strip())
            for e in node.all("category")
        ],
        comments=[_comment(_Node(e)) for e in node.all("wp:comment")],
    )


def _comment(node):
    return Comment(
        wp_id=_int(node.text("wp:comment_id"), 0),
        parent_wp_id=_int(node.text("wp:comment_parent"), 0),
        author=node.text("wp:comment_author"),
        email=node.text("wp:comment_author_email"),
        url=node.text("wp:comment_author_url"),
        ip=node.text("wp:comment_author_IP"),
        date=node.text("wp:comment_date"),
        date_gmt=node.text("wp:comment_date_gmt"),
        content=node.raw("wp:comment_content").strip(),
        approved=node.text("wp:comment_approved", "1"),
        type=node.text("wp:comment_type"),
    )


def moment(gmt, local):
    """An aware datetime from WordPress's GMT date, else its local one (taken as ours)."""
    for value, zone in ((gmt, UTC), (local, None)):
        if value and not value.startswith("0000"):
            try:
                moment = datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
            return moment.replace(tzinfo=zone) if zone else timezone.make_aware(moment)
    return None
