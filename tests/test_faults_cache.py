"""Redis configured but down: readers still get pages, writes still work, /healthz says so.

"Down" is a real Redis URL on a port where nothing listens; the normal path is the real Redis at
127.0.0.1:6379 (skipped where there is none).
"""

import logging
import socket
import uuid

import pytest

from blog.models import Post
from comments.models import Comment
from config import cache_backends
from tests.commenting import form_data
from tests.factories import AuthorFactory, PostFactory
from tests.test_admin import post_form
from tests.test_page_cache_redis import REDIS, redis_answers

pytestmark = pytest.mark.django_db


def closed_port():
    """A port on 127.0.0.1 where nothing listens: connections to it are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_settings(location):
    return {
        "default": {
            "BACKEND": "config.cache_backends.ForgivingRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": f"broadsheet-test-{uuid.uuid4().hex[:8]}",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture(autouse=True)
def no_outage_remembered():
    cache_backends._outages.clear()
    yield
    cache_backends._outages.clear()


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_settings(f"redis://127.0.0.1:{closed_port()}/0")
    settings.COMMENTS_HOLD_FIRST_COMMENT = False


def test_pages_are_rendered_for_readers_when_the_cache_is_down(client, redis_down):
    post = PostFactory(title="Written before the outage")
    home = client.get("/")
    assert home.status_code == 200
    assert "Written before the outage" in home.content.decode()
    page = client.get(post.get_absolute_url())
    assert page.status_code == 200
    assert 'class="sidebar"' in page.content.decode()  # the cached fragment, rendered instead


def test_a_cache_outage_is_logged_once_not_for_every_request(client, redis_down, caplog):
    PostFactory()
    with caplog.at_level(logging.WARNING, logger="config.cache_backends"):
        for _ in range(5):
            assert client.get("/").status_code == 200
    [record] = caplog.records
    assert record.levelno == logging.ERROR
    assert "is down" in record.getMessage()


def test_saving_a_post_in_the_admin_works_when_the_cache_is_down(staff_client, redis_down):
    response = staff_client.post("/admin/blog/post/add/", post_form(author=AuthorFactory().pk))
    assert response.status_code == 302
    assert Post.objects.filter(slug="a-new-post").exists()


def test_a_comment_is_posted_when_the_cache_is_down(client, post, redis_down):
    response = client.post("/comments/post/", form_data(post, comment="Still here"))
    assert response.status_code in (200, 302)
    comment = Comment.objects.get()
    assert comment.comment == "Still here" and comment.is_public
    assert "Still here" in client.get(post.get_absolute_url()).content.decode()


def test_health_check_is_503_naming_the_cache_when_it_is_down(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database: ok\ncache: down\n"


@pytest.mark.skipif(not redis_answers(), reason="no Redis at 127.0.0.1:6379")
def test_health_check_is_200_with_redis_answering(client, settings):
    settings.CACHES = redis_settings(f"redis://{REDIS[0]}:{REDIS[1]}/0")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: ok\n"


@pytest.mark.skipif(not redis_answers(), reason="no Redis at 127.0.0.1:6379")
def test_a_change_saved_during_an_outage_shows_once_redis_answers_again(client, settings):
    """Pages cached before the outage are still in Redis after it: the new version that could
    not be stored then is stored when Redis answers, so they are not served again."""
    answering = redis_settings(f"redis://{REDIS[0]}:{REDIS[1]}/0")
    settings.CACHES = answering
    post = PostFactory(title="Before the outage")
    assert "Before the outage" in client.get("/").content.decode()
    assert "Before the outage" in client.get("/").content.decode()  # now from Redis

    settings.CACHES = redis_settings(f"redis://127.0.0.1:{closed_port()}/0")
    post.title = "Saved during the outage"
    post.save()

    cache_backends._outages.clear()  # Redis answers again, as it would after RETRY_SECONDS
    settings.CACHES = answering
    assert "Saved during the outage" in client.get("/").content.decode()
