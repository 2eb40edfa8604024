"""A commenter's edit is checked like a new comment: spam checkers and the link limit."""

import pytest
from django.test import Client

from blog.models import Post
from comments.models import Comment
from tests.commenting import form_data

pytestmark = pytest.mark.django_db
POST_URL = "/comments/post/"


@pytest.fixture(autouse=True)
def comment_settings(settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    settings.COMMENTS_RATE_LIMIT = (1000, 60)
    settings.COMMENTS_MAX_LINKS = 2


@pytest.fixture
def posted(client, post):
    """A published comment, posted by `client` (which may still edit it)."""
    client.post(POST_URL, form_data(post, comment="An innocent remark."))
    comment = Comment.objects.get()
    assert comment.is_public
    return comment


class CallsSpamSpam:
    def check(self, comment, reader):
        return "spam" in comment.comment


@pytest.fixture
def edit(client, django_capture_on_commit_callbacks, run_tasks):
    """The commenter's browser sends an edit; the worker sends the mail it queued."""

    def edit(comment, text):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/comments/c/{comment.pk}/edit/", {"comment": text})
        run_tasks()
        return response

    return edit


def test_edit_with_too_many_links_is_held_and_the_commenter_told(
    client, post, posted, mailoutbox, edit
):
    links = "https://a.example/ https://b.example/ https://c.example/"
    response = edit(posted, f"Now with links: {links}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your edited comment is awaiting moderation" in html
    posted.refresh_from_db()
    assert not posted.is_public and not posted.is_spam
    assert Post.objects.get(pk=post.pk).comment_count == 0
    page = Client().get(post.get_absolute_url()).content.decode()
    assert "Now with links" not in page and "innocent remark" not in page
    [mail] = mailoutbox
    assert "awaiting moderation" in mail.subject and mail.to == ["writer@example.com"]


def test_edit_matching_the_blocklist_is_held(client, post, posted, settings, edit):
    settings.COMMENTS_BLOCKLIST = ["casino"]
    response = edit(posted, "Visit my casino")
    assert "awaiting moderation" in response.content.decode()
    posted.refresh_from_db()
    assert not posted.is_public
    assert Post.objects.get(pk=post.pk).comment_count == 0


def test_edit_is_put_to_every_spam_checker(client, post, posted, settings, edit):
    settings.COMMENTS_SPAM_CHECKERS = ["tests.test_comments_edits.CallsSpamSpam"]
    edit(posted, "Now it is spam")
    posted.refresh_from_db()
    assert not posted.is_public


def test_clean_edit_stays_public_and_cached_pages_show_it(client, post, posted, mailoutbox, edit):
    reader = Client()
    assert "An innocent remark." in reader.get(post.get_absolute_url()).content.decode()
    response = edit(posted, "A better remark, see https://a.example/")
    assert response.status_code == 302 and response.url.endswith(f"#c{posted.pk}")
    posted.refresh_from_db()
    assert posted.is_public
    assert Post.objects.get(pk=post.pk).comment_count == 1
    page = reader.get(post.get_absolute_url()).content.decode()
    assert "A better remark" in page and "innocent remark" not in page
    assert mailoutbox == []


def test_held_edit_hides_the_replies_until_approved(client, post, posted, admin_client, edit):
    Client().post(POST_URL, form_data(post, reply_to=str(posted.pk), comment="I agree."))
    assert Post.objects.get(pk=post.pk).comment_count == 2
    edit(posted, "Changed: https://a.example/ https://b.example/ https://c.example/")
    assert Post.objects.get(pk=post.pk).comment_count == 0
    admin_client.post(
        "/admin/comments/comment/",
        {"action": "approve", "_selected_action": [str(posted.pk)]},
    )
    assert Post.objects.get(pk=post.pk).comment_count == 2
