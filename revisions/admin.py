"""RevisionedAdmin: what a ModelAdmin mixes in for revisions, autosave and draft links.

blog's PostAdmin and PageAdmin use it, naming the fields a revision keeps. The views are in
revisions/admin_views.py; the change form shows them through templates/admin/revisions/.
"""

from functools import partial

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import admin_views, record, snapshot
from .forms import EditedFrom
from .models import Autosave, DraftLink, Presence, Revision


class RevisionedAdmin:
    revision_fields = []  # the fields a revision keeps

    # The change list: who saved each object last.
    def get_queryset(self, request):
        last = Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(self.model), object_id=OuterRef("pk")
        ).order_by("-created_at", "-pk")
        return (
            super()
            .get_queryset(request)
            .annotate(last_saved_by=Subquery(last.values("user__username")[:1]))
        )

    @admin.display(description=_("last modified"), ordering="updated_at")
    def last_modified(self, obj):
        when = timezone.localtime(obj.updated_at).strftime("%Y-%m-%d %H:%M")
        return f"{when} · {obj.last_saved_by}" if obj.last_saved_by else when

    # The change form: the version it was loaded at, an autosave to restore.
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None or ("fields" in kwargs and kwargs["fields"] is None):
            return form  # adding; or the admin listing the model's own fields
        attrs = {"editor": request.user}
        restoring = request.method == "GET" and "restore_autosave" in request.GET
        if restoring and (autosave := Autosave.objects.of(obj).filter(user=request.user).first()):
            initial = snapshot.form_initial(form, autosave.data)

            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
                super(new_form, self).__init__(*args, **kwargs)

            attrs["__init__"] = __init__
        new_form = type(form.__name__, (EditedFrom, form), attrs)
        return new_form

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Also when a save is refused: the form shown again keeps autosaving.
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_change_permission(request, obj):
            extra_context = {**(extra_context or {}), "editing": self.editing(request, obj)}
        return super().change_view(request, object_id, form_url, extra_context)

    def editing(self, request, obj):
        """What the change form's status bar starts with."""
        content_type = ContentType.objects.get_for_model(obj)
        Presence.objects.update_or_create(
            content_type=content_type,
            object_id=obj.pk,
            user=request.user,
            defaults={"seen_at": timezone.now()},
        )
        autosave = Autosave.objects.of(obj).filter(user=request.user).first()
        url = partial(self.object_url, obj)
        return {
            "others": admin_views.others_editing(request, obj),
            "autosave": autosave if autosave and autosave.saved_at > obj.updated_at else None,
            "restored": "restore_autosave" in request.GET and autosave is not None,
            "autosave_url": url("autosave"),
            "revisions_url": url("revisions"),
            "share_url": url("share"),
            "shareable": getattr(obj, "status", None) != "published",
            "autosave_seconds": settings.REVISIONS_AUTOSAVE_SECONDS,
            "heartbeat_seconds": settings.REVISIONS_HEARTBEAT_SECONDS,
        }

    def object_url(self, obj, name, *args):
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=[obj.pk, *args])

    # Saving keeps a revision.
    def save_model(self, request, obj, form, change):
        if change:
            record.keep_baseline(obj, self.revision_fields)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        status = getattr(obj, "status", None)
        record.saved(
            obj,
            self.revision_fields,
            request.user,
            published=status == "published" and (not change or "status" in form.changed_data),
            restored_from=getattr(form, "restored_from", None),
        )

    def save_with_revision(self, request, obj, update_fields):
        """For actions that change a few fields of many objects (publish, unpublish)."""
        record.keep_baseline(obj, self.revision_fields)
        obj.save(update_fields=[*update_fields, "updated_at"])
        published = getattr(obj, "status", None) == "published"
        record.saved(obj, self.revision_fields, request.user, published=published)

    # Deleting an object deletes what was kept of it.
    def delete_model(self, request, obj):
        kept = [model.objects.of(obj) for model in (Revision, Autosave, Presence, DraftLink)]
        super().delete_model(request, obj)
        for rows in kept:
            rows.delete()

    def delete_queryset(self, request, queryset):
        where = {
            "content_type": ContentType.objects.get_for_model(self.model),
            "object_id__in": list(queryset.values_list("pk", flat=True)),
        }
        super().delete_queryset(request, queryset)
        for model in (Revision, Autosave, Presence, DraftLink):
            model.objects.filter(**where).delete()

    def get_urls(self):
        opts = self.opts

        def route(pattern, view, name):
            wrapped = self.admin_site.admin_view(partial(view, self))
            return path(pattern, wrapped, name=f"{opts.app_label}_{opts.model_name}_{name}")

        return [
            route("<path:object_id>/revisions/", admin_views.revision_list, "revisions"),
            route("<path:object_id>/revisions/compare/", admin_views.compare, "compare"),
            route(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                admin_views.restore,
                "restore",
            ),
            route("<path:object_id>/autosave/", admin_views.autosave, "autosave"),
            route("<path:object_id>/share/", admin_views.share, "share"),
            route("<path:object_id>/share/<int:link_id>/revoke/", admin_views.revoke, "revoke"),
            *super().get_urls(),
        ]
