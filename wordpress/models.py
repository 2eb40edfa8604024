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
