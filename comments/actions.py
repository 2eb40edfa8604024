"""What happens to a comment, as explicit functions called by the views, the admin and commands.

Each keeps Post.comment_count right and queues the mail it causes.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Count, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django_comments_xtd.models import TmpXtdComment
from django_comments_xtd.signals import confirmation_received

from blog.cache import content_changed
from blog.models import Post

from . import markup, spam
from .models import Comment
from .tasks import notify_author, notify_followers


def refresh_comment_count(post_pks):
    """Recount the visible comments of these posts, in one UPDATE."""
    visible = (
        Comment.objects.visible()
        .filter(content_type__app_label="blog", content_type__model="post")
        .filter(object_pk=Cast(OuterRef("pk"), CharField()))
        .order_by()
        .values("object_pk")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Post.objects.filter(pk__in=post_pks).update(comment_count=Coalesce(Subquery(visible), 0))
    content_changed()  # cached pages show the thread and its counts


def _post_pks(comments):
    return {int(pk) for pk in comments.values_list("object_pk", flat=True)}


def create_comment(tmp_comment, request):
    """Store a comment the form and the moderator accepted (a TmpXtdComment), then notify."""
    with transaction.atomic():
        if tmp_comment.parent_id:
            # Replies renumber their thread: one writer per thread at a time.
            parent = (
                Comment.objects.select_related(None)
                .select_for_update()
                .get(pk=tmp_comment.parent_id)
            )
            Comment.objects.select_related(None).select_for_update().filter(
                pk=parent.thread_id
            ).first()
        comment = Comment(**tmp_comment)
        comment.save()
        refresh_comment_count([comment.object_pk])
    # django-comments-xtd's moderator hook: PostModerator.email() queues the author's mail.
    tmp_comment.xtd_comment = comment
    confirmation_received.send(sender=TmpXtdComment, comment=tmp_comment, request=request)
    if comment.is_public:
        transaction.on_commit(lambda: notify_followers.enqueue(comment.pk))
    return comment


def _change(comments, notify=False, **fields):
    comments = Comment.objects.filter(pk__in=[c.pk for c in comments])
    post_pks = _post_pks(comments)
    with transaction.atomic():
        # save() per comment so django-comments-xtd also (un)publishes the nested replies.
        changed = []
        for comment in comments.select_related(None).select_for_update():
            newly_public = fields.get("is_public") and not comment.is_public
            for name, value in fields.items():
                setattr(comment, name, value)
            comment.save()
            if newly_public:
                changed.append(comment.pk)
        refresh_comment_count(post_pks)
    if notify:
        for pk in changed:
            transaction.on_commit(lambda pk=pk: notify_followers.enqueue(pk))
    return len(comments)


def approve(comments):
    return _change(comments, notify=True, is_public=True, is_removed=False, is_spam=False)


def unpublish(comments):
    return _change(comments, is_public=False)


def mark_spam(comments):
    return _change(comments, is_public=False, is_spam=True)


def remove(comments):
    return _change(comments, is_removed=True)


def delete(comments):
    comments = Comment.objects.filter(pk__in=[c.pk for c in comments])
    post_pks = _post_pks(comments)
    with transaction.atomic():
        count = len(comments)
        for comment in comments:
            comment.delete()
        refresh_comment_count(post_pks)
    return count


def edit(comment, text, request):
    """A commenter's own change, checked like a new comment: an edit the spam checkers or the
    link limit object to is held for moderation. Returns whether it was held."""
    comment.comment = text
    held = spam.is_spam(comment, request) or markup.link_count(text) > settings.COMMENTS_MAX_LINKS
    with transaction.atomic():
        if held and comment.is_public:
            comment.is_public = False
            if settings.COMMENTS_NOTIFY_AUTHOR != "none":
                transaction.on_commit(lambda: notify_author.enqueue(comment.pk))
        comment.save()  # unpublishing also hides the replies, as the admin's unpublish does
        refresh_comment_count([comment.object_pk])
    return held
