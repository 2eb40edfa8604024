from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from django_comments_xtd.moderation import moderator

        from blog.models import Post

        from .moderation import PostModerator

        moderator.register(Post, PostModerator)
