"""Comments: escaping, redirects, CSRF on cached pages, bad input and spam defences."""

import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.models import Comment
from tests.commenting import form_data, make_comment
from tests.factories import PostFactory, UserFactory
from tests.pages import main_of

pytestmark = pytest.mark.django_db
POST_URL = "/comments/post/"
NASTY = {
    "name": '<script>alert("n")</script>',
    "url": "https://example.com/\"><script>alert('u')</script>",
    "comment": '<img src=x onerror=alert(1)> <a href="javascript:alert(2)">x</a> <b>bold</b>',
}


@pytest.fixture(autouse=True)
def comment_settings(settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    settings.COMMENTS_NOTIFY_AUTHOR = "all"
    settings.COMMENTS_MAIL_RETRY_SECONDS = 0
    settings.COMMENTS_RATE_LIMIT = (1000, 60)
    settings.MANAGERS = [("Editor", "editor@example.com")]


@pytest.fixture
def post():
    return PostFactory()


def assert_no_markup(text):
    assert "<script" not in text
    assert "<img" not in text
    assert "<b>bold" not in text
    assert not re.search(r"<a[^>]+href=\W*javascript:", text)


def test_script_html_and_javascript_urls_are_escaped_everywhere(
    client, admin_client, post, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    parent = make_comment(post, followup=True, user_email="parent@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(POST_URL, form_data(post, reply_to=str(parent.pk), **NASTY))
    assert response.status_code == 302
    comment = Comment.objects.get(pk__gt=parent.pk)
    page = main_of(client.get(post.get_absolute_url()))
    assert_no_markup(page)
    assert "&lt;script&gt;alert(&quot;n&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    for feed in ("/comments/feed/", f"{post.get_absolute_url()}feed/"):
        xml = client.get(feed).content.decode()
        assert "<script" not in xml and "<img" not in xml
    admin_pages = [
        admin_client.get("/admin/comments/comment/").content.decode(),
        admin_client.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode(),
    ]
    for html in admin_pages:
        assert '<script>alert("n")' not in html and "<img src=x" not in html
    run_tasks()
    assert len(mailoutbox) == 2  # the author, and the parent's commenter
    for mail in mailoutbox:
        assert_no_markup(mail.body)


def test_javascript_url_as_website_is_refused(client, post):
    response = client.post(POST_URL, form_data(post, url="javascript:alert(1)"))
    assert response.status_code == 400
    assert "Enter a valid URL." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_stored_unsafe_website_is_not_linked(client, post):
    make_comment(post, user_url="javascript:alert(1)")
    assert "javascript:" not in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_next_only_sends_readers_to_this_site(client, post, next_url):
    response = client.post(POST_URL, form_data(post, next=next_url))
    comment = Comment.objects.get()
    assert response["Location"] == f"{post.get_absolute_url()}#c{comment.pk}"


def test_next_within_the_site_is_followed(client, post):
    response = client.post(POST_URL, form_data(post, next="/about/"))
    assert response["Location"] == f"/about/#c{Comment.objects.get().pk}"


def test_comment_form_works_on_a_cached_page_with_a_token_from_another_request(post):
    """The post page carries no CSRF token (it may be cached for everyone); comments.js
    fetches one from a never-cached endpoint, which also sets this browser's CSRF cookie."""
    first_reader = Client(enforce_csrf_checks=True)
    cached_html = first_reader.get(post.get_absolute_url()).content.decode()
    assert 'name="csrfmiddlewaretoken" value=""' in cached_html
    data = form_data(post)

    second_reader = Client(enforce_csrf_checks=True)
    state = second_reader.get(f"/comments/form-state/?post={post.pk}")
    assert "no-cache" in state["Cache-Control"]
    token = state.json()["csrfmiddlewaretoken"]
    response = second_reader.post(POST_URL, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_comment_without_csrf_token_comes_back_to_confirm_with_the_text_kept(post):
    """Without JavaScript no token is fetched: the reader confirms once, from a fresh form."""
    reader = Client(enforce_csrf_checks=True)
    response = reader.post(POST_URL, form_data(post, comment="No script here"))
    assert response.status_code == 403
    assert not Comment.objects.exists()
    html = response.content.decode()
    assert "No script here</textarea>" in html and "press “Post comment” again" in html
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', html).group(1)
    data = form_data(post, comment="No script here", csrfmiddlewaretoken=token)
    assert reader.post(POST_URL, data).status_code == 302
    assert Comment.objects.get().comment == "No script here"


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/page.html"},
    ],
)
def test_comment_sent_from_another_site_is_not_turned_into_a_form_with_a_token(post, headers):
    reader = Client(enforce_csrf_checks=True)
    response = reader.post(POST_URL, form_data(post, comment="Attacker's words"), **headers)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Attacker" not in html and "csrfmiddlewaretoken" not in html
    assert "CSRF verification failed" in html
    assert not Comment.objects.exists()


def test_comment_from_this_sites_page_comes_back_to_confirm(post):
    reader = Client(enforce_csrf_checks=True)
    for headers in (
        {"HTTP_ORIGIN": "http://testserver"},
        {"HTTP_REFERER": f"http://testserver{post.get_absolute_url()}"},
    ):
        response = reader.post(POST_URL, form_data(post, comment="Mine"), **headers)
        assert response.status_code == 403
        assert "Mine</textarea>" in response.content.decode()


def test_signed_in_user_never_gets_a_form_filled_with_what_was_sent(post):
    member = Client(enforce_csrf_checks=True)
    member.force_login(UserFactory(username="member"))
    response = member.post(POST_URL, form_data(post, comment="Words put in my mouth"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Words put in my mouth" not in html
    assert "Please write it again" in html
    assert not Comment.objects.exists()


def test_other_csrf_failures_get_djangos_page(post):
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {})
    assert response.status_code == 403
    assert "CSRF verification failed" in response.content.decode()


def test_token_from_another_readers_session_is_refused(post):
    other = Client(enforce_csrf_checks=True)
    token = other.get(f"/comments/form-state/?post={post.pk}").json()["csrfmiddlewaretoken"]
    reader = Client(enforce_csrf_checks=True)
    reader.get(f"/comments/form-state/?post={post.pk}")
    response = reader.post(POST_URL, {**form_data(post), "csrfmiddlewaretoken": token})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"comment": ""}, "This field is required."),
        ({"comment": "   "}, "This field is required."),
        ({"comment": "x" * 3001}, "Ensure this value has at most 3000 characters"),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"name": "n" * 51}, "Ensure this value has at most 50 characters"),
        ({"reply_to": "abc"}, "Enter a whole number."),
        ({"reply_to": "999999"}, "The comment you replied to is not available."),
    ],
)
def test_bad_submissions_get_a_400_with_the_message_and_keep_the_text(
    client, post, fields, message
):
    data = form_data(post, **{"comment": "Keep this text", **fields})
    response = client.post(POST_URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    if "comment" not in fields:
        assert "Keep this text" in html
    assert 'value="Ada Reader"' in html or "name" in fields
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"object_pk": "1"},
        {"content_type": "blog.post", "object_pk": "abc"},
        {"content_type": "auth.user", "object_pk": "1"},
        {"content_type": "blog.post", "object_pk": "99999999999999999999999"},
    ],
)
def test_malformed_submissions_get_a_400_not_a_500(client, post, data):
    response = client.post(POST_URL, data)
    assert response.status_code == 400
    assert "can&#x27;t be found" in response.content.decode()


