import ipaddress
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
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

    def on_published_posts(self):
        """Comments on posts readers may see: a draft, private or scheduled post's comments are
        as hidden as the post (Post.objects.published()), in the same query."""
        published = Post.objects.published().values(pk_text=Cast("pk", models.CharField()))
        return self.filter(
            content_type=ContentType.objects.get_for_model(Post), object_pk__in=published
        )

    def for_readers(self):
        """What a reader may see or act on: visible comments on published posts."""
        return self.visible().on_published_posts()

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


class PendingCommentQuerySet(models.QuerySet):
    def expired(self):
        return self.filter(created_at__lt=timezone.now() - PendingComment.LIFETIME)


class PendingComment(models.Model):
    """A comment waiting for its commenter to confirm their address (COMMENTS_CONFIRM_EMAIL).

    The mail carries only a signed, expiring reference to it; it becomes a Comment when the
    commenter confirms, and is deleted then or once expired.
    """

    LIFETIME = timedelta(days=2)
    TOKEN_SALT = "comments.confirm"  # noqa: S105 (a salt naming the token's purpose, not a secret)

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    parent_id = models.PositiveIntegerField(_("reply to"), default=0)
    user_name = models.CharField(_("name"), max_length=50)
    user_email = models.EmailField(_("email"), max_length=254)
    user_url = models.URLField(_("website"), blank=True)
    comment = models.TextField(_("comment"))
    followup = models.BooleanField(default=False)
    # What the spam checks know of the sender ("ip", "user_agent", "referrer", "posted").
    reader = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = PendingCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment awaiting email confirmation")
        verbose_name_plural = _("comments awaiting email confirmation")

    def __str__(self):
        return f"{self.user_name} <{self.user_email}>"

    def get_absolute_url(self):
        return reverse("comments:confirm", kwargs={"token": self.token()})

    @classmethod
    def from_form(cls, form, reader):
        data = form.cleaned_data
        return cls.objects.create(
            post=form.target_object,
            parent_id=data.get("reply_to") or 0,
            user_name=data["name"],
            user_email=data["email"],
            user_url=data["url"],
            comment=data["comment"],
            followup=bool(data.get("followup")),
            reader=reader,
        )

    @classmethod
    def from_token(cls, token):
        """The pending comment a confirmation link names, or None if the link is forged,
        expired or already used."""
        try:
            pk = signing.loads(token, salt=cls.TOKEN_SALT, max_age=cls.LIFETIME)
        except signing.BadSignature:
            return None
        return cls.objects.filter(pk=pk).exclude(pk__in=cls.objects.expired()).first()

    def token(self):
        return signing.dumps(self.pk, salt=self.TOKEN_SALT)

    def to_comment(self):
        """The unsaved Comment, dated now; a reply whose parent has gone becomes top-level."""
        parent_id = self.parent_id
        if parent_id and not Comment.objects.for_post(self.post).visible().filter(pk=parent_id):
            parent_id = 0
        return Comment(
            content_object=self.post,
            site_id=settings.SITE_ID,
            user_name=self.user_name,
            user_email=self.user_email,
            user_url=self.user_url,
            comment=self.comment,
            submit_date=timezone.now(),
            parent_id=parent_id,
            followup=self.followup,
            ip_address=self.reader.get("ip") or None,
        )
