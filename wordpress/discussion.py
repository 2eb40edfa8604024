"""Importing a WordPress export's comments through the comments app's own model, so threads
get their order and posts their comment counts the way a reader's comment would."""

import ipaddress

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from blog.models import Post
from comments.actions import refresh_comment_count
from comments.models import Comment

from . import content, wxr

PINGS = {"pingback", "trackback"}


def _ip(address):
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address  # Comment.save() keeps its network part only


def _fit(model, field, value):
    return (value or "")[: model._meta.get_field(field).max_length]


def import_comments(importer):
    report = importer.report
    content_type = ContentType.objects.get_for_model(Post)
    max_level = settings.COMMENTS_XTD_MAX_THREAD_LEVEL
    touched, moved = set(), []
    for item in importer.export.items:
        post = importer.posts.get(item.wp_id)
        ordinary = []
        for wp_comment in item.comments:
            if wp_comment.type in PINGS:
                report.skip("comments", f"{wp_comment.type}s are not imported")
            elif post is None:
                report.skip("comments", f"on a {item.post_type}, which has no comments here")
            elif not wp_comment.wp_id:
                report.skip("comments", "no WordPress id in the export")
            else:
                ordinary.append(wp_comment)
        by_id = {c.wp_id: c for c in ordinary}
        made = {}

        def make(wp_comment, post=post, by_id=by_id, made=made):
            if wp_comment.wp_id in made:
                return made[wp_comment.wp_id]
            made[wp_comment.wp_id] = None  # a parent loop ends here
            if found := importer.existing(Comment, wp_comment.wp_id):
                importer.count("comments", False)
                made[wp_comment.wp_id] = found
                return found
            parent = None
            if wp_parent := by_id.get(wp_comment.parent_wp_id):
                parent = make(wp_parent)
            # Deeper than our threads go: a reply to the deepest comment we can show.
            if parent is not None and parent.level >= max_level:
                moved.append(wp_comment.wp_id)
            while parent is not None and parent.level >= max_level:
                parent = Comment.objects.get(pk=parent.parent_id)
            comment = Comment(
                content_type=content_type,
                object_pk=str(post.pk),
                site_id=settings.SITE_ID,
                user_name=_fit(Comment, "user_name", wp_comment.author),
                user_email=_fit(Comment, "user_email", wp_comment.email),
                user_url=_fit(Comment, "user_url", wp_comment.url),
                ip_address=_ip(wp_comment.ip),
                comment=content.comment_text(wp_comment.content),
                submit_date=wxr.moment(wp_comment.date_gmt, wp_comment.date) or post.publish_at,
                is_public=wp_comment.approved == "1",
                is_spam=wp_comment.approved == "spam",
                is_removed=wp_comment.approved == "trash",
                parent_id=parent.pk if parent else 0,
            )
            comment.save()
            importer.remember(comment, wp_comment.wp_id)
            importer.count("comments", True)
            touched.add(post.pk)
            made[wp_comment.wp_id] = comment
            return comment

        # Oldest first: each reply then lands after its parent's earlier replies.
        for wp_comment in sorted(ordinary, key=lambda c: (c.date_gmt or c.date, c.wp_id)):
            make(wp_comment)
    if moved:
        report.notes.append(
            f"{len(moved)} replies nested deeper than COMMENTS_THREAD_DEPTH "
            f"({max_level + 1}) now reply to the deepest comment shown above them."
        )
    if touched:
        refresh_comment_count(touched)
