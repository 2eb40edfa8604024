"""The writer's toolkit's pieces of the admin: Markdown pasted into the editor, and series."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_POST

from . import html, markdown_text
from .desk import DeskForm
from .models import Series
from .structured_data import DESCRIPTION_CHARS

MARKDOWN_PASTE_LIMIT = 200_000  # characters: a very long post, pasted whole


@require_POST
def markdown_to_html(request):
    """The editor's paste of Markdown, as the sanitised HTML the editor inserts."""
    if not (request.user.has_perm("blog.change_post") or request.user.has_perm("blog.add_post")):
        raise PermissionDenied
    text = request.POST.get("markdown", "")
    if len(text) > MARKDOWN_PASTE_LIMIT:
        return HttpResponseBadRequest("Too long to convert at once: paste it in parts.")
    return HttpResponse(html.sanitize(markdown_text.to_html(text)), content_type="text/html")


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}


class PostForm(DeskForm):
    """The post form: the desk's (the status follows the button pressed), with the toolkit's
    fields optional, so a form sent without them (a script, a page opened before an upgrade)
    keeps what the post had."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("body_format", "series_part"):
            if name in self.fields:
                self.fields[name].required = False
        if "markdown" in self.fields:  # leading spaces mean code, trailing ones a line break
            self.fields["markdown"].strip = False
        if "excerpt" in self.fields:  # a live count beside it (static/js/editor/writing_aids.js)
            self.fields["excerpt"].widget.attrs["data-character-count"] = DESCRIPTION_CHARS

    def clean_body_format(self):
        return self.cleaned_data["body_format"] or self.instance.body_format

    def clean_series_part(self):
        return self.cleaned_data["series_part"] or self.instance.series_part
