import ipaddress

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment, XtdCommentManager

from blog.models import Post

from . import markup


def truncate_ip(address):
    """The network part only: /24 for IPv4, /48 for IPv6, so a commenter can't be pinpointed."""
    if not address:
        return None
    ip = ipaddress.ip_address(address)
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


class CommentQuerySet(models.QuerySet):
    def for_post(self, post):
        return self.filter(
            content_type=ContentType.objects.get_for_model(Post), object_pk=str(post.pk)
        )

    def visible(self):
        """What readers see: approved, not removed, not spam."""
        return self.filter(is_public=True, is_removed=False, is_spam=False)

    def held(self):
        return self.filter(is_public=False, is_removed=False, is_spam=False)

    def by_email(self, email):
        return self.filter(user_email__iexact=email)


class Comment(XtdComment):
    """A reader's comment on a post, threaded by django-comments-xtd.

    thread_id, parent_id, level and order are computed by XtdComment when it is saved, so a
    thread is read in tree order with a single ORDER BY.
    """

    # Named explicitly: the default reverse name, "comment", is taken by the text field.
    xtdcomment_ptr = models.OneToOneField(
        XtdComment,
        on_delete=models.CASCADE,
        parent_link=True,
        primary_key=True,
        related_name="reader_comment",
    )
    body_html = models.TextField(editable=False, blank=True)
    is_spam = models.BooleanField(
        _("spam"), default=False, db_index=True, help_text=_("Spam is never shown.")
    )
    flag_count = models.PositiveIntegerField(
        _("reader reports"), default=0, help_text=_("How many readers flagged it.")
    )

    objects = XtdCommentManager.from_queryset(CommentQuerySet)()

    class Meta:
        ordering = ["thread_id", "order"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def save(self, *args, **kwargs):
        self.body_html = markup.render(self.comment)
        self.ip_address = truncate_ip(self.ip_address)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @property
    def status(self):
        if self.is_spam:
            return _("spam")
        if self.is_removed:
            return _("removed")
        return _("published") if self.is_public else _("awaiting moderation")

    def allow_thread(self):
        return self.level < settings.COMMENTS_XTD_MAX_THREAD_LEVEL
