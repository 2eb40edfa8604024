"""Posting a comment and landing on it. Own-comment editing, flagging and mail links are in
views_reader.py."""

import json

from django.conf import settings
from django.db import transaction
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as default_csrf_failure
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_comments.signals import comment_will_be_posted
from django_comments_xtd import signed
from django_comments_xtd.models import TmpXtdComment
from django_comments_xtd.views import _get_comment_if_exists

from blog.models import Post

from . import actions, thread
from .forms import CommentForm
from .limits import client_ip, ip_over_limit, over_limit
from .models import Comment
from .tasks import send_confirmation

EDIT_SALT = "comments.edit"
REMEMBER_SALT = "comments.remember"
REMEMBER_COOKIE = "comment_author"
DAY = 24 * 60 * 60


def is_pk(value):
    """Digits that fit a database integer: anything else can't name a post."""
    return value.isascii() and value.isdigit() and len(value) < 19


def edit_cookie_name(pk):
    return f"comment_{pk}"


def message(request, title, text, status, post=None):
    context = {"title": title, "text": text, "post": post}
    return render(request, "comments/message.html", context, status=status)


def form_page(request, post, form, error, status):
    """The form again, with what the reader typed and what went wrong: never lose a comment."""
    context = {"post": post, "form": form, "error": error}
    return render(request, "comments/form_page.html", context, status=status)


def refreshed(post, data):
    """The reader's data with fresh security fields, for a form to be sent again."""
    data = data.copy()
    data.update(CommentForm(post).generate_security_data())
    return CommentForm(post, data=data)


def safe_next(request):
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


