"""The commenter's IP address, directly or behind a trusted reverse proxy: what is stored,
rate-limited, capped and checked against the blocklist."""

import pytest
from django.test import RequestFactory

from comments.models import Comment
from config.http import client_ip
from tests.commenting import form_data
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db
POST_URL = "/comments/post/"
PROXY = "127.0.0.1"


@pytest.fixture(autouse=True)
def comment_settings(settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    settings.COMMENTS_RATE_LIMIT = (1000, 60)


@pytest.fixture
def behind_proxy(settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_HOPS = 1


@pytest.fixture
def post():
    return PostFactory()


def ip_of(remote_addr, forwarded=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


def test_without_a_proxy_forwarded_for_is_ignored(settings):
    settings.BEHIND_PROXY = False
    assert ip_of("198.51.100.7", "203.0.113.9") == "198.51.100.7"


@pytest.mark.usefixtures("behind_proxy")
@pytest.mark.parametrize(
    ("forwarded", "ip"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the client's own entry can be forged
        ("2001:db8::1", "2001:db8::1"),
        (None, PROXY),  # the proxy added nothing: its own address is all we know
        ("", PROXY),
        ("not-an-ip", PROXY),
    ],
)
def test_behind_a_proxy_the_client_is_the_entry_the_proxy_added(forwarded, ip):
    assert ip_of(PROXY, forwarded) == ip


def test_two_trusted_proxies_take_the_second_entry_from_the_end(behind_proxy, settings):
    settings.PROXY_HOPS = 2
    assert ip_of(PROXY, "6.6.6.6, 203.0.113.9, 10.0.0.2") == "203.0.113.9"
    assert ip_of(PROXY, "203.0.113.9") == PROXY  # fewer entries than proxies


def test_stored_ip_is_the_clients_behind_a_proxy(client, post, behind_proxy):
    client.post(POST_URL, form_data(post), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert Comment.objects.get().ip_address == "203.0.113.0"


def test_stored_ip_is_remote_addr_without_a_proxy(client, post, settings):
    settings.BEHIND_PROXY = False
    client.post(
        POST_URL, form_data(post), REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert Comment.objects.get().ip_address == "198.51.100.0"


def test_rate_limit_counts_each_reader_behind_the_proxy(client, post, behind_proxy, settings):
    settings.COMMENTS_RATE_LIMIT = (1, 60)

    def send(ip):
        data = form_data(post, comment=f"From {ip}")
        return client.post(POST_URL, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ip)

    assert send("203.0.113.9").status_code == 302
    assert send("198.51.100.7").status_code == 302  # another reader, same proxy
    assert send("203.0.113.9").status_code == 429


def test_rate_limit_ignores_forged_forwarded_for_without_a_proxy(client, post, settings):
    settings.BEHIND_PROXY = False
    settings.COMMENTS_RATE_LIMIT = (1, 60)
    for forged, status in (("203.0.113.9", 302), ("198.51.100.7", 429)):
        response = client.post(
            POST_URL, form_data(post), REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forged
        )
        assert response.status_code == status


def test_blocklisted_ip_is_matched_behind_a_proxy(client, post, behind_proxy, settings):
    settings.COMMENTS_BLOCKLIST = ["203.0.113.9"]
    client.post(POST_URL, form_data(post), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert Comment.objects.get().is_spam


def test_confirmation_cap_per_ip_counts_the_client_behind_a_proxy(
    client, post, behind_proxy, settings, mailoutbox
):
    settings.COMMENTS_XTD_CONFIRM_EMAIL = True
    settings.COMMENTS_CONFIRMATIONS_PER_DAY = 1

    def send(email, ip):
        data = form_data(post, email=email)
        return client.post(POST_URL, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ip)

    assert send("a@example.com", "203.0.113.9").status_code == 200
    assert send("b@example.com", "198.51.100.7").status_code == 200  # another reader
    assert send("c@example.com", "203.0.113.9").status_code == 429
