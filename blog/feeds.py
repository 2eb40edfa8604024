"""RSS 2.0 and Atom feeds of the whole blog and of each category, tag and author."""

from django.contrib.syndication.views import Feed
from django.db.models import Count, Max
from django.db.models.functions import Greatest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from .identity import site_tagline, site_title
from .links import absolute, absolutize
from .models import Author, Category, Post, Tag

FEED_LENGTH = 20
PROTECTED_NOTICE = "<p>This post is protected by a password: open it on the blog to read it.</p>"


class RssWithContent(Rss201rev2Feed):
    """RSS whose items carry the whole post in content:encoded, as WordPress's do."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content"])


class AtomWithContent(Atom1Feed):
    """Atom whose entries carry the whole post in <content>, beside the <summary>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


def published_state(request):
    """The newest change to what is public, and how many posts are: one query per request.

    A scheduled post going live changes no updated_at, hence its publish date counts too;
    the count catches a post withdrawn or deleted.
    """
    if not hasattr(request, "_published_state"):
        request._published_state = Post.objects.published().aggregate(
            latest=Max(Greatest("updated_at", "publish_at")), count=Count("pk")
        )
    return request._published_state


def feed_last_modified(request, *args, **kwargs):
    return published_state(request)["latest"]


def feed_etag(request, *args, **kwargs):
    state = published_state(request)
    latest = state["latest"].timestamp() if state["latest"] else 0
    return f"{latest}-{state['count']}"


class LatestPosts(Feed):
    feed_type = RssWithContent
    url_name = "blog:feed"

    def __call__(self, request, *args, **kwargs):
        # The decorator answers 304 before any feed query runs; ConditionalGetMiddleware would
        # build the whole feed first. Validators are the blog's, not this feed's: any change to
        # what is public renews every feed, which may resend a feed but never serves a stale one.
        @condition(etag_func=feed_etag, last_modified_func=feed_last_modified)
        def view(request, *args, **kwargs):
            response = super(LatestPosts, self).__call__(request, *args, **kwargs)
            del response.headers["Last-Modified"]  # the feed's own, from its items only
            return response

        return view(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        return site_title()

    def description(self, obj):
        return site_tagline()

    subtitle = description

    def link(self, obj):
        return absolute(reverse("blog:home"))

    def feed_url(self, obj):
        return absolute(reverse(self.url_name, kwargs=self.url_kwargs(obj)))

    def url_kwargs(self, obj):
        return {}

    def items(self, obj):
        return self.posts(obj).for_list()[:FEED_LENGTH]

    def posts(self, obj):
        return Post.objects.published()

    def item_title(self, post):
        return post.title

    def item_link(self, post):
        return absolute(post.get_absolute_url())

    def item_guid(self, post):
        # Stable through a change of slug or date, and it redirects to the post.
        return absolute(f"{reverse('blog:home')}?p={post.pk}")

    item_guid_is_permalink = False

    def item_description(self, post):
        if post.password:
            return PROTECTED_NOTICE
        # The author's excerpt is plain text, the derived summary is HTML: readers get HTML.
        summary = linebreaks(post.excerpt, autoescape=True) if post.excerpt else post.summary
        return absolutize(summary, self.item_link(post))

    def item_extra_kwargs(self, post):
        if post.password:
            return {"content": PROTECTED_NOTICE}
        return {"content": absolutize(post.body, self.item_link(post))}

    def item_author_name(self, post):
        return post.author.name

    def item_author_link(self, post):
        return absolute(post.author.get_absolute_url())

    def item_pubdate(self, post):
        return post.publish_at

    def item_updateddate(self, post):
        return max(post.updated_at, post.publish_at)

    def item_categories(self, post):
        return [category.name for category in post.categories.all()] + [
            tag.name for tag in post.tags.all()
        ]


class ArchivePosts(LatestPosts):
    """The feed of one archive page: the archive's object decides title, link and posts."""

    def link(self, obj):
        return absolute(obj.get_absolute_url())

    def description(self, obj):
        return getattr(obj, "description", "") or getattr(obj, "bio", "") or site_tagline()

    subtitle = description


class CategoryPosts(ArchivePosts):
    url_name = "blog:category_feed"

    def get_object(self, request, path):
        return get_object_or_404(Category, path=path)

    def url_kwargs(self, category):
        return {"path": category.path}

    def title(self, category):
        return _("%(blog)s · Category: %(name)s") % {
            "blog": site_title(),
            "name": category.name,
        }

    def posts(self, category):
        return super().posts(category).in_category(category)


class TagPosts(ArchivePosts):
    url_name = "blog:tag_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def url_kwargs(self, tag):
        return {"slug": tag.slug}

    def title(self, tag):
        return _("%(blog)s · Tag: %(name)s") % {"blog": site_title(), "name": tag.name}

    def posts(self, tag):
        return super().posts(tag).filter(tags=tag)


class AuthorPosts(ArchivePosts):
    url_name = "blog:author_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def url_kwargs(self, author):
        return {"slug": author.slug}

    def title(self, author):
        return _("%(blog)s · Posts by %(name)s") % {
            "blog": site_title(),
            "name": author.name,
        }

    def posts(self, author):
        return super().posts(author).filter(author=author)


class AtomLatestPosts(LatestPosts):
    feed_type = AtomWithContent
    url_name = "blog:feed_atom"


class AtomCategoryPosts(CategoryPosts):
    feed_type = AtomWithContent
    url_name = "blog:category_feed_atom"


class AtomTagPosts(TagPosts):
    feed_type = AtomWithContent
    url_name = "blog:tag_feed_atom"


class AtomAuthorPosts(AuthorPosts):
    feed_type = AtomWithContent
    url_name = "blog:author_feed_atom"
