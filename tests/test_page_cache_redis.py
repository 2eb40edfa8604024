"""With REDIS_URL, app servers share the content version: a change made on one shows on all."""

import uuid

import pytest
from django.utils import timezone

from config.cache_backends import ForgivingRedisCache
from config.page_cache import STATE_KEY
from tests.factories import PostFactory
from tests.services import REDIS, redis_answers

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
            "BACKEND": "config.cache_backends.ForgivingRedisCache",  # as settings.py has it
            "LOCATION": location,
            "KEY_PREFIX": prefix,
        }
    }
    # What another app server holds: its own connection to the same Redis.
    other_server = ForgivingRedisCache(location, {"KEY_PREFIX": prefix})
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


def test_a_cached_page_comes_in_one_round_trip_on_one_client(client, redis_cache):
    """The version and the page in one MGET, on a redis.Redis made once, not once per call."""
    from django.core.cache import cache

    PostFactory(title="Shared")
    client.get("/")
    calls = []
    redis = cache._cache.get_client()
    assert cache._cache.get_client() is redis
    original = redis.execute_command
    redis.execute_command = lambda *args, **kwargs: (
        calls.append(args[0]) or original(*args, **kwargs)
    )
    try:
        response = client.get("/")
    finally:
        del redis.execute_command
    assert response.status_code == 200 and "Shared" in response.content.decode()
    assert calls == ["MGET"]
