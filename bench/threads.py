"""Copies of the demo's seed post with 10, 50 and 200 threaded comments, posted the way readers'
comments are: the comment form, the comment flow's moderation, and the moderator's approval of
what it holds (a first comment).

    .venv/bin/python bench/threads.py   (with the blog's environment: SQLITE_PATH, DATABASE_URL…)

Prints the address of each copy, and a signed-in author's session key. Used by bench/pages.py
and for profiling.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNTS = (10, 50, 200)
WORDS = (
    "I read this with interest, but the figures tell a different story from the headline. "
    "Calculating and reckless aren't opposites, though: a man can weigh the odds carefully "
    "and still bet the house. *That* is the part I'd underline.\n\nSee the follow-up for more."
)


def thread_of(count):
    """(index, index of the comment replied to or None): a third top-level, then nested replies."""
    shape = []
    for index in range(count):
        if index % 3 == 0:
            shape.append((index, None))
        else:
            shape.append((index, index - 1))
    return shape


def copy_with_comments(seed_post, count):
    from blog.models import Post
    from comments import flow
    from comments.forms import CommentForm
    from comments.models import Comment

    post = Post.objects.get(pk=seed_post.pk)
    categories, tags = list(post.categories.all()), list(post.tags.all())
    post.pk = None
    post.slug = f"{seed_post.slug}-{count}-comments"
    post.title = f"{seed_post.title} ({count} comments)"
    post._state.adding = True
    post.save()
    post.categories.set(categories)
    post.tags.set(tags)
    reader = {"ip": "127.0.0.1", "user_agent": "bench", "referrer": "", "posted": []}
    pks = {}
    for index, parent in thread_of(count):
        timestamp = int(time.time()) - 60
        form = CommentForm(
            post,
            data={
                "content_type": "blog.post",
                "object_pk": str(post.pk),
                "timestamp": str(timestamp),
                "security_hash": CommentForm(post).initial_security_hash(timestamp),
                "reply_to": str(pks[parent]) if parent is not None else "0",
                "name": f"Reader {index % 17} Example",
                "email": f"reader{index % 17}@example.com",
                "url": "https://example.org/" if index % 5 == 0 else "",
                "comment": f"Comment {index}. {WORDS}",
                "honeypot": "",
            },
        )
        if not form.is_valid():
            raise SystemExit(f"the comment form refused comment {index}: {form.errors}")
        comment = Comment(**form.get_comment_create_data(site_id=1), ip_address="127.0.0.1")
        flow.post_comment(comment, reader)
        if not comment.is_public:  # held, as a first comment is: the moderator approves it
            flow.approve([comment])
        pks[index] = comment.pk
    return Post.objects.get(pk=post.pk)


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from blog.demo import seed
    from blog.models import Post

    seed_post = Post.objects.get(slug=seed.SLUG)
    for count in COUNTS:
        post = copy_with_comments(seed_post, count)
        print(count, post.get_absolute_url(), post.comment_count)
    print("session", signed_in_session())


def signed_in_session():
    """The session key of a signed-in author, for pages that are never cached."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    user = User.objects.create_user("bench-author", is_staff=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


if __name__ == "__main__":
    main()
