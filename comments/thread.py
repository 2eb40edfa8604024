"""Reading a post's thread: one page of top-level comments with all their replies, in tree
order, in a fixed number of queries whatever the thread's size."""

from math import ceil

from django.conf import settings
from django.db.models import Count, Subquery

from .models import Comment


def _top_level(post):
    return Comment.objects.for_post(post).visible().filter(level=0)


def _direction():
    return "-" if settings.COMMENTS_NEWEST_FIRST else ""


def page_count(top_level_total):
    return max(1, ceil(top_level_total / settings.COMMENTS_PER_PAGE))


def thread_page(post, number):
    """(comments of page `number` as a tree, page number, number of pages).

    One query: the page's comments carry the count of top-level comments. A page past the
    last one (an old link) costs two more, for the last page.
    """
    number = max(number, 1)
    comments = _page_comments(post, number)
    if comments:
        return build_tree(comments), number, page_count(comments[0].top_level_total)
    if number == 1:
        return [], 1, 1
    pages = page_count(_top_level(post).count())
    return build_tree(_page_comments(post, pages)), pages, pages


def _page_comments(post, number):
    start = (number - 1) * settings.COMMENTS_PER_PAGE
    order = f"{_direction()}thread_id"
    threads = _top_level(post).order_by(order).values("thread_id")
    threads = threads[start : start + settings.COMMENTS_PER_PAGE]
    total = _top_level(post).order_by().values("level").annotate(total=Count("pk"))
    return list(
        Comment.objects.for_post(post)
        .visible()
        .filter(thread_id__in=Subquery(threads))
        .select_related(None)
        .annotate(top_level_total=Subquery(total.values("total")))
        .order_by(order, "order")
    )


def build_tree(comments):
    """Nest comments given in tree order: [{"comment": c, "children": [...]}, ...].

    A reply whose parent is not shown (held, removed) is shown at the top level.
    """
    roots, nodes = [], {}
    for comment in comments:
        node = {"comment": comment, "children": []}
        nodes[comment.pk] = node
        parent = nodes.get(comment.parent_id) if comment.parent_id != comment.pk else None
        (parent["children"] if parent else roots).append(node)
    return roots


def page_of(comment):
    """The number of the page of its post's thread that shows this comment."""
    post = comment.content_object
    earlier = "thread_id__gt" if settings.COMMENTS_NEWEST_FIRST else "thread_id__lt"
    before = _top_level(post).filter(**{earlier: comment.thread_id}).count()
    return before // settings.COMMENTS_PER_PAGE + 1


def page_url(post, number):
    url = post.get_absolute_url()
    return f"{url}?cpage={number}" if number > 1 else url


def comment_url(comment):
    return f"{page_url(comment.content_object, page_of(comment))}#c{comment.pk}"
