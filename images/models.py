import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import renditions, sniffing, validation

# Shown instead of an image whose renditions the worker has not made yet: the upload itself
# still carries its metadata (GPS position, camera serial), so it is never shown to readers.
PENDING_PLACEHOLDER = "images/pending.svg"
# Uploads wait here for the worker; the media view never serves this folder.
UPLOADS_FOLDER = "uploads"


def content_hash(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


class Image(models.Model):
    """An image in the media library: a cleaned master file and its renditions.

    Until the background worker has made them (images.tasks.make_renditions), `renditions` is
    empty and `file` is the upload as it came, kept out of readers' reach.
    """

    file = models.FileField(editable=False, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the image shows, for readers who can't see it. A post using the image can't "
            "be published without it, unless the image is marked decorative."
        ),
    )
    decorative = models.BooleanField(
        default=False,
        help_text=_("Pure decoration that adds nothing to the text: screen readers skip it."),
    )
    caption = models.CharField(
        max_length=500, blank=True, help_text=_("Offered as the caption when inserted in a post.")
    )
    title = models.CharField(
        max_length=300, blank=True, help_text=_("Its name in the library (WordPress's title).")
    )
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    content_hash = models.CharField(
        max_length=64, editable=False, db_index=True, help_text=_("SHA-256 of the uploaded file.")
    )
    # [{"width", "height", "format", "name", "bytes"}, …]: rendering needs no further query.
    renditions = models.JSONField(default=list, editable=False)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
        help_text=_("Who may change the alt text and caption, besides editors."),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("edit_any_image", _("Can change any image, not only their own uploads"))]

    def __str__(self):
        return (
            self.original_name if not self.alt_text else f"{self.original_name} — {self.alt_text}"
        )

    @classmethod
    def from_upload(cls, upload, **fields):
        """Check an uploaded file at the door and store it as it came: all of that, or nothing.

        Its renditions are queued for the worker once the row is committed; a request never
        waits for them.
        """
        from .tasks import make_renditions  # the task module imports this one

        checked = validation.check(upload)
        image = cls(
            original_name=upload.name[-255:],
            width=checked.width,
            height=checked.height,
            content_hash=content_hash(upload),
            **fields,
        )
        storage = image.file.storage
        stem = slugify(image.original_name.rsplit(".", 1)[0])[:60] or "image"
        folder = f"{UPLOADS_FOLDER}/{image.content_hash[:2]}/{image.content_hash[2:16]}"
        extension = renditions.EXTENSIONS.get(checked.format, checked.format.lower())
        image.file.name = storage.save(
            f"{folder}/{stem}.{extension}", ContentFile(upload.read(), name=upload.name)
        )
        upload.seek(0)
        try:
            image.save()
        except BaseException:
            renditions.delete_files(storage, image.file_names())
            raise
        transaction.on_commit(lambda: make_renditions.enqueue(image.pk))
        return image

    @classmethod
    def get_or_create_from_upload(cls, upload, **fields):
        """(image, created): a file already in the library (the same bytes) is not added twice."""
        existing = cls.objects.filter(content_hash=content_hash(upload)).first()
        if existing is not None:
            return existing, False
        return cls.from_upload(upload, **fields), True

    @property
    def needs_alt_text(self):
        return not (self.alt_text or self.decorative)

    @property
    def pending(self):
        """Uploaded, its renditions not made yet: pages show a placeholder in its place."""
        return not self.renditions

    def rendition_list(self, image_format):
        return [r for r in self.renditions if r["format"] == image_format]

    def fallback_format(self):
        """JPEG, PNG (for transparency) or GIF (for animation): whatever is beside the WebPs."""
        return next(r["format"] for r in self.renditions if r["format"] != "webp")

    def rendition_for(self, width, image_format=None):
        """The smallest rendition at least `width` wide, or the largest there is."""
        candidates = self.rendition_list(image_format or self.fallback_format())
        return next((r for r in candidates if r["width"] >= width), candidates[-1])

    def url(self, width=960, image_format=None):
        if self.pending:
            return static(PENDING_PLACEHOLDER)
        return self.file.storage.url(self.rendition_for(width, image_format)["name"])

    def file_names(self):
        return [self.file.name, *(r["name"] for r in self.renditions)]

    def delete_files(self):
        """Remove the files from storage once the row is gone for good."""
        names = self.file_names()
        transaction.on_commit(lambda: renditions.delete_files(self.file.storage, names))


class UsageQuerySet(models.QuerySet):
    def of(self, owner):
        """What one post, page or other saved object is recorded to show."""
        content_type = ContentType.objects.get_for_model(owner)
        return self.filter(content_type=content_type, object_id=owner.pk)


