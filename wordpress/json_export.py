"""The whole blog as plain JSON ("format": "broadsheet/1"; its shape is in the README), written
as it is read, one object a line, so a large blog costs little memory. Ids are our own keys;
references between objects (a post's author, a reply's parent) use them."""

import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils import timezone

from blog.identity import site_tagline, site_title
from blog.models import Author, Category, Page, Post, Tag
from comments.models import Comment
from images.models import Image

from .wxr_export import BATCH, absolute

FORMAT = "broadsheet/1"


def moment(value):
    return value.isoformat() if value else None


def comment_status(comment):
    if comment.is_spam:
        return "spam"
    if comment.is_removed:
        return "removed"
    return "published" if comment.is_public else "held"


def author(obj):
    return {
        "id": obj.pk,
        "slug": obj.slug,
        "name": obj.name,
        "bio": obj.bio,
        "email": obj.user.email if obj.user else "",
        "url": absolute(obj.get_absolute_url()),
    }


def category(obj):
    return {
        "id": obj.pk,
        "name": obj.name,
        "slug": obj.slug,
        "path": obj.path,
        "parent": obj.parent_id,
        "description": obj.description,
        "url": absolute(obj.get_absolute_url()),
    }


def tag(obj):
    return {
        "id": obj.pk,
        "name": obj.name,
        "slug": obj.slug,
        "description": obj.description,
        "url": absolute(obj.get_absolute_url()),
    }


def image(obj):
    return {
        "id": obj.pk,
        # None while the worker has not made its renditions: the upload itself is never served.
        "url": None if obj.pending else absolute(obj.file.storage.url(obj.file.name)),
        "original_name": obj.original_name,
        "alt_text": obj.alt_text,
        "decorative": obj.decorative,
        "caption": obj.caption,
        "width": obj.width,
        "height": obj.height,
        "uploaded_at": moment(obj.created_at),
    }


def post(obj):
    return {
        "id": obj.pk,
        "title": obj.title,
        "slug": obj.slug,
        "url": absolute(obj.get_absolute_url()),
        "author": obj.author_id,
        "status": obj.status,
        "publish_at": moment(obj.publish_at),
        "sticky": obj.sticky,
        "password": obj.password,
        "allow_comments": obj.allow_comments,
        "excerpt": obj.excerpt,
        "body": obj.body,
        "categories": [c.pk for c in obj.categories.all()],
        "tags": [t.pk for t in obj.tags.all()],
        "featured_image": obj.featured_image_id,
        "created_at": moment(obj.created_at),
        "updated_at": moment(obj.updated_at),
    }


def page(obj):
    return {
        "id": obj.pk,
        "title": obj.title,
        "slug": obj.slug,
        "url": absolute(obj.get_absolute_url()),
        "status": obj.status,
        "body": obj.body,
        "in_navigation": obj.in_navigation,
        "order": obj.order,
        "updated_at": moment(obj.updated_at),
    }


def comment(obj):
    return {
        "id": obj.pk,
        "post": int(obj.object_pk),
        "parent": obj.parent_id if obj.parent_id not in (0, obj.pk) else None,
        "name": obj.user_name,
        "email": obj.user_email,
        "url": obj.user_url,
        "ip": obj.ip_address,
        "submitted_at": moment(obj.submit_date),
        "text": obj.comment,
        "html": obj.body_html,
        "status": comment_status(obj),
    }


def export(write, now=None):
    now = now or timezone.now()
    head = {
        "format": FORMAT,
        "exported_at": moment(now),
        "site": {
            "title": site_title(),
            "tagline": site_tagline(),
            "url": settings.SITE_URL,
            "language": settings.LANGUAGE_CODE,
            "time_zone": settings.TIME_ZONE,
        },
    }
    sections = [
        ("authors", author, Author.objects.select_related("user")),
        ("categories", category, Category.objects.all()),
        ("tags", tag, Tag.objects.all()),
        ("images", image, Image.objects.all()),
        (
            "posts",
            post,
            Post.objects.prefetch_related(
                Prefetch("categories", Category.objects.order_by("pk")),
                Prefetch("tags", Tag.objects.order_by("pk")),
            ),
        ),
        ("pages", page, Page.objects.all()),
        (
            "comments",
            comment,
            Comment.objects.filter(content_type=ContentType.objects.get_for_model(Post)),
        ),
    ]
    write(json.dumps(head, ensure_ascii=False, indent=1)[:-2])
    for name, shape, queryset in sections:
        write(f',\n "{name}": [')
        separator = "\n  "
        for obj in queryset.order_by("pk").iterator(chunk_size=BATCH):
            write(separator + json.dumps(shape(obj), ensure_ascii=False))
            separator = ",\n  "
        write("\n ]")
    write("\n}\n")
