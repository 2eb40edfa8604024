"""sitemap.xml: an index of one sitemap per kind of page, each split into pages when large."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest, TruncMonth
from django.urls import reverse

from .models import Author, Category, Page, Post, Tag


class SiteSitemap(Sitemap):
    """Addresses on SITE_URL, as the feeds and the pages' canonical links have them."""

    limit = 1000  # per sitemap page; the protocol allows 50,000, smaller pages render faster

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_latest_lastmod(self):
        """For the index: the newest change to a published post, in one indexed aggregate
        (Django's default reads every item of the sitemap for it)."""
        return latest_post_change()


def latest_post_change():
    return Post.objects.published().aggregate(latest=Max(Greatest("updated_at", "publish_at")))[
        "latest"
    ]


class PostSitemap(SiteSitemap):
    def items(self):
        return (
            Post.objects.published()
            .filter(password="")  # a protected post is for those given its password
            .only("slug", "publish_at", "updated_at")
            .annotate(modified=Greatest("updated_at", "publish_at"))
            .order_by("publish_at", "pk")
        )

    def lastmod(self, post):
        return post.modified


class PageSitemap(SiteSitemap):
    def items(self):
        return Page.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, page):
        return page.updated_at

    def get_latest_lastmod(self):
        return Page.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class ArchiveSitemap(SiteSitemap):
    """The home page and the monthly archives, each last modified by its newest post."""

    def items(self):
        months = (
            Post.objects.published()
            .annotate(month=TruncMonth("publish_at"))
            .values("month")
            .annotate(modified=Max(Greatest("updated_at", "publish_at")))
            .order_by("month")
        )
        newest = max((month["modified"] for month in months), default=None)
        return [(reverse("blog:home"), newest)] + [
            (
                reverse(
                    "blog:archive_month",
                    kwargs={"year": month["month"].year, "month": month["month"].month},
                ),
                month["modified"],
            )
            for month in months
        ]

    def location(self, item):
        return item[0]

    def lastmod(self, item):
        return item[1]


class TaxonomySitemap(SiteSitemap):
    """Archives of a category, tag or author with at least one published post."""

    model = None

    def items(self):
        return (
            self.model.objects.filter(posts__in=Post.objects.published())
            .annotate(modified=Max(Greatest("posts__updated_at", "posts__publish_at")))
            .order_by("pk")
        )

    def lastmod(self, obj):
        return obj.modified


class CategorySitemap(TaxonomySitemap):
    model = Category

    def items(self):
        # A parent lists its children's posts, so it counts as filled when any of them is.
        filled = list(super().items())
        paths = {category.path for category in filled}
        parents = {
            "/".join(path.split("/")[:depth])
            for path in paths
            for depth in range(1, path.count("/") + 1)
        }
        return filled + list(
            Category.objects.filter(path__in=parents - paths).order_by("pk").only("path")
        )

    def lastmod(self, category):
        return getattr(category, "modified", None)


class TagSitemap(TaxonomySitemap):
    model = Tag


class AuthorSitemap(TaxonomySitemap):
    model = Author


SITEMAPS = {
    "posts": PostSitemap,
    "pages": PageSitemap,
    "archives": ArchiveSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