@require_POST
def post_comment(request):
    object_pk = request.POST.get("object_pk", "")
    post = is_pk(object_pk) and Post.objects.published().filter(pk=object_pk).first()
    if not post or request.POST.get("content_type") != "blog.post":
        return message(
            request,
            _("Comment not sent"),
            _("The post you commented on can't be found. Please reload it and try again."),
            status=400,
        )
    form = CommentForm(post, data=request.POST)
    limit, seconds = settings.COMMENTS_RATE_LIMIT
    if ip_over_limit(request, "post", limit, seconds):
        error = _("You are commenting very fast. Please wait a minute, then send again.")
        return form_page(request, post, refreshed(post, request.POST), error, status=429)
    if "honeypot" in form.security_errors():
        return message(
            request, _("Comment not sent"), _("The comment looked automated."), 400, post
        )
    if form.security_errors():
        if form.too_fast():
            error = _("That was quick! Please check your comment, then send it again.")
        else:
            error = _("The form had expired. Your comment is kept below: please send it again.")
        return form_page(request, post, refreshed(post, request.POST), error, status=400)
    if not form.is_valid():
        error = _("Please correct the errors below.")
        return form_page(request, post, form, error, status=400)

    tmp = form.get_comment_object(site_id=settings.SITE_ID)
    tmp.ip_address = client_ip(request)
    if request.user.is_authenticated:
        tmp.user = request.user
    responses = comment_will_be_posted.send(sender=TmpXtdComment, comment=tmp, request=request)
    if any(response is False for _receiver, response in responses):
        return message(
            request, _("Comments are closed"), _("This post no longer takes comments."), 403, post
        )
    if settings.COMMENTS_XTD_CONFIRM_EMAIL and not request.user.is_authenticated:
        response = ask_confirmation(request, post, tmp)
    else:
        comment = actions.create_comment(tmp, request)
        response = landing(request, comment)
        response.set_signed_cookie(
            edit_cookie_name(comment.pk),
            comment.pk,
            salt=EDIT_SALT,
            max_age=settings.COMMENTS_EDIT_MINUTES * 60,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    remember(response, request, form)
    return response


def remember(response, request, form):
    """Keep name, email and website in a cookie only when the reader asked for it."""
    if form.cleaned_data.get("remember"):
        data = {key: form.cleaned_data[key] for key in ("name", "email", "url")}
        response.set_signed_cookie(
            REMEMBER_COOKIE,
            json.dumps(data),
            salt=REMEMBER_SALT,
            max_age=365 * DAY,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    elif REMEMBER_COOKIE in request.COOKIES:
        response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")


def landing(request, comment):
    if not comment.is_public:
        return render(request, "comments/held.html", {"comment": comment})
    next_url = safe_next(request)
    return redirect(f"{next_url}#c{comment.pk}" if next_url else thread.comment_url(comment))


def ask_confirmation(request, post, tmp):
    """django-comments-xtd's confirmation flow, capped per address and per IP per day."""
    cap = settings.COMMENTS_CONFIRMATIONS_PER_DAY
    if over_limit("confirm-email", tmp.user_email.lower(), cap, DAY) or ip_over_limit(
        request, "confirm-ip", cap, DAY
    ):
        return message(
            request,
            _("Too many confirmations"),
            _("Too many confirmation emails were sent today. Please try again tomorrow."),
            429,
            post,
        )
    key = signed.dumps(tmp, compress=True, extra_key=settings.COMMENTS_XTD_SALT).decode()
    url = settings.SITE_URL + reverse("comments:confirm", kwargs={"key": key})
    email = tmp.user_email
    transaction.on_commit(lambda: send_confirmation.enqueue(email, url, post.title))
    return render(request, "comments/confirm_sent.html", {"post": post})


@require_GET
def confirm(request, key):
    try:
        tmp = signed.loads(key, extra_key=settings.COMMENTS_XTD_SALT)
    except (ValueError, signed.BadSignature):
        return message(request, _("Link not valid"), _("This confirmation link is not valid."), 400)
    comment = _get_comment_if_exists(tmp) or actions.create_comment(tmp, request)
    return landing(request, comment)


@require_GET
def permalink(request, pk):
    comment = get_object_or_404(Comment.objects.visible(), pk=pk)
    return redirect(thread.comment_url(comment))


@never_cache
@require_GET
def form_state(request):
    """What a cached page's comment form needs from this reader, fetched by comments.js:
    a CSRF token (which also sets the CSRF cookie), fresh anti-spam fields, the remembered
    name, email and website, and which comments they may still edit."""
    pk = request.GET.get("post", "")
    post = is_pk(pk) and Post.objects.published().filter(pk=pk).first()
    if not post:
        raise Http404
    remembered = request.get_signed_cookie(REMEMBER_COOKIE, default=None, salt=REMEMBER_SALT)
    own = []
    for name in request.COOKIES:
        pk = name.removeprefix("comment_")
        if pk.isdigit() and own_comment_pk(request, int(pk)):
            own.append(int(pk))
    security = CommentForm(post).generate_security_data()
    return JsonResponse(
        {
            "csrfmiddlewaretoken": get_token(request),
            "timestamp": security["timestamp"],
            "security_hash": security["security_hash"],
            "remembered": json.loads(remembered) if remembered else None,
            "own": own,
        }
    )


def own_comment_pk(request, pk):
    """Whether this browser posted comment `pk` less than COMMENTS_EDIT_MINUTES ago."""
    value = request.get_signed_cookie(
        edit_cookie_name(pk),
        default=None,
        salt=EDIT_SALT,
        max_age=settings.COMMENTS_EDIT_MINUTES * 60,
    )
    return value == str(pk)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW. A comment sent from a page without a token (JavaScript off, so
    comments.js could not fetch one) comes back with the text kept and a valid token: the
    reader confirms by sending again. Everything else gets Django's page."""
    object_pk = request.POST.get("object_pk", "")
    post = is_pk(object_pk) and Post.objects.published().filter(pk=object_pk).first()
    if request.path != reverse("comments:post") or not post:
        return default_csrf_failure(request, reason)
    error = _("Please check your comment and press “Post comment” again to send it.")
    return form_page(request, post, refreshed(post, request.POST), error, status=403)
