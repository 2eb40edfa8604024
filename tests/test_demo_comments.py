"""The demo discussion under the seed post: loaded once, counted, and shown as a thread."""

from html.parser import HTMLParser
from io import StringIO

import pytest
from django.core.management import call_command

from blog.demo import seed
from blog.models import Post
from comments.models import Comment
from tests.commenting import make_comment
from tests.factories import PostFactory
from tests.pages import main_of

pytestmark = pytest.mark.django_db


class CommentNesting(HTMLParser):
    """For each comment <li id="c…"> on the page, the comment it is nested in (or None)."""

    def __init__(self):
        super().__init__()
        self.stack, self.parents = [], {}

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            pk = dict(attrs).get("id", "")[1:]
            pk = int(pk) if pk.isdigit() else None
            if pk:
                self.parents[pk] = next((p for p in reversed(self.stack) if p), None)
            self.stack.append(pk)

    def handle_endtag(self, tag):
        if tag == "li":
            self.stack.pop()


def load():
    out = StringIO()
    call_command("load_demo_comments", stdout=out)
    return out.getvalue()


@pytest.fixture
def seed_post(demo_content):
    return Post.objects.get(slug=seed.SLUG)


def test_demo_discussion_is_loaded_once_and_counted(seed_post):
    assert "Loaded 8 demo comments" in load()
    assert "not loaded" in load()
    comments = Comment.objects.for_post(seed_post)
    assert comments.count() == 8 == comments.visible().count()
    assert Post.objects.get(pk=seed_post.pk).comment_count == 8
    assert sorted(set(comments.values_list("level", flat=True))) == [0, 1, 2]
    assert comments.exclude(user_url="").values_list("user_name", flat=True).distinct().count() == 1
    assert all(c.submit_date > seed_post.publish_at for c in comments)


def test_demo_comments_are_not_added_beside_real_ones(seed_post):
    make_comment(PostFactory(), comment="A real reader was here first.")
    assert "not loaded" in load()
    assert Comment.objects.count() == 1
    assert Post.objects.get(pk=seed_post.pk).comment_count == 0


def test_demo_comments_need_the_seed_post(db):
    PostFactory()
    assert "not loaded" in load()
    assert not Comment.objects.exists()


def test_demo_discussion_renders_nested_on_the_post_page(client, seed_post):
    load()
    html = main_of(client.get(seed_post.get_absolute_url()))
    assert "8 comments" in html
    nesting = CommentNesting()
    nesting.feed(html)
    comments = Comment.objects.for_post(seed_post).order_by("thread_id", "order")
    assert list(nesting.parents) == [c.pk for c in comments]  # tree order
    for comment in comments:
        assert nesting.parents[comment.pk] == (comment.parent_id if comment.level else None)
    assert 'href="https://kerr-on-korea.example.org/" rel="nofollow ugc">Daniel Kerr</a>' in html
