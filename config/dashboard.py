"""The admin's home page: where the author starts writing and sees what waits for them.

Drafts in progress, scheduled posts, comments awaiting moderation (approved or marked as spam
in place, through comments/flow.py), recent comments and readers' reports. Each list is one
query, whatever its length; the posts are those the author may edit in the post admin.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blog.models import Post, Status
from comments import flow
from comments.models import Comment

LIST_LENGTH = 8
# Apps an author or editor never needs; superusers still see them.
BEHIND_THE_SCENES = {"sites", "django_tasks_database", "axes", "otp_totp", "otp_static"}
VERDICTS = {"approve": flow.approve, "spam": flow.mark_spam}


def can_moderate(user):
    return user.has_perm("comments.change_comment")


def context(admin_site, request):
    post_admin = admin_site.get_model_admin(Post)
    posts = (
        post_admin.get_queryset(request)
        .prefetch_related(None)
        .only("title", "status", "publish_at", "updated_at")
    )
    now = timezone.now()
    found = {
        "drafts": posts.filter(status=Status.DRAFT).order_by("-updated_at")[:LIST_LENGTH],
        "scheduled": posts.filter(status=Status.PUBLISHED, publish_at__gt=now).order_by(
            "publish_at"
        )[:LIST_LENGTH],
        "can_write": post_admin.has_add_permission(request),
        "can_moderate": can_moderate(request.user),
    }
    if found["can_moderate"]:
        comments = (
            Comment.objects.select_related(None)
            .prefetch_related("content_object")
            .only("user_name", "comment", "submit_date", "content_type", "object_pk")
        )
        found["held"] = comments.held().order_by("-submit_date")[:LIST_LENGTH]
        found["recent"] = comments.visible().order_by("-submit_date")[:5]
        found["reports"] = Comment.objects.filter(flag_count__gt=0, is_removed=False).count()
    return found


def app_list_for(request, app_list):
    if request.user.is_superuser:
        return app_list
    return [app for app in app_list if app["app_label"] not in BEHIND_THE_SCENES]


@require_POST
def moderate(request):
    """Approve a held comment or mark it as spam, from the dashboard; back to the dashboard."""
    if not can_moderate(request.user):
        raise PermissionDenied
    verdict = VERDICTS.get(request.POST.get("verdict"))
    pk = request.POST.get("comment", "")
    if verdict is None or not pk.isascii() or not pk.isdigit():
        messages.error(request, _("Nothing was changed: the request named no comment or verdict."))
        return redirect("admin:index")
    comment = get_object_or_404(Comment, pk=int(pk))
    verdict([comment])
    done = _("Comment approved.") if verdict is flow.approve else _("Comment marked as spam.")
    messages.success(request, done)
    return redirect("admin:index")
