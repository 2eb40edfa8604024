"""The moderator for posts, registered with django-comments-xtd in apps.py.

It applies the rules of WordPress's discussion settings: comments closed per post or after
COMMENTS_CLOSE_AFTER_DAYS, spam checks, too many links, and a commenter's first comment held.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_comments_xtd.moderation import XtdCommentModerator

from . import markup, spam
from .models import Comment


def comments_open(post):
    if not post.allow_comments:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    return not days or (timezone.now() - post.publish_at).days < days


class PostModerator(XtdCommentModerator):
    def allow(self, comment, content_object, request):
        return content_object.is_public and comments_open(content_object)

    def moderate(self, comment, content_object, request):
        if spam.is_spam(comment, request):
            comment.is_spam = True
            return True
        if markup.link_count(comment.comment) > settings.COMMENTS_MAX_LINKS:
            return True
        if settings.COMMENTS_HOLD_FIRST_COMMENT and not (
            Comment.objects.by_email(comment.user_email).visible().exists()
        ):
            return True
        return super().moderate(comment, content_object, request)

    def email(self, comment, content_object, request):
        from .tasks import notify_author

        saved = comment.xtd_comment
        mode = settings.COMMENTS_NOTIFY_AUTHOR
        if saved.is_spam or mode == "none" or (mode == "held" and saved.is_public):
            return
        transaction.on_commit(lambda: notify_author.enqueue(saved.pk))
