"""Being found: head metadata, JSON-LD and related posts for the templates that show them."""

from django import template
from django.utils.html import json_script
from django.utils.safestring import mark_safe

from blog import structured_data
from blog.links import absolute as absolute_url
from blog.models import Post

register = template.Library()

RELATED_POSTS = 4


@register.filter
def absolute(url):
    return absolute_url(url)


@register.filter
def description(post_or_html):
    return structured_data.description(post_or_html)


@register.filter
def first_image(post):
    return structured_data.first_image(post)


@register.filter
def blog_posting(post):
    return structured_data.blog_posting(post)


@register.filter
def ld_json(data):
    """<script type="application/ld+json">, escaped as json_script escapes: data, never code."""
    if not data:
        return ""
    tag = json_script(data)  # <, > and & escaped inside strings; a quote can't end the tag
    # json_script's output, escaped; only its type attribute changes.
    return mark_safe(tag.replace('type="application/json"', 'type="application/ld+json"', 1))  # noqa: S308


@register.filter
def breadcrumb_list(trail):
    return structured_data.breadcrumbs(trail)


@register.simple_tag
def website_data():
    return structured_data.website()


@register.inclusion_tag("includes/related_posts.html")
def related_posts(post):
    return {"related_posts": Post.objects.related_to(post)[:RELATED_POSTS]}


@register.inclusion_tag("includes/post_navigation.html")
def post_navigation(post):
    previous_post, next_post = post.neighbours()
    return {"previous_post": previous_post, "next_post": next_post}
