from django.contrib import admin

from .models import OldAddress


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    """The imported blog's old addresses, to look up; the importer alone writes them."""

    list_display = ["path", "target", "recorded_at"]
    search_fields = ["path"]
    list_select_related = OldAddress.TARGETS
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
