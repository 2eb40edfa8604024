from django.contrib.syndication.views import Feed
from django.db.models import BigIntegerField, CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from blog.identity import site_title
from blog.models import Post

from .models import Comment

FEED_SIZE = 30


class LatestComments(Feed):
    """The newest comments of the whole blog, at /comments/feed/."""

    def title(self, post=None):
        return _("Comments on %(blog)s") % {"blog": site_title()}

    def link(self, post=None):
        return reverse("blog:home")

    def description(self, post=None):
        return self.title(post)

    def comments(self, post):
        # A password-protected post's comments are as closed as its body.
        open_posts = Post.objects.published().filter(password="")
        return Comment.objects.for_readers().filter(
            object_pk__in=open_posts.values(pk_text=Cast("pk", CharField()))
        )

    def items(self, post=None):
        title = Post.objects.filter(pk=Cast(OuterRef("object_pk"), BigIntegerField()))
        return (
            self.comments(post)
            .select_related(None)
            .annotate(post_title=Subquery(title.values("title")[:1]))
            .order_by("-submit_date")[:FEED_SIZE]
        )

    def item_title(self, comment):
        return _("%(name)s on “%(title)s”") % {
            "name": comment.user_name,
            "title": comment.post_title,
        }

    def item_description(self, comment):
        return comment.body_html

    def item_link(self, comment):
        return comment.get_absolute_url()

    def item_author_name(self, comment):
        return comment.user_name

    def item_pubdate(self, comment):
        return comment.submit_date


class PostComments(LatestComments):
    """The newest comments of one post, at <post URL>feed/."""

    def get_object(self, request, year, month, day, slug):
        return get_object_or_404(
            Post.objects.published().filter(password=""),
            slug=slug,
            publish_at__year=year,
            publish_at__month=month,
            publish_at__day=day,
        )

    def title(self, post=None):
        return _("Comments on “%(title)s”") % {"title": post.title}

    def link(self, post=None):
        return post.get_absolute_url()

    def comments(self, post):
        return Comment.objects.for_post(post).visible()
