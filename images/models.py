import hashlib

from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import renditions, validation


def content_hash(upload):
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


class Image(models.Model):
    """An image in the media library: a cleaned master file and its renditions."""

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
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    content_hash = models.CharField(
        max_length=64, editable=False, db_index=True, help_text=_("SHA-256 of the uploaded file.")
    )
    # [{"width", "height", "format", "name", "bytes"}, …]: rendering needs no further query.
    renditions = models.JSONField(default=list, editable=False)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return (
            self.original_name if not self.alt_text else f"{self.original_name} — {self.alt_text}"
        )

    @classmethod
    def from_upload(cls, upload, **fields):
        """Validate, clean and render an uploaded file, then save it: all of that, or nothing."""
        picture = validation.open_image(upload)
        image = cls(
            original_name=upload.name[-255:],
            width=picture.width,
            height=picture.height,
            content_hash=content_hash(upload),
            **fields,
        )
        storage = image.file.storage
        master, image.renditions = renditions.make_files(
            picture, image.content_hash, image.original_name, storage
        )
        image.file.name = master
        try:
            image.save()
        except BaseException:
            renditions.delete_files(storage, image.file_names())
            raise
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
        return self.file.storage.url(self.rendition_for(width, image_format)["name"])

    def file_names(self):
        return [self.file.name, *(r["name"] for r in self.renditions)]

    def delete_files(self):
        """Remove the files from storage once the row is gone for good."""
        names = self.file_names()
        transaction.on_commit(lambda: renditions.delete_files(self.file.storage, names))


class Usage(models.Model):
    """Which posts and pages show which image, recorded when they are saved; keeps used images."""

    class Role(models.TextChoices):
        FEATURED = "featured", _("featured image")
        BODY = "body", _("in the text")

    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="usages")
    # One of the two: the post or the page that shows the image.
    post = models.ForeignKey(
        "blog.Post", on_delete=models.CASCADE, null=True, blank=True, related_name="image_usages"
    )
    page = models.ForeignKey(
        "blog.Page", on_delete=models.CASCADE, null=True, blank=True, related_name="image_usages"
    )
    role = models.CharField(max_length=10, choices=Role)

    class Meta:
        ordering = ["post", "page", "role"]
        verbose_name = _("image use")
        verbose_name_plural = _("image uses")
        constraints = [
            models.UniqueConstraint(fields=["image", "post", "role"], name="unique_image_use"),
            models.UniqueConstraint(fields=["image", "page", "role"], name="unique_image_use_page"),
            models.CheckConstraint(
                condition=Q(post__isnull=False, page__isnull=True)
                | Q(post__isnull=True, page__isnull=False),
                name="image_use_post_or_page",
            ),
        ]

    def __str__(self):
        return f"“{self.owner}” ({self.get_role_display()})"

    @property
    def owner(self):
        return self.post or self.page

    @classmethod
    def record(cls, owner, body_image_ids, featured_image_id=None):
        """Replace what `owner` (a post or a page) is recorded to show."""
        owner_field = owner._meta.model_name  # "post" or "page"
        wanted = {(pk, cls.Role.BODY) for pk in body_image_ids}
        if featured_image_id:
            wanted.add((featured_image_id, cls.Role.FEATURED))
        existing = set(Image.objects.filter(pk__in={pk for pk, _ in wanted}).values_list("pk"))
        cls.objects.filter(**{owner_field: owner}).delete()
        cls.objects.bulk_create(
            cls(image_id=pk, role=role, **{owner_field: owner})
            for pk, role in wanted
            if (pk,) in existing
        )
