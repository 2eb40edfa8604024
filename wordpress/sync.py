"""Importing a WordPress site again: telling its posts and pages apart from another export's that
reuses the same ids, and seeing what changed in WordPress since the last import.

A WordPress id is only unique within one database: two exports from the same site address (the
site rebuilt, a staging copy) may give the same id to different posts. Each imported post and
page keeps a fingerprint of what it was (its type, slug and date); an item whose id matches but
whose fingerprint does not is refused, with its comments, rather than taken for the other.

Each also keeps a hash of what WordPress said (title, body, excerpt, status, terms…) and our
object's `updated_at` as the import left it. A later import reports the items whose hash
changed; with `--update` it applies the change to those not edited here since.
"""

import hashlib

from django.db.models import OuterRef, Subquery

from blog.html import plain_text
from blog.models import Page, Post, Status

from . import content
from .models import Imported


def fingerprint(item):
    return _hash(item.post_type, item.name, item.date_gmt or item.date)


def content_hash(item):
    terms = sorted("|".join(term) for term in item.terms)
    return _hash(
        item.title, item.content, item.excerpt, item.status, item.password, str(item.sticky),
        item.comment_status, item.menu_order, *terms,
    )  # fmt: skip


def stamps(item):
    """What an Imported row keeps of the item, to tell later imports of it apart."""
    return {"fingerprint": fingerprint(item), "content_hash": content_hash(item)}


def _hash(*parts):
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]


def refused(importer, model, item, found):
    """True, and the reason reported, when this item's id was imported for something else."""
    row = importer.rows.get((model, item.wp_id))
    if row is None or not row.fingerprint or row.fingerprint == fingerprint(item):
        return False
    importer.refused.add(item.wp_id)
    kind = "pages" if model is Page else "posts"
    importer.report.skip(kind, "its WordPress id was imported before for other content")
    importer.report.notes.append(
        f"“{plain_text(item.title)}” (WordPress id {item.wp_id}) refused: {importer.site} "
        f"id {item.wp_id} was imported before as “{found}”, a different {item.post_type} "
        "(another export of the same address reusing its ids). Nothing of it, nor its "
        "comments, was imported."
    )
    return True


def found_again(importer, model, item, found):
    """An item imported before: report it if it changed in WordPress, apply the change with
    --update unless the post or page was edited here since."""
    row = importer.rows.get((model, item.wp_id))
    if row is None or not row.content_hash:
        importer.stamp(model, item)  # imported before fingerprints existed: from now on
        return
    if row.content_hash == content_hash(item):
        return
    label = f"“{found}” ({found.get_absolute_url()})"
    if row.synced_at and found.updated_at > row.synced_at:
        importer.report.changed_here.append(label)
    elif importer.update:
        apply(importer, model, item, found)
        importer.stamp(model, item)
        importer.report.updated.append(label)
    else:
        importer.report.changed.append(label)


def apply(importer, model, item, obj):
    """WordPress's new title, body, excerpt, status and terms; the slug and date stay, and so
    does the address."""
    if model is Post:
        obj.title = plain_text(item.title)[:300] or obj.title
        obj.excerpt = content.plain_paragraphs(item.excerpt) or content.text_before_more(
            item.content
        )
        obj.sticky = item.sticky
        obj.allow_comments = item.comment_status != "closed"
        obj.status = importer.post_status(item)
        obj.password = item.password
    else:
        obj.title = plain_text(item.title)[:200] or obj.title
        obj.status = (
            Status.PUBLISHED if item.status == "publish" and not item.password else (Status.DRAFT)
        )
    obj.body = content.to_html(item.content)
    obj.save()
    if model is Post:
        categories, tags = importer.item_terms(item)
        obj.categories.set(categories)
        obj.tags.set(tags)


def stamp_all(importer):
    """Record, for what this import made or changed, our objects' updated_at as it leaves them:
    a later edit here is then seen."""
    for model, wp_ids in importer.stamped.items():
        updated = model._default_manager.filter(pk=OuterRef("object_id")).values("updated_at")
        Imported.objects.for_model(model).filter(site=importer.site, wp_id__in=wp_ids).update(
            synced_at=Subquery(updated[:1])
        )
