"""Sidebar and navigation data, fetched only by the templates that show them."""

from django import template
from django.db.models import Count
from django.db.models.functions import TruncMonth

from blog.models import Category, Page, Post

register = template.Library()

RECENT_POSTS = 5


@register.inclusion_tag("includes/sidebar.html")
def sidebar():
    return {
        "categories": Category.objects.with_post_counts().filter(post_count__gt=0),
        "recent_posts": Post.objects.published().only("title", "slug", "publish_at")[:RECENT_POSTS],
        "months": (
            Post.objects.published()
            .annotate(month=TruncMonth("publish_at"))
            .values("month")
            .annotate(post_count=Count("pk"))
            .order_by("-month")
        ),
    }


@register.inclusion_tag("includes/site_navigation.html", takes_context=True)
def site_navigation(context):
    return {
        "pages": Page.objects.published().filter(in_navigation=True).only("title", "slug"),
        "request": context.get("request"),
    }
