"""A commenter's own comment, remembered details, light markup and privacy."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from blog.models import Post
from comments import markup
from comments.models import Comment, truncate_ip
from tests.commenting import form_data, make_comment
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db
POST_URL = "/comments/post/"


@pytest.fixture(autouse=True)
def comment_settings(settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    settings.COMMENTS_RATE_LIMIT = (1000, 60)


@pytest.fixture
def post():
    return PostFactory()


def test_commenter_edits_their_comment_within_the_window(client, post):
    client.post(POST_URL, form_data(post, comment="Tpyo"))
    comment = Comment.objects.get()
    state = client.get(f"/comments/form-state/?post={post.pk}").json()
    assert state["own"] == [comment.pk]
    assert client.get(f"/comments/c/{comment.pk}/edit/").status_code == 200
    response = client.post(f"/comments/c/{comment.pk}/edit/", {"comment": "Typo, *fixed*"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body_html == "<p>Typo, <em>fixed</em></p>"


def test_commenter_deletes_their_comment_and_the_count_follows(client, post):
    client.post(POST_URL, form_data(post))
    comment = Comment.objects.get()
    assert Post.objects.get(pk=post.pk).comment_count == 1
    response = client.post(f"/comments/c/{comment.pk}/delete/")
    assert response.status_code == 302
    assert Comment.objects.get().is_removed
    assert Post.objects.get(pk=post.pk).comment_count == 0


def test_editing_is_refused_after_the_window_and_to_others(client, post, settings):
    client.post(POST_URL, form_data(post))
    comment = Comment.objects.get()
    other = type(client)()
    assert other.get(f"/comments/c/{comment.pk}/edit/").status_code == 403
    assert other.post(f"/comments/c/{comment.pk}/delete/").status_code == 403
    later = timezone.now() + timedelta(minutes=settings.COMMENTS_EDIT_MINUTES + 1)
    with time_machine.travel(later):
        response = client.post(f"/comments/c/{comment.pk}/edit/", {"comment": "Changed"})
    assert response.status_code == 403
    assert "Editing time is over" in response.content.decode()
    assert Comment.objects.get().comment == "A thoughtful comment."


def test_empty_edit_keeps_the_form_with_a_message(client, post):
    client.post(POST_URL, form_data(post))
    comment = Comment.objects.get()
    response = client.post(f"/comments/c/{comment.pk}/edit/", {"comment": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_name_and_email_are_remembered_only_when_asked(client, post):
    response = client.post(POST_URL, form_data(post))
    assert "comment_author" not in response.cookies
    assert client.get(f"/comments/form-state/?post={post.pk}").json()["remembered"] is None
    client.post(POST_URL, form_data(post, remember="on", url="https://ada.example/"))
    remembered = client.get(f"/comments/form-state/?post={post.pk}").json()["remembered"]
    assert remembered == {
        "name": "Ada Reader",
        "email": "ada@example.com",
        "url": "https://ada.example/",
    }
    response = client.post(POST_URL, form_data(post))
    assert response.cookies["comment_author"].value == ""  # unticked: forgotten


def test_post_page_carries_nothing_personal(client, post):
    client.post(POST_URL, form_data(post, remember="on"))
    html = client.get(post.get_absolute_url()).content.decode()
    assert "ada@example.com" not in html
    assert 'name="csrfmiddlewaretoken" value=""' in html


def test_ip_addresses_are_stored_truncated_and_purged(post, settings):
    assert truncate_ip("203.0.113.77") == "203.0.113.0"
    assert truncate_ip("2001:db8:1234:5678::1") == "2001:db8:1234::"
    old = make_comment(post, ip_address="198.51.100.23")
    assert Comment.objects.get(pk=old.pk).ip_address == "198.51.100.0"
    later = timezone.now() + timedelta(days=settings.COMMENTS_IP_RETENTION_DAYS + 1)
    with time_machine.travel(later):
        new = make_comment(post, ip_address="198.51.100.24")
        call_command("purge_comment_ips", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Comment.objects.get(pk=old.pk).ip_address is None
    assert Comment.objects.get(pk=new.pk).ip_address == "198.51.100.0"


def test_posted_comment_stores_a_truncated_ip(client, post):
    client.post(POST_URL, form_data(post), REMOTE_ADDR="192.0.2.200")
    assert Comment.objects.get().ip_address == "192.0.2.0"


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("one\ntwo\n\nthree", "<p>one<br>two</p><p>three</p>"),
        ("> quoted\n> on", "<blockquote><p>quoted<br>on</p></blockquote>"),
        ("use `a<b` **now**", "<p>use <code>a&lt;b</code> <strong>now</strong></p>"),
        (
            "see https://example.com/x.",
            '<p>see <a href="https://example.com/x" rel="nofollow ugc">https://example.com/x</a>.</p>',
        ),
        ("<em>typed</em>", "<p>&lt;em&gt;typed&lt;/em&gt;</p>"),
    ],
)
def test_comment_text_has_light_markup_and_nothing_else(text, html):
    assert markup.render(text) == html
