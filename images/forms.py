from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from . import sniffing, validation
from .models import MediaFile


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
                validation.check(upload)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


class PickerSearchForm(forms.Form):
    """The picker's search box: like the admin's, a query it can't take (a NUL) finds everything."""

    q = forms.CharField(required=False)


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


class MediaFileForm(forms.ModelForm):
    """A sound or video file added in the admin: checked by its bytes, as imports are."""

    upload = forms.FileField(label=_("file"), help_text=_("MP4, M4A, WebM, Ogg or MP3."))

    class Meta:
        model = MediaFile
        fields = ["title", "caption"]

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload.size > settings.MEDIA_MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("“%(name)s” is larger than %(limit)s, the most accepted."),
                params={
                    "name": upload.name,
                    "limit": filesizeformat(settings.MEDIA_MAX_UPLOAD_BYTES),
                },
            )
        upload.data = upload.read()
        sniffing.check(upload.name, upload.data)
        return upload

    def save(self, commit=True):
        upload = self.cleaned_data["upload"]
        media, _created = MediaFile.get_or_create_from_bytes(
            upload.name, upload.data, title=self.instance.title, caption=self.instance.caption
        )
        self.instance = media
        return media

    def save_m2m(self):
        pass
