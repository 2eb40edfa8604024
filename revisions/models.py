"""What the author's saves keep: revisions, autosaves, who is editing, draft links.

Generic over the content type, so posts and pages (and anything else an admin opts in with
revisions.admin.RevisionedAdmin) share them. None of these rows is seen by readers except
through a draft link, so none is watched by the page cache: saving one changes no page.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ForObjectQuerySet(models.QuerySet):
    def of(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class ForObject(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey()

    objects = ForObjectQuerySet.as_manager()

    class Meta:
        abstract = True


class Revision(ForObject):
    """A version of an object as a save in the admin left it."""

    data = models.JSONField(help_text=_("The fields' values, as revisions.snapshot takes them."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    published = models.BooleanField(
        default=False, help_text=_("This save published it: kept however many come after.")
    )
    restored_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self):
        return (
            f"{self.data.get('title', '')} ({timezone.localtime(self.created_at):%Y-%m-%d %H:%M})"
        )


class Autosave(ForObject):
    """What one person had typed in the change form, not yet saved: one row per object and
    person, never over the object itself."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    data = models.JSONField(help_text=_("The form's fields as the browser sent them."))
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="one_autosave_per_person"
            )
        ]
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} by {self.user_id}"


class PresenceQuerySet(ForObjectQuerySet):
    def current(self):
        since = timezone.now() - timedelta(seconds=settings.REVISIONS_PRESENCE_SECONDS)
        return self.filter(seen_at__gte=since)


class Presence(ForObject):
    """Someone has the change form open: their editor's heartbeat keeps `seen_at` recent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    seen_at = models.DateTimeField(default=timezone.now)

    objects = PresenceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="one_presence_per_person"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} by {self.user_id}"


def new_token():
    return secrets.token_urlsafe(32)


def default_expiry():
    return timezone.now() + timedelta(days=settings.DRAFT_LINK_DAYS)


class DraftLinkQuerySet(ForObjectQuerySet):
    def valid(self):
        return self.filter(revoked_at=None, expires_at__gt=timezone.now())


class DraftLink(ForObject):
    """An unguessable address that shows a draft to whoever has it, until it expires or is
    revoked."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = DraftLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("draft link")
        verbose_name_plural = _("draft links")

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} until {self.expires_at:%Y-%m-%d}"

    @property
    def is_valid(self):
        return self.revoked_at is None and self.expires_at > timezone.now()
