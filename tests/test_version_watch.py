"""A worker holds the content state and the pages it served while the file cache's state file
is the one it read (config/version_watch.py): hits read no file, and a version stored by any
other process is seen by the next request. Redis's side is in test_page_cache_redis.py."""

import os

import pytest
from django.utils import timezone

from config.cache_backends import PlainFileCache
from config.page_cache import STATE_KEY, store_state, version_watch
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_cache(settings, tmp_path):
    """The file cache as settings.py makes it, and another process's view of the same folder."""
    settings.CACHES = {
        "default": {"BACKEND": "config.cache_backends.PlainFileCache", "LOCATION": str(tmp_path)}
    }
    return PlainFileCache(str(tmp_path), {})


def page_files(folder):
    return {entry.path for entry in os.scandir(folder) if entry.name.endswith(".djcache")}


def test_a_held_page_is_served_from_memory_without_reading_the_cache(client, file_cache, tmp_path):
    PostFactory(title="Held in memory")
    client.get("/")  # reads the state, renders, stores the page
    state_file = file_cache._key_to_file(STATE_KEY)
    for path in page_files(tmp_path) - {state_file}:
        os.remove(path)  # only the worker's memory has the page now
    response = client.get("/", HTTP_ACCEPT_ENCODING="")
    assert response.status_code == 200 and "Held in memory" in response.content.decode()
    assert page_files(tmp_path) == {state_file}  # served, not rendered and stored again


def test_a_version_stored_by_another_process_is_seen_by_the_next_request(client, file_cache):
    post = PostFactory(title="Before")
    assert "Before" in client.get("/").content.decode()
    assert version_watch().held()[0] is not None
    for number, title in enumerate(("After", "And after that")):
        type(post).objects.filter(pk=post.pk).update(title=title)
        store_state(  # as another worker or the background worker would
            file_cache,
            {"version": f"other-{number}", "changed_at": timezone.now(), "next_publish_at": None},
        )
        response = client.get("/")
        assert title in response.content.decode()
        assert response.headers["ETag"].startswith(f'"other-{number}')


def test_a_state_file_gone_is_a_new_version_not_the_held_one(client, file_cache):
    post = PostFactory(title="Before")
    client.get("/")
    type(post).objects.filter(pk=post.pk).update(title="After the cache was emptied")
    file_cache.clear()
    assert "After the cache was emptied" in client.get("/").content.decode()


def test_without_a_signal_nothing_is_held(client):
    """The local memory cache tells of no change: the state is read for every request."""
    PostFactory()
    client.get("/")
    assert version_watch().held() == (None, None)
