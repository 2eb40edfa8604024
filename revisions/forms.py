"""The change form refuses a save over someone else's newer one."""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .models import Revision


class EditedFrom(forms.Form):
    """Mixed into an admin's ModelForm: `edited_from` carries the version the form was loaded
    at (the object's updated_at). A form sent without it (a script, an older page) is not
    checked."""

    edited_from = forms.CharField(required=False, widget=forms.HiddenInput)
    editor = None  # the person saving, set by RevisionedAdmin.get_form()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["edited_from"] = self.stored_version()

    def stored_version(self):
        stored = (
            type(self.instance)
            ._base_manager.filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        return stored.isoformat() if stored else ""

    def clean(self):
        cleaned = super().clean()
        loaded = self.cleaned_data.get("edited_from")
        if not (self.instance.pk and loaded):
            return cleaned
        current = self.stored_version()
        if loaded == current:
            return cleaned
        last = Revision.objects.of(self.instance).select_related("user").first()
        if last and last.user_id == getattr(self.editor, "pk", None):
            return cleaned  # their own save, from another tab
        # Sent again, the form replaces the newer version: the author has been told.
        self.data = self.data.copy()
        self.data[self.add_prefix("edited_from")] = current
        opts = self.instance._meta
        compare = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_revisions", args=[self.instance.pk]
        )
        name = (
            (last.user.get_full_name() or last.user.get_username())
            if last and last.user
            else _("someone")
        )
        saved_at = time_format(timezone.localtime(last.created_at)) if last else ""
        raise forms.ValidationError(
            format_html(
                _(
                    "{name} saved this at {time}, after you opened it: your changes were not "
                    'saved. <a href="{url}">Compare the versions</a>, then Save again to '
                    "replace theirs with what is below."
                ),
                name=name,
                time=saved_at,
                url=compare,
            ),
            code="edit_conflict",
        )
