"""Reading a WordPress export (WXR 1.0 to 1.2) into plain records.

A WXR file is RSS 2.0 with WordPress's namespace. Files that declare a DTD or entities are
refused outright: that is where XML bombs and external-entity tricks live, and WordPress never
writes either. defusedxml's parser refuses them as it meets them, in whatever encoding the
file is written (a search of the text would miss them in UTF-16, and would take a post's code
sample showing "<!DOCTYPE html>" for one).
"""

import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils import timezone

SUPPORTED_VERSIONS = {"1.0", "1.1", "1.2"}
# The namespaces by their URI, whatever the scheme or WXR version: a prefix for each.
NAMESPACES = [
    (re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/excerpt/$"), "excerpt"),
    (re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/$"), "wp"),
    (re.compile(r"^http://purl\.org/rss/1\.0/modules/content/$"), "content"),
    (re.compile(r"^http://purl\.org/dc/elements/1\.1/$"), "dc"),
]
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
    # wp:postmeta by key (_thumbnail_id, _wp_attachment_image_alt, _wp_attached_file…).
    meta: dict[str, str] = field(default_factory=dict)
    guid: str = ""


@dataclass
class Export:
    version: str
    site_url: str
    authors: list[Author]
    terms: list[Term]
    items: "Items"  # iterable any number of times, one item in memory at a time
    item_count: int = 0
    comment_count: int = 0
    title: str = ""  # the site's title and tagline (Settings → General)
    tagline: str = ""
    # The attachments, read in the first pass: posts met later in the file may show any of them.
    attachments: list[Item] = field(default_factory=list)


@cache  # a file has few distinct tags, met hundreds of thousands of times
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
    """ASCII digits that fit a database integer ("²" and 30-digit numbers are not ids)."""
    value = (value or "").strip()
    return int(value) if re.fullmatch("[0-9]{1,18}", value) else default


def _slug(value):
    """WordPress stores a slug in any other script percent-encoded ("%d0%bd%d0%be…" for "но…"):
    the slug itself, which the blog's addresses take as it is."""
    return unquote(value or "")


def parse(source):
    """An Export of a WXR file (its path, or its bytes); WXRError if it is not one.

    The file is read as a stream, one element at a time, so memory stays bounded whatever its
    size: a first pass checks it whole and reads the site's authors, terms and attachments (and
    counts the items and comments, for progress); `Export.items` reads the items again each time
    it is iterated.
    """
    header = {"version": "", "site_url": "", "link": "", "authors": [], "elements": []}
    header |= {"title": "", "description": "", "attachments": []}
    items = comments = 0
    for element, _depth in _channel_children(source):
        name = _name(element.tag)
        if name == "item":
            items += 1
            post_type = ""
            for child in element:
                if (child_name := _name(child.tag)) == "wp:comment":
                    comments += 1
                elif child_name == "wp:post_type":
                    post_type = (child.text or "").strip()
            if post_type == "attachment":
                header["attachments"].append(_item(_Node(element)))
        elif name == "wp:wxr_version":
            header["version"] = (element.text or "").strip()
        elif name == "wp:base_blog_url":
            header["site_url"] = (element.text or "").strip()
        elif name in ("link", "title", "description"):
            header[name] = (element.text or "").strip()
        elif name == "wp:author":
            header["authors"].append(_author(_Node(element)))
        elif name in ("wp:category", "wp:tag", "wp:term"):
            header["elements"].append(_Node(element))
    version = header["version"]
    if not version:
        raise WXRError("The file has no wp:wxr_version: not a WordPress export (WXR).")
    if version not in SUPPORTED_VERSIONS:
        raise WXRError(f"WXR version {version} is not supported (1.0 to 1.2 are).")
    return Export(
        version=version,
        site_url=header["site_url"] or header["link"],
        authors=header["authors"],
        terms=_terms(header["elements"]),
        items=Items(source),
        item_count=items,
        comment_count=comments,
        title=header["title"],
        tagline=header["description"],
        attachments=header["attachments"],
    )


class Items:
    """The export's items, parsed one at a time from the file on each iteration."""

    def __init__(self, source):
        self.source = source

    def __iter__(self):
        for element, _depth in _channel_children(self.source):
            if _name(element.tag) == "item":
                yield _item(_Node(element))


def _channel_children(source):
    """Each child element of the RSS channel, complete, then dropped from memory once used."""
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else open(source, "rb")  # noqa: SIM115
    depth, channel, seen_channel = 0, None, False
    try:
        with stream:
            for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
                if event == "start":
                    depth += 1
                    if depth == 1 and element.tag != "rss":
                        raise WXRError(
                            "The file is XML but not an RSS document: not a WordPress export."
                        )
                    if depth == 2 and element.tag == "channel":
                        channel, seen_channel = element, True
                    continue
                depth -= 1
                if depth == 2 and channel is not None:
                    yield element, depth
                    channel.remove(element)
                elif depth == 1:
                    channel = None
    except DefusedXmlException:
        raise WXRError(
            "The file declares a DTD or entities (<!DOCTYPE or <!ENTITY), which WordPress "
            "exports never do: refused, as such files can be XML bombs."
        ) from None
    except ParseError as error:
        line, column = error.position
        raise WXRError(
            f"The file is not well-formed XML (line {line}, column {column}): it may be "
            "truncated or not an export."
        ) from None
    if not seen_channel:
        raise WXRError("The file is XML but not an RSS document: not a WordPress export.")


def _author(node):
    return Author(
        wp_id=_int(node.text("wp:author_id")),
        login=node.text("wp:author_login"),
        display_name=node.text("wp:author_display_name") or node.text("wp:author_login"),
    )


def _terms(nodes):
    """The categories and tags declared in the channel (wp:category, wp:tag, wp:term nodes)."""
    terms = []
    for n in nodes:
        name = _name(n.element.tag)
        if name == "wp:category":
            terms.append(
                Term(
                    "category",
                    _int(n.text("wp:term_id")),
                    _slug(n.text("wp:category_nicename")),
                    n.text("wp:cat_name"),
                    _slug(n.text("wp:category_parent")),
                    n.text("wp:category_description"),
                )
            )
        elif name == "wp:tag":
            terms.append(
                Term(
                    "tag",
                    _int(n.text("wp:term_id")),
                    _slug(n.text("wp:tag_slug")),
                    n.text("wp:tag_name"),
                    description=n.text("wp:tag_description"),
                )
            )
    # Newer exports may list categories and tags as generic terms as well: same slugs.
    kinds = {"category": "category", "post_tag": "tag"}
    declared = {(t.kind, t.slug) for t in terms}
    for n in nodes:
        if _name(n.element.tag) != "wp:term":
            continue
        kind, slug = kinds.get(n.text("wp:term_taxonomy")), _slug(n.text("wp:term_slug"))
        if kind and (kind, slug) not in declared:
            declared.add((kind, slug))
            terms.append(
                Term(
                    kind,
                    _int(n.text("wp:term_id")),
                    slug,
                    n.text("wp:term_name"),
                    _slug(n.text("wp:term_parent")),
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
        name=_slug(node.text("wp:post_name")),
        date=node.text("wp:post_date"),
        date_gmt=node.text("wp:post_date_gmt"),
        comment_status=node.text("wp:comment_status", "open"),
        password=node.text("wp:post_password"),
        sticky=node.text("wp:is_sticky") == "1",
        parent_wp_id=_int(node.text("wp:post_parent"), 0),
        menu_order=_int(node.text("wp:menu_order"), 0),
        attachment_url=node.text("wp:attachment_url"),
        terms=[
            (e.get("domain", ""), _slug(e.get("nicename", "")), (e.text or "").strip())
            for e in node.all("category")
        ],
        comments=[_comment(_Node(e)) for e in node.all("wp:comment")],
        meta={
            n.text("wp:meta_key"): n.raw("wp:meta_value")
            for n in map(_Node, node.all("wp:postmeta"))
        },
        guid=guid,
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
