"""Helpers for comment tests: valid form data, as a reader's browser would send it."""

import time

from django.test import Client
from django.utils import timezone

from comments.forms import CommentForm
from comments.models import Comment


def form_data(post, seconds_ago=60, **fields):
    """What the comment form posts, shown `seconds_ago` (past the minimum time to post)."""
    timestamp = int(time.time()) - seconds_ago
    data = {
        "content_type": "blog.post",
        "object_pk": str(post.pk),
        "timestamp": str(timestamp),
        "security_hash": CommentForm(post).initial_security_hash(timestamp),
        "reply_to": "0",
        "name": "Ada Reader",
        "email": "ada@example.com",
        "url": "",
        "comment": "A thoughtful comment.",
        "honeypot": "",
    }
    data.update(fields)
    return data


def post_threads(settings, post, threads, depth):
    """`threads` threads of `depth` comments each (a reply to a reply …), every one posted
    through the comment form as readers post them: timestamps with microseconds, text cleaned
    by the form's own path. Readers' first comments are held again afterwards."""
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    settings.COMMENTS_RATE_LIMIT = (100_000, 60)
    reader = Client()
    for thread in range(threads):
        parent = 0
        for level in range(depth):
            text = f"Point {thread}.{level}: *emphasis*, <b>bold</b> & a link http://example.com"
            name = f"Reader {thread}-{level}"
            data = form_data(post, reply_to=str(parent), name=name, comment=text)
            response = reader.post("/comments/post/", data)
            assert response.status_code == 302, response.content[:500]
            parent = Comment.objects.latest("pk").pk
    settings.COMMENTS_HOLD_FIRST_COMMENT = True


def make_comment(post, parent=None, **fields):
    """A stored, published comment (or reply), saved the way the post view saves it."""
    values = {
        "content_object": post,
        "site_id": 1,
        "user_name": "Ada Reader",
        "user_email": "ada@example.com",
        "comment": "Stored comment.",
        "submit_date": fields.pop("submit_date", None) or timezone.now(),
        "parent_id": parent.pk if parent else 0,
        **fields,
    }
    comment = Comment(**values)
    comment.save()
    return comment


class BrokenMailBackend:
    """A mail server that is down: every send fails."""

    attempts = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        BrokenMailBackend.attempts += 1
        raise ConnectionRefusedError("mail server down")
