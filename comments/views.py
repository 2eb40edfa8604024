"""Posting a comment and landing on it. Own-comment editing, flagging and mail links are in
views_reader.py."""

import json
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as default_csrf_failure
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from blog import protected
from blog.converters import parse_id
from blog.models import Post
from config.http import client_ip

from . import flow, thread
from .forms import CommentForm
from .limits import ip_over_limit, over_limit
from .models import Comment, PendingComment
from .tasks import send_confirmation

EDIT_SALT = "comments.edit"
REMEMBER_SALT = "comments.remember"
REMEMBER_COOKIE = "comment_author"
DAY = 24 * 60 * 60


def published_post(value):
    """The published post whose id the request sent, or None (for anything that isn't an id)."""
    pk = parse_id(value)
    return pk and Post.objects.published().filter(pk=pk).first()


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
    """The comment form's target: each step of comments.flow in turn, answered for a reader."""
    post = published_post(request.POST.get("object_pk", ""))
    if not post or request.POST.get("content_type") != "blog.post":
        return message(
            request,
            _("Comment not sent"),
            _("The post you commented on can't be found. Please reload it and try again."),
            status=400,
        )
    if protected.is_locked(request, post):
        return message(
            request,
            _("Comment not sent"),
            _("This post is password-protected: open it with its password to comment."),
            status=403,
            post=post,
        )
    form = CommentForm(post, data=request.POST)
    refusal = flow.door(request, form)
    if refusal == flow.Refusal.AUTOMATED:
        return message(request, _("Comment not sent"), refusal.label, 400, post)
    if refusal:
        status = 429 if refusal == flow.Refusal.TOO_MANY else 400
        return form_page(request, post, refreshed(post, request.POST), refusal.label, status)
    if not form.is_valid():
        error = _("Please correct the errors below.")
        return form_page(request, post, form, error, status=400)
    if not flow.comments_open(post):
        return message(
            request, _("Comments are closed"), _("This post no longer takes comments."), 403, post
        )

    if settings.COMMENTS_XTD_CONFIRM_EMAIL and not request.user.is_authenticated:
        response = ask_confirmation(request, post, form)
    else:
        comment = flow.post_comment(new_comment(request, form), flow.reader_of(request))
        response = landing(request, comment)
        remember_posted(response, request, comment)
    remember(response, request, form)
    return response


def new_comment(request, form):
    """The unsaved comment the form describes, from this reader."""
    comment = Comment(**form.get_comment_create_data(site_id=settings.SITE_ID))
    comment.ip_address = client_ip(request)
    if request.user.is_authenticated:
        comment.user = request.user
    return comment


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


def remember_posted(response, request, comment):
    """This browser posted the comment: it may edit it for COMMENTS_EDIT_MINUTES, and it counts
    among the browser's own, which make it a known commenter once one of them is approved
    (comments.flow.known_commenter)."""
    response.set_signed_cookie(
        edit_cookie_name(comment.pk),
        comment.pk,
        salt=EDIT_SALT,
        max_age=settings.COMMENTS_EDIT_MINUTES * 60,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    posted = [comment.pk, *flow.posted_from(request)][: flow.POSTED_KEPT]
    response.set_signed_cookie(
        flow.POSTED_COOKIE,
        ",".join(str(pk) for pk in posted),
        salt=flow.POSTED_SALT,
        max_age=365 * DAY,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def landing(request, comment):
    if not comment.is_public:
        return render(request, "comments/held.html", held_context(comment))
    next_url = safe_next(request)
    return redirect(f"{next_url}#c{comment.pk}" if next_url else thread.comment_url(comment))


def ask_confirmation(request, post, form):
    """Keep the comment aside and mail its address a link to confirm it (views_confirm), at
    most COMMENTS_CONFIRMATIONS_PER_DAY times per address and per IP. The mail carries only the
    link; the link only a signed, expiring reference to what is kept."""
    cap = settings.COMMENTS_CONFIRMATIONS_PER_DAY
    email = form.cleaned_data["email"]
    if over_limit("confirm-email", email.lower(), cap, DAY) or ip_over_limit(
        request, "confirm-ip", cap, DAY
    ):
        return message(
            request,
            _("Too many confirmations"),
            _("Too many confirmation emails were sent today. Please try again tomorrow."),
            429,
            post,
        )
    PendingComment.objects.expired().delete()
    pending = PendingComment.from_form(form, flow.reader_of(request))
    url = settings.SITE_URL + pending.get_absolute_url()
    transaction.on_commit(lambda: send_confirmation.enqueue(email, url))
    return render(request, "comments/confirm_sent.html", {"post": post})


def held_context(comment, **extra):
    """The held page says whether a moderator or the spam check (in a moment) has it."""
    checking = settings.AKISMET_API_KEY and not comment.is_public and not comment.is_spam
    return {"comment": comment, "checking": checking, **extra}


@require_GET
def permalink(request, pk):
    comment = get_object_or_404(Comment.objects.for_readers(), pk=pk)
    return redirect(thread.comment_url(comment))


@never_cache
@require_GET
def form_state(request):
    """What a cached page's comment form needs from this reader, fetched by comments.js:
    a CSRF token (which also sets the CSRF cookie), fresh anti-spam fields, the remembered
    name, email and website, and which comments they may still edit."""
    post = published_post(request.GET.get("post", ""))
    if not post:
        raise Http404
    remembered = request.get_signed_cookie(REMEMBER_COOKIE, default=None, salt=REMEMBER_SALT)
    own = []
    for name in request.COOKIES:
        pk = parse_id(name.removeprefix("comment_"))
        if pk and own_comment_pk(request, pk):
            own.append(pk)
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


def comment_without_token(request, reason=""):
    """A comment sent from one of this site's pages without a token (JavaScript off, so
    comments.js could not fetch one) comes back with the text kept and a valid token: the
    reader confirms by sending again. Another site's form must not get a valid token around
    its text, so a request from elsewhere gets Django's page, and a signed-in user (whom such a
    form would post as) an empty form."""
    post = published_post(request.POST.get("object_pk", ""))
    if not post or not from_this_site(request):
        return default_csrf_failure(request, reason)
    if request.user.is_authenticated:
        error = _("Your comment could not be sent. Please write it again and send it.")
        return form_page(request, post, CommentForm(post), error, status=403)
    error = _("Please check your comment and press “Post comment” again to send it.")
    return form_page(request, post, refreshed(post, request.POST), error, status=403)


def from_this_site(request):
    """Whether the browser says the form was on this site: by its Origin header, or its Referer
    without one. A browser that sends neither (some privacy settings) is believed."""
    origin = request.headers.get("Origin")
    if origin is None and (referer := request.headers.get("Referer")):
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    if origin is None:
        return True
    return origin in {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}


post_comment.on_csrf_failure = comment_without_token  # see config.http.csrf_failure
