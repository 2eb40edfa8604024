import hashlib

from django import template
from django.utils.html import format_html

from ..forms import CommentForm
from ..moderation import comments_open
from ..thread import page_url, thread_page

register = template.Library()
AVATAR_HUES = 12


@register.simple_tag(takes_context=True)
def comment_thread(context, post):
    """Everything the post page's comment section shows, in two queries."""
    request = context["request"]
    number = request.GET.get("cpage", "1")
    nodes, number, pages = thread_page(post, int(number) if number.isdigit() else 1)
    reply_to = request.GET.get("reply_to", "")
    reply_to = int(reply_to) if reply_to.isdigit() else 0
    shown = _find(nodes, reply_to)
    if shown is None or not shown.allow_thread():
        reply_to = 0
    return {
        "nodes": nodes,
        "page": number,
        "pages": pages,
        "page_url": page_url(post, number),
        "previous_url": page_url(post, number - 1) if number > 1 else None,
        "next_url": page_url(post, number + 1) if number < pages else None,
        "open": comments_open(post),
        "reply_to": reply_to,
        "reply_parent": shown if reply_to else None,
        "form": CommentForm(post, initial={"reply_to": reply_to}),
    }


def _find(nodes, pk):
    for node in nodes:
        if node["comment"].pk == pk:
            return node["comment"]
        found = _find(node["children"], pk)
        if found is not None:
            return found
    return None


@register.filter
def avatar(comment):
    """Initials in a circle whose colour comes from the email: no request to another site."""
    words = comment.user_name.split()
    initials = "".join(word[0] for word in words[:2]).upper() or "?"
    digest = hashlib.sha256(comment.user_email.strip().lower().encode()).digest()
    return format_html(
        '<span class="avatar avatar-hue-{}" aria-hidden="true">{}</span>',
        digest[0] % AVATAR_HUES,
        initials,
    )


@register.filter
def web_url(url):
    """The commenter's website only if it is an http(s) address."""
    return url if url.lower().startswith(("http://", "https://")) else ""
