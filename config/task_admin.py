"""Background work in the admin: what waits, what failed and why, and "Try again"."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .task_retries import attempts, try_again


class TaskResultAdmin(DBTaskResultAdmin):
    list_display = [
        "task_name",
        "status",
        "attempt_count",
        "last_error",
        "enqueued_at",
        "run_after",
        "finished_at",
    ]
    actions = ["try_again"]

    @admin.display(description=_("attempts"))
    def attempt_count(self, result):
        return attempts(result)

    @admin.display(description=_("last error"))
    def last_error(self, result):
        return result.exception_class_path.rpartition(".")[2] or "–"

    @admin.action(description=_("Try the selected failed tasks again"))
    def try_again(self, request, queryset):
        count = try_again(queryset)
        message = ngettext("%d task queued again.", "%d tasks queued again.", count)
        self.message_user(request, message % count, messages.SUCCESS)


def register():
    admin.site.unregister(DBTaskResult)
    admin.site.register(DBTaskResult, TaskResultAdmin)
