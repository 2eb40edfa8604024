"""Mail about comments, sent as background work (django.tasks).

The immediate backend has no retries, so each task tries COMMENTS_MAIL_ATTEMPTS times itself;
a task that still fails is recorded as failed by the backend and logged, never raised into the
request that stored the comment.
"""

import logging
import time

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Comment

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "comments.unsubscribe"


def send_with_retries(subject, template, context, to, headers=None):
    body = render_to_string(template, {"SITE_URL": settings.SITE_URL, **context})
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, headers=headers)
    attempts = settings.COMMENTS_MAIL_ATTEMPTS
    for attempt in range(1, attempts + 1):
        try:
            message.send()
            return
        except Exception:
            logger.warning("Mail %r to %s failed (attempt %s)", subject, to, attempt)
            if attempt == attempts:
                raise
            time.sleep(settings.COMMENTS_MAIL_RETRY_SECONDS * attempt)


def unsubscribe_url(comment):
    token = signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT)
    return settings.SITE_URL + reverse("comments:unsubscribe", kwargs={"token": token})


@task
def notify_author(comment_pk):
    comment = Comment.objects.filter(pk=comment_pk).first()
    if comment is None:
        return
    post = comment.content_object
    user = post.author.user
    recipients = [user.email] if user and user.email else [e for _, e in settings.MANAGERS]
    if not recipients:
        return
    if comment.is_public:
        subject = _("[%(blog)s] New comment: %(post)s")
    else:
        subject = _("[%(blog)s] Comment awaiting moderation: %(post)s")
    subject %= {"blog": settings.BLOG_TITLE, "post": post.title}
    admin_url = reverse("admin:comments_comment_change", args=[comment.pk])
    context = {"comment": comment, "post": post, "admin_url": settings.SITE_URL + admin_url}
    send_with_retries(subject, "comments/email/author.txt", context, recipients)


@task
def notify_followers(comment_pk):
    """Mail everyone above this reply in its thread who asked for replies."""
    comment = Comment.objects.filter(pk=comment_pk).first()
    if comment is None or not comment.level:
        return
    thread = {c.pk: c for c in Comment.objects.visible().filter(thread_id=comment.thread_id)}
    notified = {comment.user_email.lower()}
    ancestor = thread.get(comment.parent_id)
    post = comment.content_object
    while ancestor is not None:
        email = ancestor.user_email.lower()
        if ancestor.followup and email and email not in notified:
            notified.add(email)
            url = unsubscribe_url(ancestor)
            send_with_retries(
                _("[%(blog)s] New reply: %(post)s")
                % {"blog": settings.BLOG_TITLE, "post": post.title},
                "comments/email/reply.txt",
                {"comment": comment, "post": post, "follower": ancestor, "unsubscribe_url": url},
                [ancestor.user_email],
                headers={
                    "List-Unsubscribe": f"<{url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
        ancestor = thread.get(ancestor.parent_id) if ancestor.level else None


@task
def send_confirmation(email, confirm_url, post_title):
    """Ask an anonymous commenter to confirm their address. Carries nothing they typed."""
    send_with_retries(
        _("[%(blog)s] Please confirm your comment") % {"blog": settings.BLOG_TITLE},
        "comments/email/confirm.txt",
        {"confirm_url": confirm_url, "post_title": post_title},
        [email],
    )
