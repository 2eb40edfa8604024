"""Sign-in throttling (django-axes): wrong passwords lock an account, and an address, for a
while; the owner can lift the lock; readers and commenters never notice."""

import logging
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from tests.commenting import form_data
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db
LOGIN_URL = "/admin/login/"
PASSWORD = "correct horse battery staple"
PROXY = "127.0.0.1"


@pytest.fixture(autouse=True)
def throttle_settings(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


@pytest.fixture
def owner():
    return UserFactory(username="owner", superuser=True)


def sign_in(username, password, ip="198.51.100.7", client=None, **headers):
    return (client or Client()).post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
        **headers,
    )


def signed_in(response):
    return response.status_code == 302 and response.url == "/admin/"


def fail(times, username="owner", ip="198.51.100.7"):
    return [sign_in(username, "wrong", ip).status_code for _ in range(times)]


def test_wrong_passwords_below_the_limit_are_answered_with_the_login_form(owner):
    assert fail(4) == [200, 200, 200, 200]
    assert signed_in(sign_in("owner", PASSWORD))


def test_the_fifth_wrong_password_locks_the_account_even_for_the_right_one(owner):
    assert fail(5) == [200, 200, 200, 200, 429]
    assert sign_in("owner", PASSWORD).status_code == 429


def test_the_lock_is_lifted_after_the_cool_off(owner):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        fail(5)
        clock.shift(timedelta(minutes=14))
        assert sign_in("owner", PASSWORD).status_code == 429  # and the wait starts again
        clock.shift(timedelta(minutes=14))
        assert sign_in("owner", PASSWORD).status_code == 429
        clock.shift(timedelta(minutes=16))
        assert signed_in(sign_in("owner", PASSWORD))


def test_an_account_is_locked_whatever_addresses_the_tries_come_from(owner):
    for n in range(5):
        fail(1, ip=f"203.0.113.{n + 1}")
    assert sign_in("owner", PASSWORD, ip="192.0.2.200").status_code == 429


def test_an_address_is_locked_whatever_accounts_it_tries(owner):
    for n in range(5):
        fail(1, username=f"guess{n}")
    assert sign_in("owner", PASSWORD).status_code == 429
    assert signed_in(sign_in("owner", PASSWORD, ip="192.0.2.200"))


def test_behind_a_proxy_the_address_locked_is_the_clients(owner, settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_HOPS = 1
    for n in range(5):
        sign_in(f"guess{n}", "wrong", ip=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert sign_in("owner", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    response = sign_in("owner", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR="198.51.100.50")
    assert signed_in(response)


def test_the_lockout_page_is_the_admins_and_says_why_and_when(owner):
    with time_machine.travel(timezone.make_aware(timezone.datetime(2025, 3, 1, 10, 0)), tick=False):
        response = fail(4) and sign_in("owner", "wrong")
    page = response.content.decode()
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert 'id="site-name"' in page  # the admin's header: a styled page, not bare text
    assert "Sign-in is locked after 5 wrong passwords." in page
    assert "Try again in 15 minutes, after 10:15;" in page
    assert "unsafe-inline" in response["Content-Security-Policy"]  # the admin's policy
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_axes_reset_username_unlocks_the_account(owner):
    fail(5)
    call_command("axes_reset_username", "owner", stdout=StringIO())
    assert signed_in(sign_in("owner", PASSWORD, ip="192.0.2.200"))


def test_axes_reset_ip_unlocks_the_address(owner):
    for n in range(5):
        fail(1, username=f"guess{n}")
    call_command("axes_reset_ip", "198.51.100.7", stdout=StringIO())
    assert signed_in(sign_in("owner", PASSWORD))


def test_failures_and_lockouts_are_logged_with_account_and_address(owner, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail(5)
    logged = caplog.text
    assert "login failure" in logged and "owner" in logged and "198.51.100.7" in logged
    assert "Locking out" in logged


def test_a_locked_address_still_reads_and_comments(owner, settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    post = PostFactory()
    for n in range(5):
        fail(1, username=f"guess{n}")
    reader = Client(REMOTE_ADDR="198.51.100.7")
    assert reader.get(post.get_absolute_url()).status_code == 200
    assert reader.post("/comments/post/", form_data(post)).status_code == 302
    assert Comment.objects.filter(object_pk=post.pk).count() == 1


def test_signed_in_staff_are_not_throttled_by_other_peoples_failures(owner, staff_client):
    fail(5, username="editor")
    assert staff_client.get("/admin/").status_code == 200
