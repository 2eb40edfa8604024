"""What posts and pages share about the library images in their body.

Mixed into both models: the body is made responsive when saved, the images it shows are
recorded (so they can't be deleted while in use), and publishing asks for their alt text.
A model without a `featured_image` field simply has none.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .markup import body_image_ids, images_missing_alt, responsive_body
from .models import Usage


class IllustratedBody:
    def prepare_body(self, sanitize):
        """The sanitised body, its library images turned into responsive markup."""
        self.body = responsive_body(sanitize(self.body))

    def refresh_image_markup(self):
        """Write the body's image markup again, now that an image it shows has its renditions.

        Saved from the row as it is now, locked: an edit saved meanwhile is not overwritten.
        """
        type(self)._base_manager.select_for_update().get(pk=self.pk).save()

    def record_image_usage(self, update_fields=None, new=False):
        """After saving: note which images the body and featured image show, unless untouched
        (or, for a new object, none: nothing is recorded yet, so nothing to replace)."""
        if update_fields is None or {"body", "featured_image"} & set(update_fields):
            image_ids = body_image_ids(self.body)
            featured_id = getattr(self, "featured_image_id", None)
            if image_ids or featured_id or not new:
                Usage.record(self, image_ids, featured_id)

    def check_alt_text(self):
        """Refuse to publish while an image shown has no alt text (nor a decorative mark)."""
        errors = {}
        for field, image in images_missing_alt(self.body, getattr(self, "featured_image", None)):
            errors.setdefault(field, []).append(
                ValidationError(
                    _(
                        "The image “%(name)s” has no alt text: add it in the media library "
                        "(or mark the image decorative) before publishing."
                    ),
                    params={"name": image.original_name},
                    code="missing_alt_text",
                )
            )
        if errors:
            raise ValidationError(errors)
