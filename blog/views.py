from django.conf import settings
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.generic import DateDetailView, DetailView, ListView
from django.views.generic.dates import DayArchiveView, MonthArchiveView, YearArchiveView

from .models import Author, Category, Page, Post, Status, Tag
from .pagination import page_links
from .wordpress import legacy_redirect


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

    def get(self, request, *args, **kwargs):
        return legacy_redirect(request) or super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().order_by("-sticky", "-publish_at", "-pk")


class YearArchiveView(PostListMixin, YearArchiveView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            archive_kind="year", archive_title=self.get_year(), **kwargs
        )


class MonthArchiveView(PostListMixin, MonthArchiveView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(archive_kind="month", **kwargs)


class DayArchiveView(PostListMixin, DayArchiveView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(archive_kind="day", **kwargs)


class CategoryView(PostListMixin, ListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, path=self.kwargs["path"])
        return super().get_queryset().in_category(self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            archive_kind="category",
            archive_title=self.category.name,
            category=self.category,
            **kwargs,
        )


class TagView(PostListMixin, ListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            archive_kind="tag", archive_title=self.tag.name, tag=self.tag, **kwargs
        )


class AuthorView(PostListMixin, ListView):
    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            archive_kind="author", archive_title=self.author.name, author=self.author, **kwargs
        )


class PostDetailView(DateDetailView):
    """A post at /YYYY/MM/DD/slug/. Staff also see drafts and scheduled posts, as a preview."""

    date_field = "publish_at"
    month_format = "%m"
    day_format = "%d"
    context_object_name = "post"

    def get_allow_future(self):
        return self.request.user.is_staff

    def get_queryset(self):
        posts = Post.objects.all() if self.request.user.is_staff else Post.objects.published()
        return posts.for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        post = self.object
        if post.is_public:
            published = Post.objects.published().only("title", "slug", "publish_at")
            context["previous_post"] = (
                published.filter(publish_at__lt=post.publish_at).order_by("-publish_at").first()
            )
            context["next_post"] = (
                published.filter(publish_at__gt=post.publish_at).order_by("publish_at").first()
            )
        else:
            context["preview"] = True
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("preview"):
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex"
        return response


class PageView(DetailView):
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.all() if self.request.user.is_staff else Page.objects.published()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.object.status != Status.PUBLISHED:
            add_never_cache_headers(response)
        return response
