"""A comment's way through the blog, in the order it happens.

1. The door (`door`): the per-IP rate limit, the honeypot, the time between showing the form
   and sending it. Obvious bots are turned away before anything else is looked at.
2. Validation: the form (`CommentForm`), and whether the post takes comments (`comments_open`).
3. Moderation (`moderate`): the same rules for a new comment and for an edit. Nothing here
   calls another server.
4. Storage (`settle`): the comment saved with its verdict, the post's count kept right. With
   Akismet on, the comment waits, held, for the worker to ask it (`check_with_akismet`).
5. Notifications (`notify`): who gets mail is decided here and only here; the mail itself is
   queued for the background worker once the transaction commits.

The views, the admin and the commands call these functions; readers' cached pages follow by
themselves (config.page_cache watches the comments).
"""

from collections import defaultdict
from enum import StrEnum

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, TextChoices
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blog.converters import parse_id
from blog.models import Post
from config.http import client_ip
from config.page_cache import one_change

from . import markup, spam
from .limits import ip_over_limit
from .models import Comment
from .tasks import notify_author, notify_followers

# 1. The door


def door(request, form):
    """Why this request is turned away before validation (a message for the reader), or None."""
    limit, seconds = settings.COMMENTS_RATE_LIMIT
    if ip_over_limit(request, "post", limit, seconds):
        return Refusal.TOO_MANY
    errors = form.security_errors()
    if "honeypot" in errors:
        return Refusal.AUTOMATED
    if errors:
        return Refusal.TOO_FAST if form.too_fast() else Refusal.EXPIRED
    return None


class Refusal(TextChoices):
    TOO_MANY = "too-many", _("You are commenting very fast. Please wait a minute, then send again.")
    AUTOMATED = "automated", _("The comment looked automated.")
    TOO_FAST = "too-fast", _("That was quick! Please check your comment, then send it again.")
    EXPIRED = (
        "expired",
        _("The form had expired. Your comment is kept below: please send it again."),
    )


# 2. Validation (the form does the rest)


def comments_open(post):
    if not (post.is_public and post.allow_comments):
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    return not days or (timezone.now() - post.publish_at).days < days


# 3. Moderation


class Verdict(StrEnum):
    PUBLISH = "publish"
    HOLD = "hold"  # for the moderator
    SPAM = "spam"
    CHECK = "check"  # held until Akismet has answered


class Cause(StrEnum):
    NEW = "new"
    EDIT = "edit"  # by the commenter
    MODERATOR = "moderator"


# The comments this browser sent, in a signed cookie set when they are posted: what makes a
# returning commenter known, since anyone can type an approved commenter's address.
POSTED_COOKIE = "commenter"
POSTED_SALT = "comments.commenter"
POSTED_KEPT = 20  # the newest ones


def reader_of(request):
    """What the checks know of the person sending: kept as plain data for the worker."""
    return {
        "ip": client_ip(request) or "",
        "user_agent": request.headers.get("User-Agent", ""),
        "referrer": request.headers.get("Referer", ""),
        "posted": posted_from(request),
    }


def posted_from(request):
    """The pks of the comments this browser posted, newest first, as its signed cookie says."""
    value = request.get_signed_cookie(POSTED_COOKIE, default="", salt=POSTED_SALT)
    return [pk for pk in map(parse_id, value.split(",")) if pk][:POSTED_KEPT]


def known_commenter(comment, reader):
    """Whether a comment of theirs was approved before: one by this signed-in user, or one this
    browser posted under the same address. A typed address alone proves nothing."""
    approved = Comment.objects.visible()
    if comment.user_id:
        return approved.filter(user_id=comment.user_id).exists()
    posted = reader.get("posted") or []
    return approved.by_email(comment.user_email).filter(pk__in=posted).exists()


def moderate(comment, reader):
    """The local rules of WordPress's discussion settings, for new comments and edits alike."""
    if spam.is_spam(comment, reader):
        return Verdict.SPAM
    if markup.link_count(comment.comment) > settings.COMMENTS_MAX_LINKS:
        return Verdict.HOLD
    if settings.COMMENTS_HOLD_FIRST_COMMENT and not known_commenter(comment, reader):
        return Verdict.HOLD
    return Verdict.PUBLISH


# 4. Storage


def post_comment(comment, reader):
    """Moderate and store a new comment (an unsaved Comment built by the form)."""
    verdict = moderate(comment, reader)
    if verdict != Verdict.SPAM and settings.AKISMET_API_KEY:
        settle(comment, Verdict.CHECK, was_public=False, cause=Cause.NEW)
        queue(check_with_akismet, comment.pk, verdict.value, False, Cause.NEW.value, reader)
    else:
        settle(comment, verdict, was_public=False, cause=Cause.NEW)
    return comment


def edit(comment, text, reader):
    """A commenter's own change, moderated like a new comment. Returns whether it is held."""
    was_public = comment.is_public
    comment.comment = text
    verdict = moderate(comment, reader)
    if verdict == Verdict.SPAM:
        verdict = Verdict.HOLD  # someone approved before: the moderator decides
    if verdict == Verdict.PUBLISH and settings.AKISMET_API_KEY:
        settle(comment, Verdict.CHECK, was_public=was_public, cause=Cause.EDIT)
        queue(check_with_akismet, comment.pk, verdict.value, was_public, Cause.EDIT.value, reader)
    else:
        settle(comment, verdict, was_public=was_public, cause=Cause.EDIT)
    return not comment.is_public


