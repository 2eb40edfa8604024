"""Mail about comments, sent by the background worker (django.tasks on django-tasks-db).

comments.flow decides who is told; these only write and send. A mail server that is down or
never answers makes the task fail (after the mailer's timeout): the worker tries it again later
(config.task_retries) and, once it gives up, the admin lists it under "Task results".
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Comment

UNSUBSCRIBE_SALT = "comments.unsubscribe"


def send(subject, template, context, to, headers=None):
    body = render_to_string(template, {"SITE_URL": settings.SITE_URL, **context})
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, headers=headers).send()


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
    send(subject, "comments/email/author.txt", context, recipients)


@task
def notify_followers(comment_pk):
    """Queue a mail to everyone above this reply in its thread who asked for replies, while its
    post is published (the mail names the post): one task each, so a mail server failing
    halfway retries only the mails not yet sent."""
    comment = Comment.objects.on_published_posts().filter(pk=comment_pk).first()
    if comment is None or not comment.level:
        return 0
    thread = {c.pk: c for c in Comment.objects.visible().filter(thread_id=comment.thread_id)}
    notified = {comment.user_email.lower()}
    ancestor = thread.get(comment.parent_id)
    while ancestor is not None:
        email = ancestor.user_email.lower()
        if ancestor.followup and email and email not in notified:
            notified.add(email)
            send_reply_notice.enqueue(comment.pk, ancestor.pk)
        ancestor = thread.get(ancestor.parent_id) if ancestor.level else None
    return len(notified) - 1


@task
def send_reply_notice(comment_pk, follower_pk):
    comment = Comment.objects.for_readers().filter(pk=comment_pk).first()
    follower = Comment.objects.filter(pk=follower_pk, followup=True).first()
    if comment is None or follower is None:
        return  # unpublished, or they unsubscribed, since
    post = comment.content_object
    url = unsubscribe_url(follower)
    send(
        _("[%(blog)s] New reply: %(post)s") % {"blog": settings.BLOG_TITLE, "post": post.title},
        "comments/email/reply.txt",
        {"comment": comment, "post": post, "follower": follower, "unsubscribe_url": url},
        [follower.user_email],
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


@task
def send_confirmation(email, confirm_url):
    """Ask an anonymous commenter to confirm their address. Carries the address and the link
    only: nothing they typed, nothing of the post."""
    send(
        _("[%(blog)s] Please confirm your comment") % {"blog": settings.BLOG_TITLE},
        "comments/email/confirm.txt",
        {"confirm_url": confirm_url},
        [email],
    )
