"""A reader's own comment (edit, delete) through the signed cookie set when posting,
flagging a comment for the moderator, and the unsubscribe link of reply mails."""

from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django_comments.forms import COMMENT_MAX_LENGTH

from . import flow, thread
from .limits import ip_over_limit
from .models import Comment
from .tasks import UNSUBSCRIBE_SALT
from .views import edit_cookie_name, held_context, message, own_comment_pk, safe_next

FLAGS_PER_HOUR = 10


class EditForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


def _own_comment(request, pk):
    comments = Comment.objects.filter(is_removed=False, is_spam=False).on_published_posts()
    comment = get_object_or_404(comments, pk=pk)
    if not own_comment_pk(request, comment.pk):
        return None, message(
            request,
            _("Editing time is over"),
            _("Comments can be changed from the browser that posted them, for %(minutes)s "
              "minutes.") % {"minutes": settings.COMMENTS_EDIT_MINUTES},
            403,
            comment.content_object,
        )  # fmt: skip
    return comment, None


@never_cache
def edit(request, pk):
    comment, refusal = _own_comment(request, pk)
    if refusal:
        return refusal
    form = EditForm(request.POST or None, initial={"comment": comment.comment})
    if request.method == "POST" and form.is_valid():
        flow.edit(comment, form.cleaned_data["comment"], flow.reader_of(request))
        if comment.is_public:
            return redirect(thread.comment_url(comment))
        return render(request, "comments/held.html", held_context(comment, edited=True))
    status = 400 if form.errors else 200
    context = {"form": form, "comment": comment, "post": comment.content_object}
    return render(request, "comments/edit.html", context, status=status)


@never_cache
def delete(request, pk):
    comment, refusal = _own_comment(request, pk)
    if refusal:
        return refusal
    post = comment.content_object
    if request.method == "POST":
        flow.remove([comment])
        response = redirect(safe_next(request) or f"{post.get_absolute_url()}#comments")
        response.delete_cookie(edit_cookie_name(comment.pk), samesite="Lax")
        return response
    return render(request, "comments/delete.html", {"comment": comment, "post": post})


@never_cache
def flag(request, pk):
    """Anyone may flag a visible comment for the moderator, a few times an hour per IP."""
    comment = get_object_or_404(Comment.objects.for_readers(), pk=pk)
    post = comment.content_object
    if request.method != "POST":
        return render(request, "comments/flag.html", {"comment": comment, "post": post})
    if ip_over_limit(request, "flag", FLAGS_PER_HOUR, 60 * 60):
        return message(
            request,
            _("Too many reports"),
            _("You have reported many comments in a short time. Please try again later."),
            429,
            post,
        )
    Comment.objects.filter(pk=comment.pk).update(flag_count=F("flag_count") + 1)
    return message(
        request,
        _("Thank you"),
        _("The comment was reported to the moderator."),
        200,
        post,
    )


@csrf_exempt  # The signed token is the authorisation; mail clients post it for one-click.
@never_cache
def unsubscribe(request, token):
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return message(request, _("Link not valid"), _("This link is not valid."), 400)
    comment = get_object_or_404(Comment.objects.on_published_posts(), pk=pk)
    post = comment.content_object
    if request.method != "POST":
        return render(request, "comments/unsubscribe.html", {"post": post, "token": token})
    Comment.objects.for_post(post).by_email(comment.user_email).update(followup=False)
    return message(
        request,
        _("Unsubscribed"),
        _("You will get no more mail about replies on “%(title)s”.") % {"title": post.title},
        200,
        post,
    )
