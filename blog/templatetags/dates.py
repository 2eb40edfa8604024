"""Dates as readers and machines read them: one <time> element for every template."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def time_element(value, display_format="DATE_FORMAT"):
    """<time datetime="2026-12-03T07:04:17+00:00">3 December 2026</time>. HTML allows at most
    three digits of a second's fraction: a comment posted through the form has six, so the
    machine-readable date keeps whole seconds."""
    local = timezone.localtime(value).replace(microsecond=0)
    return format_html(
        '<time datetime="{}">{}</time>',
        local.isoformat(),
        date_format(local, get_format(display_format)),
    )
