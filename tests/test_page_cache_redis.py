"""With REDIS_URL, app servers share the content version: a change made on one shows on all."""

import socket
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone

from blog.cache import STATE_KEY
from tests.factories import PostFactory

REDIS = ("127.0.0.1", 6379)


def redis_answers():
    try:
        socket.create_connection(REDIS, timeout=1).close()
        return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not redis_answers(), reason="no Redis at 127.0.0.1:6379"),
]


@pytest.fixture
def redis_cache(settings):
    prefix = f"broadsheet-test-{uuid.uuid4().hex[:8]}"
    location = f"redis://{REDIS[0]}:{REDIS[1]}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
        }
    }
    # What another app server holds: its own connection to the same Redis.
    other_server = RedisCache(location, {"KEY_PREFIX": prefix})
    yield other_server
    other_server.clear()


def test_a_new_version_set_by_another_server_reaches_this_one(client, redis_cache):
    post = PostFactory(title="First title")
    cached = client.get("/")
    assert "First title" in cached.content.decode()
    assert redis_cache.get(STATE_KEY)["version"] in cached.headers["ETag"]

    type(post).objects.filter(pk=post.pk).update(title="Edited elsewhere")
    assert "First title" in client.get("/").content.decode()  # still the cached page
    redis_cache.set(
        STATE_KEY,
        {"version": "from-server-b", "changed_at": timezone.now(), "next_publish_at": None},
        None,
    )
    fresh = client.get("/")
    assert "Edited elsewhere" in fresh.content.decode()
    assert fresh.headers["ETag"] == '"from-server-b"'
