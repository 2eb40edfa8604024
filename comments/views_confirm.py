"""Confirming a commenter's email address (COMMENTS_CONFIRM_EMAIL): the link in the mail opens
a page, and its button posts the comment kept aside by views.ask_confirmation. Following the
link (a mail scanner does) changes nothing."""

from django.db import transaction
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from blog.models import Post

from . import flow
from .models import PendingComment
from .views import landing, message, remember_posted


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    pending = PendingComment.from_token(token)
    if pending is None:
        return message(
            request,
            _("Link not valid"),
            _("This confirmation link is not valid: it has expired or was already used."),
            400,
        )
    # The post may have been unpublished or closed since the comment was written.
    post = Post.objects.published().filter(pk=pending.post_id).first()
    if post is None or not flow.comments_open(post):
        return message(
            request, _("Comments are closed"), _("This post no longer takes comments."), 403, post
        )
    if request.method != "POST":
        return render(request, "comments/confirm.html", {"post": post, "pending": pending})
    with transaction.atomic():
        # Deleted first: of two presses of the button, one stores the comment.
        if not PendingComment.objects.filter(pk=pending.pk).delete()[0]:
            return message(
                request,
                _("Already confirmed"),
                _("This comment was already confirmed."),
                400,
                post,
            )
        pending.post = post
        comment = flow.post_comment(pending.to_comment(), pending.reader)
    response = landing(request, comment)
    remember_posted(response, request, comment)
    return response