def settle(comment, verdict, *, was_public, cause):
    """Save the comment as the verdict says, recount its post, then queue the mail it causes."""
    with transaction.atomic():
        store(comment, verdict)
        refresh_comment_count([comment.object_pk])
    if verdict != Verdict.CHECK:
        notify(comment, was_public=was_public, cause=cause)


def store(comment, verdict):
    comment.is_public = verdict == Verdict.PUBLISH
    comment.is_spam = verdict == Verdict.SPAM
    if comment._state.adding and comment.parent_id:
        lock_thread(comment.parent_id)
    comment.save()  # unpublishing also hides the replies (django-comments-xtd)


def lock_thread(parent_pk):
    """Replies renumber their thread: one writer per thread at a time."""
    parent = Comment.objects.select_related(None).select_for_update().get(pk=parent_pk)
    Comment.objects.select_related(None).select_for_update().filter(pk=parent.thread_id).first()


def refresh_comment_count(post_pks):
    """Recount the visible comments of these posts: one indexed count of their comments, then
    one UPDATE per distinct count (a correlated subquery per post let SQLite's planner pick
    the is_removed index and scan every comment for each post)."""
    post_pks = {int(pk) for pk in post_pks}  # ids, or the object_pk strings comments keep
    counted = (
        Comment.objects.visible()
        .filter(
            content_type=ContentType.objects.get_for_model(Post),
            object_pk__in=[str(pk) for pk in post_pks],
        )
        .order_by()
        .values_list("object_pk")
        .annotate(total=Count("pk"))
    )
    by_count = defaultdict(list)
    for object_pk, total in counted:
        by_count[total].append(int(object_pk))
    by_count[0] = list(post_pks - {pk for pks in by_count.values() for pk in pks})
    for total, pks in by_count.items():
        if pks:
            Post.objects.filter(pk__in=pks).update(comment_count=total)


@task
def check_with_akismet(comment_pk, verdict, was_public, cause, reader):
    """Ask Akismet, then settle the comment held for it. An unreachable Akismet raises, so the
    worker tries again later; a comment a moderator dealt with meanwhile is left alone."""
    comment = Comment.objects.held().filter(pk=comment_pk).first()
    if comment is None:
        return "already moderated"
    if spam.akismet_says_spam(comment, reader):
        verdict = Verdict.SPAM
    settle(comment, Verdict(verdict), was_public=was_public, cause=Cause(cause))
    return str(verdict)


# The moderator's actions, from the admin and the commands


def approve(comments):
    return change(comments, Verdict.PUBLISH)


def unpublish(comments):
    return change(comments, Verdict.HOLD)


def mark_spam(comments):
    return change(comments, Verdict.SPAM)


def remove(comments):
    """A commenter's own deletion: gone for readers, kept for the moderator."""
    comments = Comment.objects.filter(pk__in=[c.pk for c in comments])
    with one_change(), transaction.atomic():
        for comment in comments.select_related(None).select_for_update():
            comment.is_removed = True
            comment.save()
        refresh_comment_count(post_pks(comments))
    return len(comments)


def change(comments, verdict):
    """The moderator's verdict on many comments: one recount, one new content version."""
    comments = Comment.objects.filter(pk__in=[c.pk for c in comments])
    with one_change(), transaction.atomic():
        # save() per comment so django-comments-xtd also (un)publishes the nested replies.
        for comment in comments.select_related(None).select_for_update():
            was_public = comment.is_public
            if verdict == Verdict.PUBLISH:
                comment.is_removed = False
            store(comment, verdict)
            notify(comment, was_public=was_public, cause=Cause.MODERATOR)
        refresh_comment_count(post_pks(comments))
    return len(comments)


def delete(comments):
    comments = Comment.objects.filter(pk__in=[c.pk for c in comments])
    pks = post_pks(comments)
    with one_change(), transaction.atomic():
        count = len(comments)
        for comment in comments:
            comment.delete()
        refresh_comment_count(pks)
    return count


def post_pks(comments):
    return {int(pk) for pk in comments.values_list("object_pk", flat=True)}


# 5. Notifications


def notify(comment, *, was_public, cause):
    """Who hears about this comment now. The author: of every new comment with
    COMMENTS_NOTIFY_AUTHOR "all"; of each that newly waits for them, new or edited, with "held"
    (and "all"). The commenters above it in its thread who asked for replies: when it is first
    shown."""
    if comment.is_spam or comment.is_removed:
        return
    mode = settings.COMMENTS_NOTIFY_AUTHOR
    newly_held = not comment.is_public and (
        cause == Cause.NEW or (cause == Cause.EDIT and was_public)
    )
    if (mode == "all" and cause == Cause.NEW) or (mode != "none" and newly_held):
        queue(notify_author, comment.pk)
    if comment.is_public and not was_public:
        queue(notify_followers, comment.pk)


def queue(task_, *args):
    """Enqueue once the transaction commits: the worker must find what it is told about."""
    transaction.on_commit(lambda: task_.enqueue(*args))
