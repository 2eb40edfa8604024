import time

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_comments.forms import COMMENT_MAX_LENGTH
from django_comments_xtd.forms import XtdCommentForm

from blog.converters import parse_id

from .models import Comment


class CommentForm(XtdCommentForm):
    """django-comments-xtd's form in the theme's words, with our checks.

    The honeypot, timestamp and security hash come from django-contrib-comments; we add a
    minimum time between showing the form and posting it, and check the comment replied to.
    """

    remember = forms.BooleanField(
        required=False, label=_("Remember my name, email and website on this browser")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["name"].label = _("Name")
        fields["name"].widget = forms.TextInput(attrs={"autocomplete": "name", "maxlength": 50})
        fields["email"].label = _("Email")
        fields["email"].help_text = _("Never shown.")
        fields["email"].widget = forms.EmailInput(attrs={"autocomplete": "email"})
        fields["url"].label = _("Website")
        fields["url"].help_text = _("Optional.")
        fields["url"].assume_scheme = "https"
        fields["url"].widget = forms.URLInput(attrs={"autocomplete": "url"})
        fields["comment"].label = _("Comment")
        fields["comment"].help_text = _(
            "Plain text. Blank lines make paragraphs; *emphasis*, **strong**, `code`, "
            "> quotes and links work."
        )
        fields["comment"].widget = forms.Textarea(
            attrs={"rows": 6, "maxlength": COMMENT_MAX_LENGTH}
        )
        fields["followup"].label = _("Email me replies to this comment")
        fields["followup"].widget.attrs = {}
        fields["reply_to"].required = False
        fields["honeypot"].label = _("Leave this field empty")

    def clean_timestamp(self):
        timestamp = super().clean_timestamp()
        # Too fast to have been typed by a person: bots post the moment they load the page.
        if time.time() - timestamp < settings.COMMENTS_MIN_SECONDS:
            raise forms.ValidationError(_("That was quick! Please wait a moment and send again."))
        return timestamp

    def clean_comment(self):
        comment = super().clean_comment()
        if not comment.strip():
            raise forms.ValidationError(_("Please write a comment."))
        return comment

    def clean_reply_to(self):
        reply_to = self.cleaned_data.get("reply_to") or 0
        if reply_to:
            comments = Comment.objects.for_post(self.target_object).visible()
            parent = parse_id(str(reply_to)) and comments.filter(pk=reply_to).first()
            if not parent:
                raise forms.ValidationError(_("The comment you replied to is not available."))
            if not parent.allow_thread():
                raise forms.ValidationError(_("This conversation can't go any deeper."))
        return reply_to

    def too_fast(self):
        return "timestamp" in self.errors and len(self.security_errors()) == 1
