"""A comment is as hidden as its post: a draft's, a private post's or a scheduled post's
comments are a 404 for readers wherever a comment is named (ids are sequential: anyone can
walk them), and missing from every feed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Status
from comments.models import Comment
from comments.tasks import unsubscribe_url
from tests.commenting import form_data, make_comment
from tests.factories import PostFactory
from tests.pages import cold_caches

pytestmark = pytest.mark.django_db
POST_URL = "/comments/post/"


@pytest.fixture(autouse=True)
def comment_settings(settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    settings.COMMENTS_RATE_LIMIT = (1000, 60)


def hide(post, how):
    if how == "scheduled":
        post.publish_at = timezone.now() + timedelta(days=2)
    else:
        post.status = Status.DRAFT if how == "draft" else Status.PRIVATE
    post.save()


HIDDEN = pytest.mark.parametrize("how", ["draft", "private", "scheduled"])


@pytest.fixture
def posted(client):
    """A comment this browser posted on a published post (so it may still edit it)."""
    post = PostFactory(title="Secret plans")
    client.post(POST_URL, form_data(post, comment="Said in public", followup="on"))
    return Comment.objects.get()


@HIDDEN
def test_comment_feed_leaves_out_comments_on_hidden_posts(client, posted, how):
    make_comment(PostFactory(title="Open post"), comment="Still here")
    hide(posted.content_object, how)
    feed = client.get("/comments/feed/").content.decode()
    assert "Still here" in feed
    assert "Said in public" not in feed and "Secret plans" not in feed


@HIDDEN
def test_comment_permalink_on_a_hidden_post_is_404(client, posted, how):
    assert client.get(f"/comments/c/{posted.pk}/").status_code == 302
    hide(posted.content_object, how)
    assert client.get(f"/comments/c/{posted.pk}/").status_code == 404


@HIDDEN
def test_flagging_a_comment_on_a_hidden_post_is_404(client, posted, how):
    hide(posted.content_object, how)
    for response in (
        client.get(f"/comments/c/{posted.pk}/flag/"),
        client.post(f"/comments/c/{posted.pk}/flag/"),
    ):
        assert response.status_code == 404
        assert "Secret plans" not in response.content.decode()
    assert Comment.objects.get().flag_count == 0


@HIDDEN
def test_own_comment_on_a_hidden_post_is_404_to_edit_or_delete(client, posted, how):
    assert client.get(f"/comments/c/{posted.pk}/edit/").status_code == 200
    hide(posted.content_object, how)
    for action in ("edit", "delete"):
        url = f"/comments/c/{posted.pk}/{action}/"
        for response in (client.get(url), client.post(url, {"comment": "Changed"})):
            assert response.status_code == 404
            assert "Secret plans" not in response.content.decode()
    posted.refresh_from_db()
    assert posted.comment == "Said in public" and not posted.is_removed


@HIDDEN
def test_unsubscribe_page_of_a_hidden_post_is_404(client, posted, how):
    path = unsubscribe_url(posted).split("://", 1)[1].split("/", 1)[1]
    hide(posted.content_object, how)
    response = client.get(f"/{path}")
    assert response.status_code == 404
    assert "Secret plans" not in response.content.decode()


def test_comment_feed_queries_are_the_same_for_1_and_30_posts(client, django_assert_num_queries):
    make_comment(PostFactory(), comment="First")
    make_comment(PostFactory(status=Status.DRAFT), comment="Hidden")
    cold_caches()
    # the content version, the blog's title (blog/identity.py), the comments with their posts
    with django_assert_num_queries(4) as small:
        client.get("/comments/feed/")
    for _n in range(29):
        make_comment(PostFactory())
        make_comment(PostFactory(status=Status.DRAFT))
    cold_caches()
    with django_assert_num_queries(len(small.captured_queries)):
        feed = client.get("/comments/feed/").content.decode()
    assert feed.count("<item>") == 30
