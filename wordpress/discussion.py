"""Importing a WordPress export's comments into the comments app's model, in batches.

Saved one by one, django-comments-xtd spends several queries on each comment, some of them
over its whole thread. Here each post's new threads are laid out as the library lays them out
when their comments are posted oldest first (a reply lands after its parent's earlier replies,
so `order` is the tree's pre-order; `level` is the depth, `nested_count` the number of replies
below, `thread_id` and `parent_id` point to the thread's first comment and to the parent), and
written with one INSERT per table per batch. The only comments saved through the library one by
one are replies to comments imported before (an export imported again after it grew).
"""

import ipaddress
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django_comments.models import Comment as BaseComment
from django_comments_xtd.models import XtdComment

from blog.models import Post
from comments import markup
from comments.flow import refresh_comment_count
from comments.models import Comment, truncate_ip
from config.page_cache import content_changed

from . import content, wxr
from .rows import insert_rows

PINGS = {"pingback", "trackback"}


def _ip(address):
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return truncate_ip(address)  # the network part only, as Comment.save() keeps it


def _fit(model, field, value):
    return (value or "")[: model._meta.get_field(field).max_length]


@dataclass(eq=False)
class Node:
    """A comment in a thread being laid out; `comment` is None for one already stored."""

    comment: Comment | None
    level: int
    parent: "Node | None" = None
    pk: int | None = None
    children: list = field(default_factory=list)
    in_batch: bool = True  # False: saved through the library, its thread being stored already
    parent_pk: int | None = None  # for a stored comment
    object_pk: str = ""  # for a stored comment: the post it is on
    post: Post | None = None  # for a new one: its post, perhaps waiting to be written itself


def import_comments(importer):
    """The comments of every item of the export that the importer made a post of."""
    comments = Comments(importer)
    for item in importer.export.items:
        comments.add(item)
    comments.finish()


class Comments:
    """Each item's comments, added as the importer meets the item, written a batch at a time."""

    def __init__(self, importer):
        self.importer = importer
        self.content_type = ContentType.objects.get_for_model(Post)
        self.max_level = settings.COMMENTS_XTD_MAX_THREAD_LEVEL
        self.batch = Batch(importer)
        self.moved = 0

    def add(self, item):
        importer, report, max_level = self.importer, self.importer.report, self.max_level
        post = importer.posts.pop(item.wp_id, None)  # kept no longer than its item
        ordinary = []
        for wp_comment in item.comments:
            if wp_comment.type in PINGS:
                report.skip("comments", f"{wp_comment.type}s are not imported")
            elif item.wp_id in importer.refused:
                report.skip("comments", "on a post refused as other content with the same id")
            elif post is None:
                report.skip("comments", f"on a {item.post_type}, which has no comments here")
            elif not wp_comment.wp_id:
                report.skip("comments", "no WordPress id in the export")
            else:
                ordinary.append(wp_comment)
        if not ordinary:
            return
        by_id = {c.wp_id: c for c in ordinary}
        stored = _stored(importer, ordinary)
        made = {}

        def make(wp_comment):
            if wp_comment.wp_id in made:
                return made[wp_comment.wp_id]
            made[wp_comment.wp_id] = None  # a parent loop ends here
            if (found := stored.get(wp_comment.wp_id)) and found.object_pk != str(post.pk):
                # Another export of the same address gave this id to a comment elsewhere.
                report.skip("comments", "its WordPress id was imported before for another post")
                return None
            if found:
                importer.count("comments", False)
                made[wp_comment.wp_id] = found
                return found
            parent = None
            if wp_parent := by_id.get(wp_comment.parent_wp_id):
                parent = make(wp_parent)
            # Deeper than our threads go: a reply to the deepest comment we can show.
            if parent is not None and parent.level >= max_level:
                self.moved += 1
            while parent is not None and parent.level >= max_level:
                parent = parent.parent or _stored_parent(parent)
            node = Node(
                self.comment(wp_comment, post),
                level=parent.level + 1 if parent else 0,
                parent=parent,
                post=post,
                in_batch=parent is None or (parent.comment is not None and parent.in_batch),
            )
            if node.in_batch:
                self.batch.add(node, wp_comment.wp_id)
            else:  # a reply to a stored thread: the library finds its place
                node.comment.parent_id = parent.pk
                node.comment.save()
                node.pk = node.comment.pk
                importer.remember(node.comment, wp_comment.wp_id)
                importer.count("comments", True)
                self.batch.touched.add(post.pk)
            made[wp_comment.wp_id] = node
            return node

        # Oldest first: each reply then lands after its parent's earlier replies.
        for wp_comment in sorted(ordinary, key=lambda c: (c.date_gmt or c.date, c.wp_id)):
            make(wp_comment)
        if self.batch.size >= importer.BATCH:
            self.batch.write()

    def comment(self, wp_comment, post):
        return Comment(
            content_type=self.content_type,
            object_pk=str(post.pk),  # a new post's id once its batch is written (Batch.write)
            site_id=settings.SITE_ID,
            user_name=_fit(Comment, "user_name", wp_comment.author),
            user_email=_fit(Comment, "user_email", wp_comment.email),
            user_url=_fit(Comment, "user_url", wp_comment.url),
            ip_address=_ip(wp_comment.ip),
            comment=content.comment_text(wp_comment.content),
            submit_date=wxr.moment(wp_comment.date_gmt, wp_comment.date) or post.publish_at,
            is_public=wp_comment.approved == "1",
            is_spam=wp_comment.approved == "spam",
            is_removed=wp_comment.approved == "trash",
        )

    def finish(self):
        self.batch.write()
        if self.moved:
            self.importer.report.notes.append(
                f"{self.moved} replies nested deeper than COMMENTS_THREAD_DEPTH "
                f"({self.max_level + 1}) now reply to the deepest comment shown above them."
            )


