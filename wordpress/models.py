from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedQuerySet(models.QuerySet):
    def for_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))


class Imported(models.Model):
    """What an object was called in WordPress: re-imports find it, old ?p= links reach it.

    Kept here rather than as fields on the blog's and comments' models, which stay unaware of
    WordPress.
    """

    site = models.CharField(
        max_length=200, help_text=_("The WordPress blog's address, as its export gives it.")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    wp_id = models.PositiveBigIntegerField(_("WordPress id"))
    imported_at = models.DateTimeField(auto_now_add=True)
    # Posts and pages (sync.py): what the item was (its type, slug and date), so an export that
    # reuses the id for something else is told apart; a hash of what WordPress said, to see
    # what changed there; and our object's updated_at then, to see whether it was edited here.
    fingerprint = models.CharField(max_length=64, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True)

    objects = ImportedQuerySet.as_manager()

    class Meta:
        verbose_name = _("imported WordPress object")
        verbose_name_plural = _("imported WordPress objects")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "content_type", "wp_id"], name="imported_once_per_site"
            )
        ]
        indexes = [models.Index(fields=["content_type", "wp_id"], name="imported_by_wp_id")]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} ← WordPress {self.wp_id}"


class OldAddress(models.Model):
    """An address the WordPress blog answered at (an item's <link> or <guid>, a category's, a
    tag's, an author's), and what now stands there: it answers a 301 once the blog's own routes
    have answered 404 (redirects.py). One of the targets is set (an attachment's: its image
    and the post it belongs to); the others stay empty, so one query with their joins finds the
    new address."""

    path = models.CharField(
        max_length=500,
        unique=True,
        help_text=_("Decoded, without its trailing slash; “/?p=12” for query addresses."),
    )
    post = models.ForeignKey("blog.Post", models.CASCADE, null=True, blank=True, related_name="+")
    page = models.ForeignKey("blog.Page", models.CASCADE, null=True, blank=True, related_name="+")
    category = models.ForeignKey(
        "blog.Category", models.CASCADE, null=True, blank=True, related_name="+"
    )
    tag = models.ForeignKey("blog.Tag", models.CASCADE, null=True, blank=True, related_name="+")
    author = models.ForeignKey(
        "blog.Author", models.CASCADE, null=True, blank=True, related_name="+"
    )
    image = models.ForeignKey(
        "images.Image", models.CASCADE, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    TARGETS = ("post", "page", "category", "tag", "author", "image")

    class Meta:
        verbose_name = _("old WordPress address")
        verbose_name_plural = _("old WordPress addresses")
        ordering = ["path"]

    def __str__(self):
        return f"{self.path} → {self.target}"

    @property
    def target(self):
        """What the address leads to: an attachment's image once its renditions exist, else the
        post or page it belongs to; or the one post, page, category, tag or author."""
        if self.image and not self.image.pending:
            return self.image
        return next((obj for name in self.TARGETS[:-1] if (obj := getattr(self, name))), None)

    @staticmethod
    def key(path, query=""):
        """The `path` column for an address: decoded, no trailing slash (WordPress's permalink
        structures differ on it), "/" alone for the root."""
        path = "/" + path.strip("/") if path.strip("/") else "/"
        if query:
            return f"{path}?{query}"
        return path