class Usage(models.Model):
    """Which image each owner shows, recorded when the owner is saved; keeps used images.

    The owner is any model (a post, a page), named by a generic relation so the library knows
    nothing of the models that use it. An owner's model declares a `GenericRelation` to `Usage`
    so that deleting the owner deletes its usages.
    """

    class Role(models.TextChoices):
        FEATURED = "featured", _("featured image")
        BODY = "body", _("in the text")

    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="usages")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    owner = GenericForeignKey("content_type", "object_id")
    role = models.CharField(max_length=10, choices=Role)

    objects = UsageQuerySet.as_manager()

    class Meta:
        ordering = ["content_type", "object_id", "role"]
        verbose_name = _("image use")
        verbose_name_plural = _("image uses")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "content_type", "object_id", "role"],
                name="unique_image_use_per_owner",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="image_use_owner")]

    def __str__(self):
        return f"“{self.owner}” ({self.get_role_display()})"

    @classmethod
    def record(cls, owner, body_image_ids, featured_image_id=None):
        """Replace what `owner` (a saved instance of any model) is recorded to show."""
        cls.objects.of(owner).delete()
        cls.record_new([(owner, body_image_ids, featured_image_id)])

    @classmethod
    def record_new(cls, shown):
        """Record what owners with nothing recorded yet show, in one query and one INSERT for
        them all: `shown` is (owner, body image ids, featured image id or None) for each."""
        wanted = set()
        for owner, body_image_ids, featured_image_id in shown:
            wanted |= {(owner, pk, cls.Role.BODY) for pk in body_image_ids}
            if featured_image_id:
                wanted.add((owner, featured_image_id, cls.Role.FEATURED))
        if not wanted:
            return
        pks = {pk for _, pk, _ in wanted}
        existing = set(Image.objects.filter(pk__in=pks).values_list("pk", flat=True))
        cls.objects.bulk_create(
            cls(image_id=pk, role=role, owner=owner) for owner, pk, role in wanted if pk in existing
        )


# Sound and video files that passed the door (images.sniffing), served as they are stored.
MEDIA_FOLDER = "av"


class MediaFile(models.Model):
    """A sound or video file in the media library, played with <audio>/<video> from our origin.

    Checked by its bytes at the door (images.sniffing), its personal tags taken out where that
    is a matter of bytes; there are no renditions, so it is stored once and shown at once.
    """

    class Kind(models.TextChoices):
        AUDIO = "audio", _("sound")
        VIDEO = "video", _("video")

    file = models.FileField(editable=False, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255, editable=False)
    kind = models.CharField(max_length=5, choices=Kind, editable=False)
    mime_type = models.CharField(max_length=40, editable=False)
    title = models.CharField(max_length=300, blank=True)
    caption = models.CharField(max_length=500, blank=True)
    size = models.PositiveBigIntegerField(editable=False)
    content_hash = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sound or video file")
        verbose_name_plural = _("sound and video files")

    def __str__(self):
        return self.title or self.original_name

    @classmethod
    def get_or_create_from_bytes(cls, name, data, **fields):
        """(media file, created), or a ValidationError: the same bytes are not stored twice."""
        sniffed, cleaned = sniffing.check(name, data)
        digest = hashlib.sha256(data).hexdigest()
        if (existing := cls.objects.filter(content_hash=digest).first()) is not None:
            return existing, False
        media = cls(
            original_name=name[-255:],
            kind=sniffed.kind,
            mime_type=sniffed.mime,
            size=len(cleaned),
            content_hash=digest,
            **fields,
        )
        storage = media.file.storage
        stem = slugify(name.rsplit(".", 1)[0])[:60] or sniffed.kind
        folder = f"{MEDIA_FOLDER}/{digest[:2]}/{digest[2:16]}"
        media.file.name = storage.save(f"{folder}/{stem}.{sniffed.extension}", ContentFile(cleaned))
        try:
            media.save()
        except BaseException:
            renditions.delete_files(storage, [media.file.name])
            raise
        return media, True

    def url(self):
        return self.file.storage.url(self.file.name)

    def delete_files(self):
        """Remove the file from storage once the row is gone for good."""
        name = self.file.name
        transaction.on_commit(lambda: renditions.delete_files(self.file.storage, [name]))

    def element(self):
        """The player: <audio controls> or <video controls>, playing the file from our origin."""
        return format_html(
            '<{} controls preload="metadata" src="{}"></{}>', self.kind, self.url(), self.kind
        )

    def player(self, caption=""):
        """The player in a figure, as a body shows it."""
        caption = format_html("<figcaption>{}</figcaption>", caption) if caption else ""
        return format_html(
            '<figure class="media-{}">{}{}</figure>', self.kind, self.element(), caption
        )
