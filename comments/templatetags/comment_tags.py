import hashlib

from django import template
from django.utils.functional import cached_property
from django.utils.html import format_html

from blog.converters import parse_id

from ..flow import comments_open
from ..forms import CommentForm
from ..thread import page_url, thread_page

register = template.Library()
AVATAR_HUES = 12


class Thread:
    """What the post page's comment section shows. The comments are fetched only when the
    template asks for them: the list is a fragment cached per content version (section.html),
    and a page showing the reply form under a comment (?reply_to=N, without JavaScript) is
    rendered afresh."""

    def __init__(self, post, request):
        self.post = post
        self.requested_page = parse_id(request.GET.get("cpage")) or 1
        self.requested_reply_to = parse_id(request.GET.get("reply_to")) or 0
        self.open = comments_open(post)

    @cached_property
    def _page(self):
        return thread_page(self.post, self.requested_page)

    @property
    def nodes(self):
        return self._page[0]

    @property
    def page(self):
        return self._page[1]

    @property
    def pages(self):
        return self._page[2]

    @property
    def page_url(self):
        return page_url(self.post, self.page)

    @property
    def previous_url(self):
        return page_url(self.post, self.page - 1) if self.page > 1 else None

    @property
    def next_url(self):
        return page_url(self.post, self.page + 1) if self.page < self.pages else None

    @cached_property
    def reply_parent(self):
        if not self.requested_reply_to:
            return None
        shown = _find(self.nodes, self.requested_reply_to)
        return shown if shown is not None and shown.allow_thread() else None

    @property
    def reply_to(self):
        return self.reply_parent.pk if self.reply_parent else 0

    @cached_property
    def form(self):
        return CommentForm(self.post, initial={"reply_to": self.reply_to})


@register.simple_tag(takes_context=True)
def comment_thread(context, post):
    """Everything the post page's comment section shows: one query, or none."""
    return Thread(post, context["request"])


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
