from datetime import date

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import DateDetailView, DetailView, ListView
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView

from . import protected
from .models import Author, Category, Page, Post, Series, Status, Tag
from .pagination import page_links


def previews(request):
    """Staff see drafts and scheduled posts as a preview once they may use the admin (their
    second sign-in step done, where they owe one). Asked once per request."""
    if not hasattr(request, "_previews"):
        request._previews = request.user.is_staff and admin.site.has_permission(request)
    return request._previews


class PostListMixin:
    """Published posts, paginated at /…/page/N/, with what list templates show prefetched."""

    date_field = "publish_at"
    month_format = "%m"
    day_format = "%d"
    make_object_list = True
    allow_empty = True
    context_object_name = "posts"
    template_name = "blog/post_list.html"

    def get(self, request, *args, **kwargs):
        if kwargs.get("page", 2) < 2:  # /page/1/ is the first page's own address; /page/0/ too
            return redirect(self.page_url(1), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_paginate_by(self, queryset):
        return settings.POSTS_PER_PAGE

    def get_queryset(self):
        return Post.objects.published().for_list()

    def page_url(self, number):
        kwargs = {key: value for key, value in self.kwargs.items() if key != "page"}
        if number > 1:
            kwargs["page"] = number
        return reverse(self.request.resolver_match.view_name, kwargs=kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(page_links(context["page_obj"], self.page_url))
        return context


class HomeView(PostListMixin, ListView):
    template_name = "blog/home.html"

    def get_queryset(self):
        return super().get_queryset().order_by("-sticky", "-publish_at", "-pk")


class ArchiveMixin(PostListMixin):
    """An archive page. Each archive says what it is called, its feeds and its breadcrumbs."""

    kind = None  # the page's class: archive-<kind>

    def get_title(self):
        raise NotImplementedError

    def get_feeds(self):
        """The RSS and Atom feeds of this archive, if it has them."""
        return None

    def get_breadcrumbs(self):
        """(name, path) pairs from the first level below the home page down to this archive."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            archive_kind=self.kind,
            archive_title=self.get_title(),
            archive_feeds=self.get_feeds(),
            breadcrumbs=self.get_breadcrumbs(),
            **kwargs,
        )


def feed_urls(name, **kwargs):
    """The RSS feed with this URL name and its Atom twin."""
    return {"rss": reverse(name, kwargs=kwargs), "atom": reverse(f"{name}_atom", kwargs=kwargs)}


def year_link(day):
    return str(day.year), reverse("blog:archive_year", kwargs={"year": day.year})


def month_link(day):
    kwargs = {"year": day.year, "month": day.month}
    return date_format(day, "YEAR_MONTH_FORMAT"), reverse("blog:archive_month", kwargs=kwargs)


def day_link(day):
    kwargs = {"year": day.year, "month": day.month, "day": day.day}
    return date_format(day, "DATE_FORMAT"), reverse("blog:archive_day", kwargs=kwargs)


class DateArchiveMixin(ArchiveMixin):
    def first_day(self):
        """The first day of the year, month or day the archive shows."""
        kwargs = self.kwargs
        return date(int(kwargs["year"]), int(kwargs.get("month", 1)), int(kwargs.get("day", 1)))


class YearArchiveView(DateArchiveMixin, YearArchiveView):
    kind = "year"

    def get_title(self):
        return _("Posts from %(year)s") % {"year": self.first_day().year}

    def get_breadcrumbs(self):
        return [year_link(self.first_day())]


class MonthArchiveView(DateArchiveMixin, MonthArchiveView):
    kind = "month"

    def get_title(self):
        return _("Posts from %(month)s") % {
            "month": date_format(self.first_day(), "YEAR_MONTH_FORMAT")
        }

    def get_breadcrumbs(self):
        month = self.first_day()
        return [year_link(month), month_link(month)]


class DayArchiveView(DateArchiveMixin, DayArchiveView):
    kind = "day"

    def get_title(self):
        return _("Posts from %(day)s") % {"day": date_format(self.first_day(), "DATE_FORMAT")}

    def get_breadcrumbs(self):
        day = self.first_day()
        return [year_link(day), month_link(day), day_link(day)]


class CategoryView(ArchiveMixin, ListView):
    kind = "category"

    def get_queryset(self):
        self.category = get_object_or_404(Category, path=self.kwargs["path"])
        return super().get_queryset().in_category(self.category)

    def get_title(self):
        return _("Category: %(name)s") % {"name": self.category.name}

    def get_feeds(self):
        return feed_urls("blog:category_feed", path=self.category.path)

    def get_breadcrumbs(self):
        category, trail = self.category, []
        while category:
            trail.insert(0, (category.name, category.get_absolute_url()))
            category = category.parent
        return trail

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class TagView(ArchiveMixin, ListView):
    kind = "tag"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_title(self):
        return _("Tag: %(name)s") % {"name": self.tag.name}

    def get_feeds(self):
        return feed_urls("blog:tag_feed", slug=self.tag.slug)

    def get_breadcrumbs(self):
        return [(self.tag.name, self.tag.get_absolute_url())]

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(ArchiveMixin, ListView):
    kind = "author"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(author=self.author)

    def get_title(self):
        return _("Posts by %(name)s") % {"name": self.author.name}

    def get_feeds(self):
        return feed_urls("blog:author_feed", slug=self.author.slug)

    def get_breadcrumbs(self):
        return [(self.author.name, self.author.get_absolute_url())]

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


def posts_seen_by(request):
    """Published posts, and the posts this reader may preview: every post for editors and
    superusers, their own for an author."""
    user = request.user
    if not previews(request):
        return Post.objects.published()
    if user.has_perm("blog.edit_any_post"):
        return Post.objects.all()
    return Post.objects.published() | Post.objects.filter(author__user=user)


class PostDetailView(DateDetailView):
    """A post at /YYYY/MM/DD/slug/. Its author and editors also see it as a draft, private or
    scheduled, as a preview."""

    date_field = "publish_at"
    month_format = "%m"
    day_format = "%d"
    context_object_name = "post"

    previewing = False  # looking beyond the published posts, for a preview

    def get_allow_future(self):
        return self.previewing

    def get_queryset(self):
        # Categories and tags are fetched only when the cached article is made again.
        posts = posts_seen_by(self.request) if self.previewing else Post.objects.published()
        return posts.select_related("author", "featured_image", "series")

    def get_object(self, queryset=None):
        """The published post; only when there is none, a post this reader may preview. So a
        signed-in author's visit to a public post costs no session, user or permission query."""
        try:
            return super().get_object(queryset)
        except Http404:
            if not previews(self.request):
                raise
        self.previewing = True
        return super().get_object(queryset)

    def post(self, request, *args, **kwargs):
        """The password of a protected post: the right one opens it for this browser."""
        self.object = post = self.get_object()
        form = protected.PasswordForm(post, request.POST)
        if not post.password or form.is_valid():
            response = redirect(post.get_absolute_url())
            response.status_code = 303  # see the post with a GET
            if post.password:
                protected.open_for(response, post)
            return response
        # The form again with what went wrong (a password field never shows what was typed).
        return self.render_to_response(self.get_context_data(object=post, password_form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.object
        if protected.is_locked(self.request, post):
            context["locked"] = True
            context.setdefault("password_form", protected.PasswordForm(post))
        if post.series_id:
            parts = list(post.series.parts().only("title", "slug", "publish_at", "series"))
            context["series_parts"] = parts
            context["series_part"] = next(
                (number for number, part in enumerate(parts, 1) if part.pk == post.pk), None
            )
        if not post.is_public:
            context["preview"] = True
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("preview"):
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
        if self.object.password:  # the locked page carries a CSRF token; the open one, the body
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class PageView(DetailView):
    context_object_name = "page"

    def get_queryset(self):
        """Drafts are previewed by those who may edit pages (editors), not by every author."""
        if previews(self.request) and self.request.user.has_perm("blog.change_page"):
            return Page.objects.all()
        return Page.objects.published()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.object.status != Status.PUBLISHED:
            add_never_cache_headers(response)
        return response


class SeriesView(DetailView):
    """A series' page: its published parts in order."""

    model = Series
    context_object_name = "series"

    def get_context_data(self, **kwargs):
        return super().get_context_data(parts=self.object.parts().for_list(), **kwargs)
