from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import validation


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several image files, each checked at the door; every refusal is reported by name."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        cleaned = [super(MultipleImageField, self).clean(upload, initial) for upload in files]
        errors = []
        for upload in cleaned:
            try:
                validation.open_image(upload).close()
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


class UploadForm(forms.Form):
    files = MultipleImageField(
        label=_("Images"),
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
    )
    alt_text = forms.CharField(
        label=_("Alt text"),
        max_length=300,
        required=False,
        help_text=_("Given to every image uploaded now; each can be changed afterwards."),
    )
    decorative = forms.BooleanField(label=_("Decorative"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _("Choose one or several files (%(formats)s).") % {
            "formats": validation.accepted_formats_text()
        }
