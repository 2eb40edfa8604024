from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.contrib.admin.apps import AdminConfig
from django.db.models.signals import post_migrate
from django.tasks.signals import task_finished


class BroadsheetAdminConfig(AdminConfig):
    default_site = "config.admin.BroadsheetAdminSite"


class SiteConfig(AppConfig):
    """The site around the apps: its page cache and its background work."""

    name = "config"
    label = "site"
    verbose_name = "Broadsheet"

    def ready(self):
        from blog.models import Author, BlogSettings, Category, Page, Post, Series, Status, Tag
        from comments.models import Comment
        from images.models import Image, MediaFile

        from . import page_cache, task_admin, task_retries

        # What readers see. Scheduled posts count: their coming due is part of the version.
        page_cache.watch(Post, seen=lambda post: post.status == Status.PUBLISHED)
        page_cache.watch(Page, seen=lambda page: page.status == Status.PUBLISHED)
        page_cache.watch(Comment, seen=lambda c: c.is_public and not (c.is_removed or c.is_spam))
        for model in (Author, BlogSettings, Category, Tag, Series, Image, MediaFile):
            page_cache.watch(model)

        task_finished.connect(task_retries.retry_or_give_up, dispatch_uid="task_retries")
        task_admin.register()
        sites = self.apps.get_app_config("sites")  # after it has made the default Site
        post_migrate.connect(site_follows_site_url, sender=sites, dispatch_uid="site_url")


def site_follows_site_url(using, **kwargs):
    """django.contrib.sites' Site, which the comment feeds and django-comments-xtd's mails
    take the blog's address from, names SITE_URL's host: set on every `migrate` (make prepare)."""
    from django.contrib.sites.models import Site

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.BLOG_TITLE},
    )
    Site.objects.clear_cache()
