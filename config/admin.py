from django.conf import settings
from django.contrib import admin
from django.views.decorators.csp import csp_override


class BroadsheetAdminSite(admin.AdminSite):
    site_header = settings.BLOG_TITLE
    site_title = settings.BLOG_TITLE

    def admin_view(self, view, cacheable=False):
        # The editor and the autocomplete widgets set inline styles: staff pages allow those.
        return csp_override(settings.ADMIN_CSP)(super().admin_view(view, cacheable))