def _stored(importer, wp_comments):
    """The comments of this list imported before and still here, as Nodes by WordPress id."""
    pks = {c.wp_id: pk for c in wp_comments if (pk := importer.known[Comment].get(c.wp_id))}
    if not pks:
        return {}
    rows = Comment.objects.filter(pk__in=pks.values()).values_list(
        "pk", "level", "parent_id", "object_pk"
    )
    found = {
        pk: Node(None, level, pk=pk, in_batch=False, parent_pk=parent_id, object_pk=object_pk)
        for pk, level, parent_id, object_pk in rows
    }
    return {wp_id: found[pk] for wp_id, pk in pks.items() if pk in found}


def _stored_parent(node):
    pk, level, parent_id = Comment.objects.values_list("pk", "level", "parent_id").get(
        pk=node.parent_pk
    )
    return Node(None, level, pk=pk, in_batch=False, parent_pk=parent_id)


class Batch:
    """New threads waiting to be written, whole."""

    def __init__(self, importer):
        self.importer = importer
        self.threads = []  # each new thread's first comment, as a Node
        self.created = []  # every new Node, in the order the comments were made
        self.wp_ids = {}  # Node → WordPress id
        self.touched = set()  # posts whose comment count changes

    @property
    def size(self):
        return len(self.created)

    def add(self, node, wp_id):
        (node.parent.children if node.parent else self.threads).append(node)
        self.created.append(node)
        self.wp_ids[node] = wp_id

    def write(self):
        # A post still waiting to be written goes in with its count: recounting it after would
        # rewrite every such row (on PostgreSQL, its search index entry too).
        counted = {id(node.post) for node in self.created if node.post.pk is None}
        for node in self.created:
            if id(node.post) in counted and _visible(node.comment):
                node.post.comment_count += 1
        self.importer.new_posts.write()  # the posts these comments are on have their ids then
        if self.created:
            for node in self.created:
                node.comment.object_pk = str(node.post.pk)
            comments = [node.comment for node in self.created]
            _insert_comments(comments, self.threads)
            for node in self.created:
                self.importer.remember(node.comment, self.wp_ids[node])
                self.importer.count("comments", True)
                if id(node.post) not in counted:
                    self.touched.add(node.post.pk)
            if any(_visible(c) for c in comments):
                # Written without save(), so without the signals the page cache follows.
                content_changed()
        if self.touched:
            refresh_comment_count(self.touched)
        self.threads, self.created, self.wp_ids, self.touched = [], [], {}, set()


def _visible(comment):
    """Whether readers see the comment (Comment.objects.visible(), for one in memory)."""
    return comment.is_public and not (comment.is_removed or comment.is_spam)


def _insert_comments(comments, threads):
    """Write new comments and lay out their threads. Comment inherits from two models
    (django_comments' and django-comments-xtd's), which bulk_create() does not write: the
    first table's rows are bulk-created, which gives their ids, then the other two tables'
    rows are inserted with those ids."""
    base_fields = [f for f in BaseComment._meta.local_concrete_fields if not f.primary_key]
    rows = [
        BaseComment(**{f.attname: getattr(comment, f.attname) for f in base_fields})
        for comment in comments
    ]
    BaseComment.objects.bulk_create(rows, batch_size=500)
    for comment, row in zip(comments, rows, strict=True):
        if row.pk is None:
            raise RuntimeError("The database did not return the new comments' ids.")
        comment.id = comment.comment_ptr_id = comment.xtdcomment_ptr_id = row.pk
        comment.body_html = markup.render(comment.comment)
        comment._state.adding, comment._state.db = False, row._state.db
    for root in threads:
        _lay_out(root)
    for model in (XtdComment, Comment):
        insert_rows(model, comments)


def _lay_out(root):
    """thread_id, parent_id, order and nested_count as django-comments-xtd sets them."""
    nodes = list(_preorder(root))
    for order, node in enumerate(nodes, start=1):
        comment = node.comment
        node.pk = comment.pk
        comment.thread_id = root.comment.pk
        comment.parent_id = node.parent.comment.pk if node.parent else comment.pk
        comment.level = node.level
        comment.order = order
    for node in reversed(nodes):
        node.comment.nested_count = sum(1 + child.comment.nested_count for child in node.children)


def _preorder(root):
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))
