"""Rate limits hold exactly their windows, on the file cache and on Redis: a hit neither
lengthens nor shortens the window it falls in, and the count is shared by every worker."""

import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine
from django.core.cache import caches

from comments.limits import over_limit
from tests.commenting import form_data, make_comment
from tests.factories import PostFactory
from tests.services import REDIS, redis_answers

pytestmark = pytest.mark.django_db
POST_URL = "/comments/post/"


@pytest.fixture(params=["file", "redis"])
def shared_cache(request, settings, tmp_path):
    """The caches a deployment counts in: a folder of files, or Redis (keys of this test only)."""
    if request.param == "file":
        settings.CACHES = {
            "default": {
                "BACKEND": "config.cache_backends.PlainFileCache",
                "LOCATION": tmp_path / "cache",
            }
        }
        yield
        return
    if not redis_answers():
        pytest.skip("no Redis at 127.0.0.1:6379")
    prefix = f"broadsheet-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://{REDIS[0]}:{REDIS[1]}/0",
            "KEY_PREFIX": prefix,
        }
    }
    yield
    client = redis.Redis(*REDIS)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)  # not FLUSHDB: other test runs share this Redis


@pytest.fixture
def clock(settings):
    """A frozen clock at the start of tomorrow (UTC): a minute, an hour and a day begin."""
    start = datetime.fromtimestamp((int(time.time()) // 86400 + 1) * 86400, UTC)
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller, start


@pytest.fixture(autouse=True)
def comment_settings(settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False


@pytest.fixture
def post():
    return PostFactory()


def test_comment_rate_limit_is_per_ip_per_minute_exactly(
    client, post, settings, shared_cache, clock
):
    traveller, start = clock
    settings.COMMENTS_RATE_LIMIT = (5, 60)

    def send():
        return client.post(POST_URL, form_data(post)).status_code

    assert [send() for _n in range(5)] == [302] * 5
    assert send() == 429
    traveller.move_to(start + timedelta(seconds=59))
    assert send() == 429  # retries in the minute: still refused…
    traveller.move_to(start + timedelta(seconds=60))
    assert send() == 302  # …and they did not push the next minute away


def test_flags_are_limited_per_ip_per_hour_exactly(client, post, shared_cache, clock):
    traveller, start = clock
    comment = make_comment(post)

    def flag():
        return client.post(f"/comments/c/{comment.pk}/flag/").status_code

    assert [flag() for _n in range(10)] == [200] * 10
    assert flag() == 429
    traveller.move_to(start + timedelta(minutes=59))
    assert flag() == 429  # the hour holds past the cache's default five minutes
    traveller.move_to(start + timedelta(hours=1))
    assert flag() == 200


@pytest.fixture
def confirming(client, settings, post, django_capture_on_commit_callbacks):
    settings.COMMENTS_XTD_CONFIRM_EMAIL = True
    settings.COMMENTS_CONFIRMATIONS_PER_DAY = 3
    settings.COMMENTS_RATE_LIMIT = (1000, 60)

    def ask(email, ip):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(POST_URL, form_data(post, email=email), REMOTE_ADDR=ip)
        return response.status_code

    return ask


def test_confirmation_mails_are_limited_per_address_per_day_exactly(
    confirming, shared_cache, clock
):
    traveller, start = clock
    ips = iter(f"192.0.2.{n}" for n in range(1, 100))
    assert [confirming("ada@example.com", next(ips)) for _n in range(3)] == [200] * 3
    assert confirming("ada@example.com", next(ips)) == 429
    traveller.move_to(start + timedelta(hours=23, minutes=59))
    assert confirming("ada@example.com", next(ips)) == 429
    traveller.move_to(start + timedelta(days=1))
    assert confirming("ada@example.com", next(ips)) == 200


def test_confirmation_mails_are_limited_per_ip_per_day_exactly(confirming, shared_cache, clock):
    traveller, start = clock
    emails = iter(f"reader{n}@example.com" for n in range(100))
    assert [confirming(next(emails), "192.0.2.1") for _n in range(3)] == [200] * 3
    assert confirming(next(emails), "192.0.2.1") == 429
    traveller.move_to(start + timedelta(hours=6))
    assert confirming(next(emails), "192.0.2.1") == 429
    traveller.move_to(start + timedelta(days=1))
    assert confirming(next(emails), "192.0.2.1") == 200


def test_simultaneous_hits_are_each_counted(shared_cache, clock):
    """Workers hitting the same counter at once: exactly `limit` get through."""
    allowed = []
    barrier = threading.Barrier(20)

    def hit():
        barrier.wait()
        if not over_limit("race", "192.0.2.1", 10, 3600):
            allowed.append(1)
        caches["default"].close()

    threads = [threading.Thread(target=hit) for _n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 10
