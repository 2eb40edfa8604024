"""Recording the addresses an imported WordPress blog answered at, so old links keep working.

Every item's <link> and <guid> (posts, pages, attachments), whatever the permalink structure,
and the addresses WordPress gives categories (/category/parent/child/), tags (/tag/slug/) and
authors (/author/login/) become `OldAddress` rows pointing at what was imported. An attachment
points at its image in the media library when one was imported for it, else at the post or page
it belongs to, and answers its `?attachment_id=` and `?p=` addresses too. The request side is in
redirects.py.
"""

import re
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from django.utils.text import slugify

from blog.models import RESERVED_PAGE_SLUGS, Author, Category, Page, Post, Tag
from images.models import Image

from .models import OldAddress

ID_QUERY = re.compile(r"(p|page_id|attachment_id)=(\d{1,18})")


def address_key(url):
    """The OldAddress key for a URL from the export, or None for one that names nothing of its
    own (the site's root, another query string)."""
    parts = urlsplit(url or "")
    if not parts.path and not parts.query:
        return None
    query = ""
    if parts.query:
        if not ID_QUERY.fullmatch(parts.query):
            return None
        query = parts.query
    key = OldAddress.key(unquote(parts.path), query)
    if key == "/" or len(key) > OldAddress._meta.get_field("path").max_length:
        return None
    return key


class Seen(NamedTuple):
    """What the addresses need of an item, kept while the import reads the export once."""

    post_type: str
    wp_id: int
    link: str
    guid: str
    parent_wp_id: int


def seen(item):
    """The Seen of an item whose addresses are recorded, else None."""
    if item.wp_id is None or item.post_type not in ("post", "page", "attachment"):
        return None
    return Seen(item.post_type, item.wp_id, item.link, item.guid, item.parent_wp_id)


def record(importer):
    """Record the old addresses of what this import made or found (the items of
    `importer.seen`); returns how many."""
    targets = {}  # key → {field: pk}
    known = importer.known
    kinds = {"post": ("post", Post), "page": ("page", Page)}
    parents = {}
    items = importer.seen
    for item in items:
        if item.post_type in kinds:
            field, model = kinds[item.post_type]
            if (pk := known[model].get(item.wp_id)) is not None:
                parents[item.wp_id] = {field: pk}
                for url in (item.link, item.guid):
                    if key := address_key(url):
                        targets[key] = {field: pk}
    for item in items:
        if item.post_type != "attachment":
            continue
        # Its image, or until that has renditions (or without one) the post it belongs to.
        target = dict(parents.get(item.parent_wp_id, {}))
        if (pk := known[Image].get(item.wp_id)) is not None:
            target["image"] = pk
        if not target:
            continue
        keys = [address_key(item.link), address_key(item.guid)]
        keys += [f"/?attachment_id={item.wp_id}", f"/?p={item.wp_id}"]
        for key in filter(None, keys):
            targets.setdefault(key, target)
    for path, category in term_paths(importer).items():
        targets.setdefault(OldAddress.key(f"category/{path}"), {"category": category.pk})
    for slug, tag in importer.tags.items():
        targets.setdefault(OldAddress.key(f"tag/{slug}"), {"tag": tag.pk})
    for login, author in importer.authors.items():
        if slug := slugify(login):
            targets.setdefault(OldAddress.key(f"author/{slug}"), {"author": author.pk})
    for key, fields in targets.items():
        field = next(iter(fields))
        if field in ("post", "page") and key.strip("/") in RESERVED_PAGE_SLUGS:
            importer.report.notes.append(
                f"The old address {key}/ is the blog's own here (it keeps answering as "
                f"such): that {field} has its new address only."
            )
    rows = [
        OldAddress(path=key, **{f"{field}_id": pk for field, pk in fields.items()})
        for key, fields in targets.items()
    ]
    rows = _still_there(rows)
    OldAddress.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["path"],
        update_fields=[*OldAddress.TARGETS, "recorded_at"],
        batch_size=500,
    )
    return len(rows)


def term_paths(importer):
    """WordPress's path of each imported category (its slugs from the root), as its export
    declares them: our own path may differ where a slug had to change."""
    declared = {t.slug: t for t in importer.export.terms if t.kind == "category"}
    paths = {}
    for slug, category in importer.categories.items():
        chain, seen = [slug], {slug}
        term = declared.get(slug)
        while term and term.parent_slug and term.parent_slug not in seen:
            chain.append(term.parent_slug)
            seen.add(term.parent_slug)
            term = declared.get(term.parent_slug)
        paths["/".join(reversed(chain))] = category
    return paths


def _still_there(rows):
    """Leave out rows whose target was deleted here since an earlier import."""
    models = {"post": Post, "page": Page, "category": Category, "tag": Tag, "author": Author}
    models["image"] = Image
    wanted = {}
    for row in rows:
        for field in OldAddress.TARGETS:
            if (pk := getattr(row, f"{field}_id")) is not None:
                wanted.setdefault(field, set()).add(pk)
    existing = {
        field: set(models[field].objects.filter(pk__in=pks).values_list("pk", flat=True))
        for field, pks in wanted.items()
    }
    return [
        row
        for row in rows
        if all(
            getattr(row, f"{name}_id") is None or getattr(row, f"{name}_id") in existing[name]
            for name in OldAddress.TARGETS
        )
    ]