def test_draft_posts_take_no_comments(client):
    draft = PostFactory(draft=True)
    assert client.post(POST_URL, form_data(draft)).status_code == 400


def test_get_on_the_post_url_is_405(client):
    assert client.get(POST_URL).status_code == 405


def test_tampered_security_hash_keeps_the_text_with_a_fresh_form(client, post):
    response = client.post(POST_URL, form_data(post, security_hash="0" * 40, comment="Mine"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "The form had expired" in html and "Mine</textarea>" in html
    assert 'value="0000000000000000000000000000000000000000"' not in html


def test_expired_form_keeps_the_text(client, post):
    response = client.post(POST_URL, form_data(post, seconds_ago=3 * 60 * 60, comment="Old"))
    assert response.status_code == 400
    assert "Old</textarea>" in response.content.decode()


def test_posting_faster_than_a_person_can_type_is_refused_without_losing_text(client, post):
    response = client.post(POST_URL, form_data(post, seconds_ago=0, comment="Quick"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "That was quick!" in html and "Quick</textarea>" in html
    assert not Comment.objects.exists()


def test_filled_honeypot_is_refused(client, post):
    response = client.post(POST_URL, form_data(post, honeypot="http://spam.example"))
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_honeypot_is_hidden_from_readers(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    assert re.search(r'class="comment-form-honeypot" aria-hidden="true"', html)


def test_per_ip_rate_limit_gives_a_clear_message(client, post, settings):
    settings.COMMENTS_RATE_LIMIT = (2, 60)
    for n in range(2):
        assert client.post(POST_URL, form_data(post, comment=f"c{n}")).status_code == 302
    response = client.post(POST_URL, form_data(post, comment="Third"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "You are commenting very fast" in html and "Third</textarea>" in html
    assert Comment.objects.count() == 2


@pytest.mark.parametrize("value", ["", "abc", "1e3", "99999999999999999999999", "١"])
def test_form_state_for_a_malformed_post_is_404(client, value):
    assert client.get(f"/comments/form-state/?post={value}").status_code == 404


class CallsEverythingSpam:
    def check(self, comment, reader):
        return "spam" in comment.comment


def test_spam_checkers_are_pluggable(client, post, settings):
    settings.COMMENTS_SPAM_CHECKERS = ["tests.test_comments_safety.CallsEverythingSpam"]
    client.post(POST_URL, form_data(post, comment="this is spam"))
    client.post(POST_URL, form_data(post, comment="this is fine"))
    assert list(Comment.objects.values_list("comment", "is_spam")) == [
        ("this is spam", True),
        ("this is fine", False),
    ]


def test_akismet_is_not_asked_without_a_key(client, post, settings):
    settings.AKISMET_API_KEY = ""
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    assert client.post(POST_URL, form_data(post)).status_code == 302
    assert Comment.objects.get().is_public


@pytest.fixture
def akismet(settings):
    """A local stand-in for Akismet's comment-check: spam is any comment mentioning "pills"."""
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            asked.append(form)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"true" if "pills" in form["comment_content"][0] else b"false")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_URL = f"http://127.0.0.1:{server.server_port}/{{key}}/comment-check"
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    yield asked
    server.shutdown()


def test_akismet_is_asked_by_the_worker_not_during_the_post(
    client, post, akismet, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(POST_URL, form_data(post, comment="Cheap pills"))
        client.post(POST_URL, form_data(post, comment="A fair point"))
    assert "being checked for spam" in response.content.decode()
    assert akismet == [] and not Comment.objects.visible().exists()
    assert run_tasks() == 2
    assert akismet[0]["user_ip"] == ["127.0.0.1"]
    assert list(Comment.objects.values_list("comment", "is_spam", "is_public")) == [
        ("Cheap pills", True, False),
        ("A fair point", False, True),
    ]


def test_unreachable_akismet_is_tried_again_and_the_comment_kept_for_moderation(
    client, post, akismet, run_tasks, settings, django_capture_on_commit_callbacks
):
    settings.AKISMET_URL = "http://127.0.0.1:9/{key}/"  # the discard port: nothing listens
    with django_capture_on_commit_callbacks(execute=True):
        client.post(POST_URL, form_data(post, comment="A fair point"))
    run_tasks()
    [waiting] = DBTaskResult.objects.filter(status="READY")
    assert waiting.run_after > timezone.now()  # tried again later
    comment = Comment.objects.get()
    assert not comment.is_public and not comment.is_spam  # held for a person meanwhile
