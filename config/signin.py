"""The page a sign-in refused by the login throttle (django-axes) answers with."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csp import csp_override


@csp_override(settings.ADMIN_CSP)
def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the admin's own page, saying why and when to try again. Every try
    while locked out starts the wait again, so the time is counted from now."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": admin.site.site_title,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off_minutes": int(cool_off.total_seconds() // 60),
        "retry_at": timezone.localtime() + cool_off,
    }
    return render(request, "admin/locked_out.html", context, status=429)
