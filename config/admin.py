from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_protect

from . import dashboard, two_factor


class BroadsheetAdminSite(admin.AdminSite):
    site_header = settings.BLOG_TITLE
    site_title = settings.BLOG_TITLE

    def each_context(self, request):
        from blog.identity import site_title  # the blog app imports this module's site

        title = site_title()
        return {**super().each_context(request), "site_header": title, "site_title": title}

    def has_permission(self, request):
        # Staff who owe a second step (two_factor.pending_step) are not yet in the admin.
        return super().has_permission(request) and two_factor.pending_step(request) is None

    def admin_view(self, view, cacheable=False):
        # Staff signed in with their password only are sent to the two-factor step they owe.
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def checked(request, *args, **kwargs):
            if step := two_factor.pending_step(request):
                if request.path == reverse("admin:logout", current_app=self.name):
                    return csrf_protect(view)(request, *args, **kwargs)  # may always sign out
                return two_factor.redirect_to_step(request, step)
            return inner(request, *args, **kwargs)

        # The editor and the autocomplete widgets set inline styles: staff pages allow those.
        return csp_override(settings.ADMIN_CSP)(checked)

    def staff_view(self, view):
        """For the two-factor pages: any active staff member signed in with their password."""

        def inner(request, *args, **kwargs):
            if not (request.user.is_active and request.user.is_staff):
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            return view(request, *args, **kwargs)

        return csp_override(settings.ADMIN_CSP)(never_cache(csrf_protect(inner)))

    def login(self, request, extra_context=None):
        if request.method == "GET" and (step := two_factor.pending_step(request)):
            return two_factor.redirect_to_step(request, step)
        return super().login(request, extra_context)

    def index(self, request, extra_context=None):
        return super().index(request, {**dashboard.context(self, request), **(extra_context or {})})

    def get_app_list(self, request, app_label=None):
        return dashboard.app_list_for(request, super().get_app_list(request, app_label))

    def get_urls(self):
        return [
            path("dashboard/moderate/", self.admin_view(dashboard.moderate), name="moderate"),
            path("two-factor/", self.staff_view(two_factor.setup), name="two_factor"),
            path(
                "two-factor/verify/",
                self.staff_view(two_factor.verify),
                name="two_factor_verify",
            ),
            path(
                "two-factor/recovery-codes/",
                self.staff_view(two_factor.recovery_codes),
                name="two_factor_recovery_codes",
            ),
            *super().get_urls(),
        ]
