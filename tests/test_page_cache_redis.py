"""With REDIS_URL, app servers share the content version: a change made on one shows on all.
Each worker holds the version while subscribed to its announcements (config/version_watch.py)."""

import uuid

import pytest
from django.utils import timezone

from config.cache_backends import ForgivingRedisCache
from config.page_cache import STATE_KEY, store_state, version_watch
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
    store_state(
        redis_cache,
        {"version": "from-server-b", "changed_at": timezone.now(), "next_publish_at": None},
    )
    fresh = client.get("/")  # the very next request, with no time for a message to travel
    assert "Edited elsewhere" in fresh.content.decode()
    assert fresh.headers["ETag"] == '"from-server-b"'


def redis_commands(cache):
    """The names of the commands this thread's client sends while the block runs."""
    calls = []
    redis = cache._cache.get_client()
    assert cache._cache.get_client() is redis  # one redis.Redis, not one per call
    original = redis.execute_command
    redis.execute_command = lambda *args, **kwargs: (
        calls.append(args[0]) or original(*args, **kwargs)
    )
    return calls, lambda: delattr(redis, "execute_command")


def test_a_cached_page_costs_no_round_trip_while_subscribed_one_otherwise(client, redis_cache):
    from django.core.cache import cache

    PostFactory(title="Shared")
    client.get("/")  # subscribes, renders and caches the page
    calls, stop = redis_commands(cache)
    try:
        held = client.get("/")
        redis_cache._cache.get_client().execute_command("CLIENT", "KILL", "TYPE", "pubsub")
        unsubscribed = client.get("/")
    finally:
        stop()
    assert held.status_code == unsubscribed.status_code == 200
    assert "Shared" in held.content.decode() and "Shared" in unsubscribed.content.decode()
    # Held: nothing asked. The subscription gone: the version and the page in one MGET.
    assert calls == ["MGET"]


def test_a_worker_whose_subscription_broke_sees_every_new_version(client, redis_cache):
    post = PostFactory(title="Before")
    client.get("/")
    redis_cache._cache.get_client().execute_command("CLIENT", "KILL", "TYPE", "pubsub")
    assert "Before" in client.get("/").content.decode()  # finds it broken: fetches from now on
    for number, title in enumerate(("After", "And after that")):
        type(post).objects.filter(pk=post.pk).update(title=title)
        redis_cache.set(  # not announced: only a fetch would see it
            STATE_KEY,
            {
                "version": f"elsewhere-{number}",
                "changed_at": timezone.now(),
                "next_publish_at": None,
            },
            None,
        )
        assert title in client.get("/").content.decode()


def test_a_version_started_here_is_not_served_from_memory(client, redis_cache):
    post = PostFactory(title="Old title")
    client.get("/")
    assert version_watch().held()[0] is not None
    post.title = "New title"
    post.save()  # a new version, announced: this worker drops what it held
    assert "New title" in client.get("/").content.decode()
