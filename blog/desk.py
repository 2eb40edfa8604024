"""The writing desk: the admin's change form for posts and pages as a writing surface.

Still Django's admin (its permissions, its history, its messages); what changes is the page
(templates/admin/blog/desk_form.html, static/css/desk.css, static/js/desk.js) and the buttons,
which say what will happen. Each button is a submit named `_continue`, as the admin's "Save and
continue editing" is, whose value is the action: the admin stays on the form, and the form
reads the action to set the status.
"""

from django import forms
from django.contrib.admin.options import IS_POPUP_VAR
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import ProseEditorWidget

from .models import WORDS_PER_MINUTE, Status

ACTION = "_continue"
DRAFT, PUBLISH, UPDATE, UNPUBLISH, PREVIEW = "draft", "publish", "update", "unpublish", "preview"
# The panel's "When": publish now (the date becomes the moment of publishing) or at the date given.
WHEN, NOW, SCHEDULE = "desk_when", "now", "schedule"


class DeskForm(forms.ModelForm):
    """The model form, with the status the pressed button asks for."""

    def clean(self):
        cleaned = super().clean()
        action = self.data.get(ACTION)
        was_public = self.instance.pk is not None and self.instance.status == Status.PUBLISHED
        if action in (DRAFT, UNPUBLISH):
            cleaned["status"] = Status.DRAFT
        elif action == PUBLISH:
            cleaned["status"] = Status.PUBLISHED
            publish_at = getattr(self.instance, "publish_at", None)
            not_yet_public = not was_public or (publish_at and publish_at > timezone.now())
            if "publish_at" in self.fields and self.data.get(WHEN) == NOW and not_yet_public:
                cleaned["publish_at"] = timezone.now()
        return cleaned


class DeskAdmin:
    """Mixed into the post and page admins: the desk's template, widget, buttons and preview."""

    # The page: templates/admin/blog/<model>/change_form.html extend admin/blog/desk_form.html.
    form = DeskForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body":
            # The plain widget, without the admin overrides' styles: the theme's take their place.
            widget = formfield.widget
            formfield.widget = ProseEditorWidget(
                config=widget.config, preset=widget.preset, attrs=widget.attrs
            )
        elif db_field.name == "title":
            formfield.widget.attrs.update(
                {"class": "desk-title", "placeholder": _("Title"), "autocomplete": "off"}
            )
        return formfield

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["desk"] = self.desk_state(obj)
        context["is_nav_sidebar_enabled"] = False  # the page is the writer's: no model list beside
        return super().render_change_form(request, context, add, change, form_url, obj)

    def desk_state(self, obj):
        """What the buttons say: a draft is saved or published, a public post updated."""
        now = timezone.now()
        publish_at = getattr(obj, "publish_at", None)
        status = getattr(obj, "status", Status.DRAFT)
        scheduled = status == Status.PUBLISHED and publish_at is not None and publish_at > now
        return {
            "status": status,
            "is_public": status != Status.DRAFT and not scheduled,
            "is_scheduled": scheduled,
            "slug_follows_title": status == Status.DRAFT,
            "when": SCHEDULE if publish_at and publish_at > now else NOW,
            "schedule_label": date_format(timezone.localtime(publish_at), "DATETIME_FORMAT")
            if publish_at
            else "",
            "has_date": hasattr(obj or self.model, "publish_at"),
            "words_per_minute": WORDS_PER_MINUTE,
        }

    def response_add(self, request, obj, post_url_continue=None):
        if request.POST.get(ACTION) == PREVIEW and IS_POPUP_VAR not in request.POST:
            super().response_add(request, obj, post_url_continue)  # its message and log
            return HttpResponseRedirect(obj.get_absolute_url())
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if request.POST.get(ACTION) == PREVIEW and IS_POPUP_VAR not in request.POST:
            super().response_change(request, obj)
            return HttpResponseRedirect(obj.get_absolute_url())
        return super().response_change(request, obj)
