from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .cache import content_changed
from .models import Author, Category, Page, Post, Status, Tag


class ChangesContentMixin:
    """Whatever is saved or deleted here, readers see: start a new content version."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        content_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        content_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        content_changed()


@admin.register(Author)
class AuthorAdmin(ChangesContentMixin, admin.ModelAdmin):
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
class CategoryAdmin(ChangesContentMixin, admin.ModelAdmin):
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
class TagAdmin(ChangesContentMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Post)
class PostAdmin(ChangesContentMixin, admin.ModelAdmin):
    list_display = ["title", "status", "publish_at", "author", "category_names", "comment_count"]
    list_filter = ["status", "categories", "author", "publish_at", "sticky"]
    list_select_related = ["author"]
    search_fields = ["title", "body"]
    date_hierarchy = "publish_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories", "tags", "featured_image"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "featured_image", "body", "excerpt"]}),
        (
            _("Publishing"),
            {"fields": ["status", "publish_at", "author", "sticky", "allow_comments"]},
        ),
        (_("Filed under"), {"fields": ["categories", "tags"]}),
    ]

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

    @admin.display(description=_("categories"))
    def category_names(self, post):
        return ", ".join(category.name for category in post.categories.all())

    @admin.action(description=_("Publish selected posts"))
    def publish(self, request, queryset):
        for post in queryset.exclude(status=Status.PUBLISHED).select_related("featured_image"):
            post.status = Status.PUBLISHED
            try:
                post.clean()  # what the change form would refuse, such as images without alt text
            except ValidationError as error:
                queryset = queryset.exclude(pk=post.pk)
                reason = " ".join(error.messages)
                self.message_user(request, f"“{post}”: {reason}", messages.ERROR)
        count = queryset.update(status=Status.PUBLISHED)
        content_changed()
        message = ngettext("%d post published.", "%d posts published.", count)
        self.message_user(request, message % count, messages.SUCCESS)

    @admin.action(description=_("Unpublish selected posts (back to draft)"))
    def unpublish(self, request, queryset):
        count = queryset.update(status=Status.DRAFT)
        content_changed()
        message = ngettext("%d post unpublished.", "%d posts unpublished.", count)
        self.message_user(request, message % count, messages.SUCCESS)


@admin.register(Page)
class PageAdmin(ChangesContentMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "status", "in_navigation", "order"]
    list_editable = ["order"]
    list_filter = ["status", "in_navigation"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
