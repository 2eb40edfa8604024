"""The admin's revision pages, the editor's autosave, and sharing a draft. Each is a method
of the RevisionedAdmin it is called with (`admin`), so it sees only what that admin lets the
person see and change."""

import json
from copy import copy
from functools import wraps

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from . import snapshot
from .compare import compared_fields
from .models import Autosave, DraftLink, Presence, Revision


def post_only(view):
    @wraps(view)
    def checked(admin, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(admin, request, *args, **kwargs)

    return checked


def editable(admin, request, object_id):
    obj = admin.get_object(request, unquote(object_id))
    if obj is None:
        raise Http404(_("No such object, or not yours to edit."))
    if not admin.has_change_permission(request, obj):
        raise PermissionDenied
    return obj


def page(admin, request, obj, template, title, **context):
    return TemplateResponse(
        request,
        template,
        {
            **admin.admin_site.each_context(request),
            "opts": admin.opts,
            "original": obj,
            "title": title,
            "change_url": admin.object_url(obj, "change"),
            "revisions_url": admin.object_url(obj, "revisions"),
            **context,
        },
    )


def revision_list(admin, request, object_id):
    obj = editable(admin, request, object_id)
    revisions = list(Revision.objects.of(obj).select_related("user"))
    for revision in revisions:
        revision.restore_url = admin.object_url(obj, "restore", revision.pk)
    return page(
        admin,
        request,
        obj,
        "admin/revisions/list.html",
        _("Revisions of “%s”") % obj,
        revisions=revisions,
        compare_url=admin.object_url(obj, "compare"),
    )


def compare(admin, request, object_id):
    obj = editable(admin, request, object_id)
    revisions = Revision.objects.of(obj).select_related("user")
    chosen = [request.GET.get("a"), request.GET.get("b")]
    if not all(value and value.isdigit() for value in chosen):
        chosen = [r.pk for r in revisions[:2]][::-1]
    found = revisions.in_bulk([int(pk) for pk in chosen])
    if len(found) < 2:
        messages.error(request, _("Choose two revisions to compare."))
        return redirect(admin.object_url(obj, "revisions"))
    old, new = sorted(found.values(), key=lambda r: (r.created_at, r.pk))
    for revision in (old, new):
        revision.restore_url = admin.object_url(obj, "restore", revision.pk)
    return page(
        admin,
        request,
        obj,
        "admin/revisions/compare.html",
        _("Comparing two revisions of “%s”") % obj,
        pair=(old, new),
        rows=compared_fields(type(obj), old.data, new.data, admin.revision_fields),
    )


@post_only
def restore(admin, request, object_id, revision_id):
    """The revision's fields go through the change form, as if typed: validated, sanitised,
    saved, logged and kept as a new revision."""
    obj = editable(admin, request, object_id)
    revision = get_object_or_404(Revision.objects.of(obj), pk=revision_id)
    restored = copy(obj)
    many = snapshot.apply(restored, revision.data)
    form_class = admin.get_form(request, obj, change=True)
    data = snapshot.form_data(form_class(instance=restored), many)
    form = form_class(data, instance=obj)
    form.restored_from = revision
    if not form.is_valid():
        errors = "; ".join(" ".join(e) for e in form.errors.values())
        messages.error(request, _("This revision can’t be restored: %s") % errors)
        return redirect(admin.object_url(obj, "revisions"))
    with transaction.atomic():
        obj = admin.save_form(request, form, change=True)
        admin.save_model(request, obj, form, change=True)
        admin.save_related(request, form, [], change=True)
        change_message = _("Restored the revision of %s.") % timezone.localtime(
            revision.created_at
        ).strftime("%Y-%m-%d %H:%M")
        admin.log_change(request, obj, change_message)
    messages.success(request, change_message)
    return redirect(admin.object_url(obj, "change"))


def others_editing(request, obj):
    people = Presence.objects.of(obj).current().exclude(user=request.user).select_related("user")
    return [p.user.get_full_name() or p.user.get_username() for p in people]


@post_only
def autosave(admin, request, object_id):
    """The editor's heartbeat, every few seconds while the form is open; with `fields`, the
    form as typed is kept too (in the person's Autosave, never in the object)."""
    obj = editable(admin, request, object_id)
    try:
        payload = json.loads(request.body)
        fields = payload.get("fields")
        if fields is not None:
            fields = {
                str(name): [str(value) for value in values]
                for name, values in fields.items()
                if name not in ("csrfmiddlewaretoken", "edited_from") and isinstance(values, list)
            }
        if fields and any("\x00" in name + "".join(v) for name, v in fields.items()):
            raise ValueError("a NUL character, which no field may hold")
    except (ValueError, AttributeError):
        return JsonResponse({"error": _("Send the form's fields as JSON.")}, status=400)
    now = timezone.now()
    where = {"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk}
    Presence.objects.update_or_create(**where, user=request.user, defaults={"seen_at": now})
    answer = {"others": others_editing(request, obj)}
    if fields is not None:
        Autosave.objects.update_or_create(
            **where, user=request.user, defaults={"data": fields, "saved_at": now}
        )
        answer["saved_at"] = time_format(timezone.localtime(now), "H:i")
    return JsonResponse(answer)


def share(admin, request, object_id):
    obj = editable(admin, request, object_id)
    if request.method == "POST":
        if getattr(obj, "status", None) == "published":
            messages.error(request, _("This is published: its own address shows it to everyone."))
        else:
            link = DraftLink.objects.create(content_object=obj, created_by=request.user)
            messages.success(
                request,
                _("A new preview link works until %s.")
                % timezone.localtime(link.expires_at).strftime("%Y-%m-%d %H:%M"),
            )
        return redirect(admin.object_url(obj, "share"))
    links = DraftLink.objects.of(obj).select_related("created_by")
    return page(
        admin,
        request,
        obj,
        "admin/revisions/share.html",
        _("Share a preview of “%s”") % obj,
        links=[
            (
                link,
                request.build_absolute_uri(reverse("draft_preview", args=[link.token])),
                admin.object_url(obj, "revoke", link.pk),
            )
            for link in links
        ],
        share_url=admin.object_url(obj, "share"),
    )


@post_only
def revoke(admin, request, object_id, link_id):
    obj = editable(admin, request, object_id)
    link = get_object_or_404(DraftLink.objects.of(obj), pk=link_id)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    messages.success(request, _("The link no longer works."))
    return redirect(admin.object_url(obj, "share"))
