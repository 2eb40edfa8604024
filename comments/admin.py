"""The moderation queue: comments by status with counts, bulk actions, the thread around each."""

from django.contrib import admin, messages
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_comments_xtd.admin import XtdCommentsAdmin

from . import flow
from .models import Comment


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"
    statuses = {
        "held": (_("Awaiting moderation"), Q(is_public=False, is_removed=False, is_spam=False)),
        "published": (_("Published"), Q(is_public=True, is_removed=False, is_spam=False)),
        "flagged": (_("Reported by readers"), Q(flag_count__gt=0, is_removed=False)),
        "spam": (_("Spam"), Q(is_spam=True)),
        "removed": (_("Removed"), Q(is_removed=True)),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _q) in self.statuses.items()]

    def queryset(self, request, queryset):
        if self.value() in self.statuses:
            return queryset.filter(self.statuses[self.value()][1])
        return queryset


@admin.register(Comment)
class CommentAdmin(XtdCommentsAdmin):
    list_display = ["name", "short_text", "post_title", "submit_date", "status", "flag_count"]
    list_display_links = ["short_text"]
    list_filter = [StatusFilter, "submit_date"]
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["user_name", "user_email", "comment", "ip_address"]
    ordering = ["-submit_date"]
    actions = ["approve", "mark_spam", "unpublish", "delete_selected_comments"]
    readonly_fields = ["thread_context", "ip_address", "submit_date", "flag_count"]
    fieldsets = [
        (None, {"fields": ["user_name", "user_email", "user_url", "comment", "followup"]}),
        (_("Moderation"), {"fields": ["is_public", "is_spam", "is_removed", "flag_count"]}),
        (_("Context"), {"fields": ["thread_context", "submit_date", "ip_address"]}),
    ]

    def get_actions(self, request):
        found = super().get_actions(request)
        for name in ["delete_selected", "flag_comments", "approve_comments", "remove_comments"]:
            found.pop(name, None)
        return found

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("comment"))
    def short_text(self, comment):
        return comment.comment[:80] + ("…" if len(comment.comment) > 80 else "")

    @admin.display(description=_("post"))
    def post_title(self, comment):
        return comment.content_object

    @admin.display(description=_("thread"))
    def thread_context(self, comment):
        thread = Comment.objects.filter(thread_id=comment.thread_id).order_by("order")[:100]
        return render_to_string(
            "comments/admin_thread.html", {"thread": thread, "current": comment}
        )

    def _report(self, request, count, singular, plural):
        self.message_user(request, ngettext(singular, plural, count) % {"count": count})

    @admin.action(description=_("Approve selected comments"))
    def approve(self, request, queryset):
        self._report(
            request, flow.approve(queryset), "%(count)s comment approved.",
            "%(count)s comments approved.",
        )  # fmt: skip

    @admin.action(description=_("Mark selected comments as spam"))
    def mark_spam(self, request, queryset):
        self._report(
            request, flow.mark_spam(queryset), "%(count)s comment marked as spam.",
            "%(count)s comments marked as spam.",
        )  # fmt: skip

    @admin.action(description=_("Unpublish selected comments"))
    def unpublish(self, request, queryset):
        self._report(
            request, flow.unpublish(queryset), "%(count)s comment unpublished.",
            "%(count)s comments unpublished.",
        )  # fmt: skip

    @admin.action(description=_("Delete selected comments"), permissions=["delete"])
    def delete_selected_comments(self, request, queryset):
        count = flow.delete(queryset)
        self.message_user(
            request,
            ngettext("%(count)s comment deleted.", "%(count)s comments deleted.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        flow.refresh_comment_count([obj.object_pk])

    def delete_model(self, request, obj):
        flow.delete([obj])
