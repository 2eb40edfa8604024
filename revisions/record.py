"""Keeping revisions: one per admin save, bounded per object."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from . import snapshot
from .models import Autosave, Revision


def keep_baseline(obj, fields):
    """Before the first save an object gets here, its stored version (imported, say) becomes
    its first revision, so that save too can be undone."""
    if Revision.objects.of(obj).exists():
        return
    stored = type(obj)._base_manager.get(pk=obj.pk)
    Revision.objects.create(
        content_object=stored,
        data=snapshot.take(stored, fields),
        created_at=getattr(stored, "updated_at", None) or timezone.now(),
        published=getattr(stored, "status", None) == "published",
    )


def saved(obj, fields, user, published, restored_from=None):
    """The version a save just stored; then the oldest beyond REVISIONS_KEPT go, except those
    that published it. The person's autosave of it is now saved."""
    revision = Revision.objects.create(
        content_object=obj,
        data=snapshot.take(obj, fields),
        user=user,
        created_at=getattr(obj, "updated_at", None) or timezone.now(),
        published=published,
        restored_from=restored_from,
    )
    kept = Revision.objects.of(obj).values_list("pk", flat=True)[: settings.REVISIONS_KEPT]
    Revision.objects.of(obj).exclude(pk__in=list(kept)).filter(published=False).delete()
    Autosave.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, user=user
    ).delete()
    return revision
