"""Password-protected posts: the title shows, the body waits for the password, and nothing of
the body reaches feeds, search, the sitemap or the shared page cache."""

import feedparser
import pytest
from django.core.cache import cache
from django.test import Client

from blog.models import Post
from tests.factories import PostFactory
from tests.pages import main_of

pytestmark = pytest.mark.django_db

SECRET_BODY = "<p>The hidden findings about zanzibarite.</p>"
PASSWORD = "open sesame"


@pytest.fixture
def locked(staff_client):
    """A protected post, written through the admin."""
    post = PostFactory(title="Behind the door")
    form = {
        "title": post.title,
        "slug": post.slug,
        "body": SECRET_BODY,
        "excerpt": "An excerpt about zanzibarite.",
        "status": post.status,
        "publish_at_0": post.publish_at.strftime("%Y-%m-%d"),
        "publish_at_1": post.publish_at.strftime("%H:%M:%S"),
        "author": post.author_id,
        "allow_comments": "on",
        "password": PASSWORD,
    }
    response = staff_client.post(f"/admin/blog/post/{post.pk}/change/", form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    post.refresh_from_db()
    assert post.password == PASSWORD
    return post


def reader():
    return Client(enforce_csrf_checks=True)


def csrf_of(response):
    return response.context["csrf_token"]


def test_title_shows_and_body_asks_for_the_password(locked):
    response = reader().get(locked.get_absolute_url())
    assert response.status_code == 200
    main = main_of(response)
    assert "Behind the door" in main
    assert 'type="password"' in main
    assert "zanzibarite" not in response.content.decode()  # body, excerpt, meta description
    assert 'id="comments"' not in main


def test_wrong_password_says_so_and_keeps_nothing_secret(locked):
    browser = reader()
    page = browser.get(locked.get_absolute_url())
    response = browser.post(
        locked.get_absolute_url(),
        {"post_password": "wrong guess", "csrfmiddlewaretoken": csrf_of(page)},
    )
    assert response.status_code == 200  # the form again, not an error page
    html = response.content.decode()
    assert "That is not this post&#x27;s password" in html or "not this post’s password" in html
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert "wrong guess" not in html
    assert "zanzibarite" not in html
    assert not any(name.startswith("private-") for name in response.cookies)
    # Still locked afterwards.
    assert 'type="password"' in main_of(browser.get(locked.get_absolute_url()))


def test_right_password_opens_the_post_for_that_browser_only(locked):
    browser = reader()
    page = browser.get(locked.get_absolute_url())
    response = browser.post(
        locked.get_absolute_url(), {"post_password": PASSWORD, "csrfmiddlewaretoken": csrf_of(page)}
    )
    assert response.status_code == 303
    assert response["Location"] == locked.get_absolute_url()
    opened = browser.get(locked.get_absolute_url())
    assert "zanzibarite" in main_of(opened)
    assert "private" in opened["Cache-Control"]
    # Another reader, after the first opened it, still gets the form: nothing cached leaks.
    assert "zanzibarite" not in reader().get(locked.get_absolute_url()).content.decode()


def test_opened_page_is_never_stored_in_the_shared_cache(locked, settings):
    browser = reader()
    page = browser.get(locked.get_absolute_url())
    browser.post(
        locked.get_absolute_url(), {"post_password": PASSWORD, "csrfmiddlewaretoken": csrf_of(page)}
    )
    cache.clear()
    assert "zanzibarite" in browser.get(locked.get_absolute_url()).content.decode()
    stored = [
        value for value in cache._cache.values() if b"zanzibarite" in value
    ]  # the local-memory cache of the tests: every stored page, pickled
    assert not stored


def test_changing_the_password_locks_it_again(locked):
    browser = reader()
    page = browser.get(locked.get_absolute_url())
    browser.post(
        locked.get_absolute_url(), {"post_password": PASSWORD, "csrfmiddlewaretoken": csrf_of(page)}
    )
    locked.password = "a new one"
    locked.save()
    assert "zanzibarite" not in browser.get(locked.get_absolute_url()).content.decode()


def test_a_forged_cookie_opens_nothing(locked):
    browser = reader()
    browser.cookies[f"private-post-{locked.pk}"] = "anything"
    assert "zanzibarite" not in browser.get(locked.get_absolute_url()).content.decode()


def test_without_a_csrf_token_the_password_is_refused(locked):
    response = reader().post(locked.get_absolute_url(), {"post_password": PASSWORD})
    assert response.status_code == 403
    assert not any(name.startswith("private-") for name in response.cookies)


def test_lists_show_the_title_but_not_the_excerpt(locked, client):
    html = client.get("/").content.decode()
    assert "Behind the door" in html
    assert "zanzibarite" not in html
    assert "protected by a password" in html


def test_feeds_carry_the_title_never_the_body(locked, client):
    for url in ("/feed/", "/feed/atom/"):
        content = client.get(url).content.decode()
        assert "Behind the door" in content
        assert "zanzibarite" not in content
        feed = feedparser.parse(content)
        assert any(entry.title == "Behind the door" for entry in feed.entries)


def test_search_never_finds_it_by_its_body(locked, client):
    assert "Behind the door" not in main_of(client.get("/search/", {"q": "zanzibarite"}))
    assert "Behind the door" not in main_of(client.get("/search/", {"q": "door"}))


def test_sitemap_leaves_it_out(locked, client):
    shown = PostFactory(slug="an-open-post")
    content = client.get("/sitemap-posts.xml").content.decode()
    assert shown.get_absolute_url() in content
    assert locked.get_absolute_url() not in content


def test_an_unprotected_post_ignores_a_password_sent_to_it(client):
    post = PostFactory()
    response = client.post(post.get_absolute_url(), {"post_password": "x"})
    assert response.status_code == 303
    assert not response.cookies.get(f"private-post-{post.pk}")
    assert Post.objects.get(pk=post.pk).password == ""


def test_comments_of_a_protected_post_stay_out_of_the_comment_feeds(locked, client):
    from tests.commenting import make_comment

    make_comment(locked, comment="A remark about zanzibarite.", is_public=True)
    make_comment(PostFactory(title="Open post"), comment="A public remark.", is_public=True)
    feed = client.get("/comments/feed/").content.decode()
    assert "A public remark." in feed and "zanzibarite" not in feed
    assert client.get(f"{locked.get_absolute_url()}feed/").status_code == 404


def test_only_a_browser_that_opened_the_post_may_comment_on_it(locked, settings):
    from comments.models import Comment
    from tests.commenting import form_data

    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    stranger = Client()
    response = stranger.post("/comments/post/", form_data(locked, comment="Let me in."))
    assert response.status_code == 403
    assert "password-protected" in response.content.decode()
    assert not Comment.objects.exists()

    browser = reader()
    page = browser.get(locked.get_absolute_url())
    browser.post(
        locked.get_absolute_url(), {"post_password": PASSWORD, "csrfmiddlewaretoken": csrf_of(page)}
    )
    opened = browser.get(locked.get_absolute_url())
    data = form_data(locked, comment="Opened, and commenting.")
    data["csrfmiddlewaretoken"] = csrf_of(opened)
    assert browser.post("/comments/post/", data).status_code == 302
    assert Comment.objects.get().comment == "Opened, and commenting."
