from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from revisions.admin import RevisionedAdmin

from . import admin_toolkit, html
from .desk import DeskAdmin
from .models import Author, BlogSettings, Category, Page, Post, Status, Tag


@admin.register(BlogSettings)
class BlogSettingsAdmin(admin.ModelAdmin):
    """One row: the list opens it."""

    def changelist_view(self, request, extra_context=None):
        settings_row, _created = BlogSettings.objects.get_or_create(pk=1)
        return redirect("admin:blog_blogsettings_change", settings_row.pk)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "user", "post_total"]
    search_fields = ["name", "slug", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(post_total=Count("posts"))

    @admin.display(description=_("posts"), ordering="post_total")
    def post_total(self, author):
        return author.post_total


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "slug", "parent", "post_total"]
    search_fields = ["name", "slug", "path"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .annotate(post_total=Count("posts"))
        )

    @admin.display(description=_("name"), ordering="path")
    def indented_name(self, category):
        return format_html("{}{}", "— " * category.depth, category.name)

    @admin.display(description=_("posts"), ordering="post_total")
    def post_total(self, category):
        return category.post_total


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Post)
class PostAdmin(DeskAdmin, RevisionedAdmin, admin.ModelAdmin):
    list_display = [
        "title", "status", "publish_at", "author", "category_names", "comment_count",
        "word_count", "last_modified",
    ]  # fmt: skip
    list_filter = ["status", "categories", "author", "publish_at", "sticky"]
    list_select_related = ["author"]
    search_fields = ["title", "body"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories", "tags", "featured_image", "series"]
    actions = ["publish", "unpublish"]
    form = admin_toolkit.PostForm
    revision_fields = [
        "title", "body", "excerpt", "categories", "tags", "status", "publish_at", "featured_image",
        "body_format", "markdown",  # a Markdown post's body is made from its Markdown text
    ]  # fmt: skip
    # The first fieldset is the writing surface; the others make the desk's side panel.
    fieldsets = [
        (None, {"fields": ["title", "body", "markdown"]}),
        (
            _("Publishing"),
            {"fields": ["status", "publish_at", "author", "sticky", "allow_comments", "password"]},
        ),
        (_("Filed under"), {"fields": ["categories", "tags", "series", "series_part"]}),
        (_("Featured image"), {"fields": ["featured_image"]}),
        (_("Summary and address"), {"fields": ["excerpt", "slug"]}),
        (_("Written in"), {"fields": ["body_format"]}),
    ]

    class Media:
        js = ["js/editor/writing_aids.js"]
        css = {"all": ["css/editor_toolkit.css"]}

    def get_urls(self):
        paste = path(
            "markdown/",
            self.admin_site.admin_view(admin_toolkit.markdown_to_html),
            name="blog_post_markdown",
        )
        return [paste, *super().get_urls()]

    def can_edit_any(self, request):
        return request.user.has_perm("blog.edit_any_post")

    def get_queryset(self, request):
        posts = super().get_queryset(request).prefetch_related("categories")
        if not self.can_edit_any(request):
            posts = posts.filter(author__user=request.user)
        return posts

    def get_readonly_fields(self, request, obj=None):
        return [] if self.can_edit_any(request) else ["author"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if author := Author.objects.filter(user=request.user).first():
            initial.setdefault("author", author.pk)
        return initial

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:  # the author field is read-only for the Author group
            obj.author = Author.for_user(request.user)
        super().save_model(request, obj, form, change)

    @admin.display(description=_("words"))
    def word_count(self, post):
        return html.word_count(post.body)

    @admin.display(description=_("categories"))
    def category_names(self, post):
        return ", ".join(category.name for category in post.categories.all())

    @admin.action(description=_("Publish selected posts"))
    def publish(self, request, queryset):
        count = 0
        for post in queryset.exclude(status=Status.PUBLISHED).select_related("featured_image"):
            post.status = Status.PUBLISHED
            try:
                post.clean()  # what the change form would refuse, such as images without alt text
            except ValidationError as error:
                reason = " ".join(error.messages)
                self.message_user(request, f"“{post}”: {reason}", messages.ERROR)
                continue
            self.save_with_revision(request, post, ["status"])
            count += 1
        message = ngettext("%d post published.", "%d posts published.", count)
        self.message_user(request, message % count, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected posts (back to draft)"))
    def unpublish(self, request, queryset):
        count = 0
        for post in queryset.exclude(status=Status.DRAFT):
            post.status = Status.DRAFT
            self.save_with_revision(request, post, ["status"])
            count += 1
        message = ngettext("%d post unpublished.", "%d posts unpublished.", count)
        self.message_user(request, message % count, messages.SUCCESS)


@admin.register(Page)
class PageAdmin(DeskAdmin, RevisionedAdmin, admin.ModelAdmin):
    list_display = ["title", "slug", "status", "in_navigation", "order", "last_modified"]
    revision_fields = ["title", "body", "status"]
    list_editable = ["order"]
    list_filter = ["status", "in_navigation"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "body"]}),
        (_("Publishing"), {"fields": ["status", "in_navigation", "order"]}),
        (_("Address"), {"fields": ["slug"]}),
    ]
