"""Shared links hit the cache: only the query parameters a page reads make a page of its own,
and cached pages are kept and served compressed."""

import gzip
import re

import brotli
import pytest
from django.core.cache import cache

from blog.links import absolute
from comments import flow
from config.page_cache import declared_query, page_key
from tests.commenting import make_comment
from tests.factories import PostFactory
from tests.pages import main_of

pytestmark = pytest.mark.django_db

TRACKING = [
    {"utm_source": "newsletter", "utm_medium": "email"},
    {"fbclid": "IwAR0abc"},
    {"ref": "mastodon"},
    {"x": "1"},
]


@pytest.mark.parametrize("params", TRACKING)
def test_shared_link_with_unknown_parameters_is_the_cached_page(
    client, params, django_assert_num_queries
):
    post = PostFactory()
    plain = client.get(post.get_absolute_url())
    with django_assert_num_queries(0):
        shared = client.get(post.get_absolute_url(), params)
    assert shared.status_code == 200
    assert shared.content == plain.content
    assert shared.headers["ETag"] == plain.headers["ETag"]


def test_unknown_parameter_cannot_force_a_render(client, django_assert_num_queries):
    PostFactory()
    client.get("/")
    with django_assert_num_queries(0):
        for n in range(5):
            assert client.get("/", {"x": n, "nocache": n}).status_code == 200


def test_shared_link_first_is_cached_for_the_plain_address(client, django_assert_num_queries):
    post = PostFactory()
    shared = client.get(post.get_absolute_url(), {"utm_source": "feed"})
    with django_assert_num_queries(0):
        plain = client.get(post.get_absolute_url())
    assert plain.content == shared.content


def test_canonical_link_is_the_address_without_parameters(client):
    post = PostFactory()
    for params in ({}, {"utm_source": "feed", "cpage": 2, "fbclid": "b"}):
        html = client.get(post.get_absolute_url(), params).content.decode()
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)[1]
        assert canonical == absolute(post.get_absolute_url())


@pytest.fixture
def long_thread(settings):
    settings.COMMENTS_PER_PAGE = 2
    post = PostFactory()
    for n in range(4):
        make_comment(post, comment=f"Top {n}")
    flow.refresh_comment_count([post.pk])
    return post


def test_comment_page_is_cached_apart_from_the_first(
    client, long_thread, django_assert_num_queries
):
    url = long_thread.get_absolute_url()
    first = main_of(client.get(url))
    second = main_of(client.get(url, {"cpage": 2}))
    assert "Top 0" in first and "Top 2" not in first
    assert "Top 2" in second and "Top 0" not in second
    with django_assert_num_queries(0):
        again = main_of(client.get(url, {"cpage": "2", "utm_source": "x"}))
        assert main_of(client.get(url)) == first
    assert again == second


def test_invalid_comment_page_is_the_page_without_it(
    client, long_thread, django_assert_num_queries
):
    url = long_thread.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        for value in ("abc", "0", "²", "9" * 19):
            assert client.get(url, {"cpage": value}).content == first.content


def test_declared_query_is_sorted_and_keeps_valid_values_only():
    from django.http import QueryDict

    from blog.urls import COMMENT_THREAD, SEARCH

    query = QueryDict("utm_source=a&reply_to=7&cpage=02&fbclid=b")
    assert declared_query(query, COMMENT_THREAD) == "cpage=2&reply_to=7"
    assert declared_query(QueryDict("cpage=x&reply_to=0"), COMMENT_THREAD) == ""
    assert declared_query(QueryDict("q=+harbour++&ref=z"), SEARCH) == "q=harbour"


def test_search_is_cached_per_query_and_page(client, django_assert_num_queries):
    PostFactory(title="Lighthouse keepers", body="<p>lighthouse</p>")
    found = client.get("/search/", {"q": "lighthouse"})
    assert "Lighthouse keepers" in main_of(found)
    with django_assert_num_queries(0):
        again = client.get("/search/", {"q": " lighthouse ", "utm_source": "x"})
    assert again.content == found.content
    assert "Lighthouse keepers" not in main_of(client.get("/search/", {"q": "harbour"}))
    assert client.get("/search/", {"q": "lighthouse", "page": "x"}).status_code == 404


# Compression


@pytest.mark.parametrize(
    ("accept", "encoding", "decompress"),
    [
        ("gzip", "gzip", gzip.decompress),
        ("gzip, deflate, br", "br", brotli.decompress),
        ("br;q=0.5, gzip", "gzip", gzip.decompress),
    ],
)
def test_cached_page_is_sent_compressed_as_accepted(client, accept, encoding, decompress):
    post = PostFactory()
    plain = client.get(post.get_absolute_url())
    for _ in range(2):  # as rendered, then from the cache
        packed = client.get(post.get_absolute_url(), headers={"Accept-Encoding": accept})
        assert packed.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert decompress(packed.content) == plain.content
        assert len(packed.content) < len(plain.content) / 3


def test_page_without_accept_encoding_is_plain_html(client):
    post = PostFactory()
    for accept in (None, "identity", "gzip;q=0, br;q=0"):
        headers = {"Accept-Encoding": accept} if accept else {}
        response = client.get(post.get_absolute_url(), headers=headers)
        assert "Content-Encoding" not in response.headers
        assert response.content.startswith(b"<!DOCTYPE html>")
        assert "Accept-Encoding" in response.headers["Vary"]


def test_each_encoding_has_its_own_etag_and_answers_304(client):
    post = PostFactory()
    url = post.get_absolute_url()
    etags = {
        accept: client.get(url, headers={"Accept-Encoding": accept}).headers["ETag"]
        for accept in ("identity", "gzip", "br")
    }
    assert len(set(etags.values())) == 3
    for accept, etag in etags.items():
        headers = {"Accept-Encoding": accept, "If-None-Match": etag}
        assert client.get(url, headers=headers).status_code == 304
    stale = {"Accept-Encoding": "gzip", "If-None-Match": etags["identity"]}
    assert client.get(url, headers=stale).status_code == 200


def test_cached_hit_does_no_compression_work(client, django_assert_num_queries, monkeypatch):
    from django.http import QueryDict

    from config import compression

    post = PostFactory()
    client.get(post.get_absolute_url())
    plain = client.get(post.get_absolute_url())
    request, query = plain.wsgi_request, declared_query(QueryDict(""), {})
    version, stored = cache.get(page_key(request, query, "br"))
    assert plain.headers["ETag"] == f'"{version}"'
    assert brotli.decompress(stored.content).startswith(b"<!DOCTYPE html>")
    _version, stored = cache.get(page_key(request, query, "gzip"))
    assert gzip.decompress(stored.content).startswith(b"<!DOCTYPE html>")

    def no_compression(body):
        raise AssertionError("compressed on a cached hit")

    monkeypatch.setattr(compression, "COMPRESSORS", dict.fromkeys(("br", "gzip"), no_compression))
    with django_assert_num_queries(0):
        response = client.get(post.get_absolute_url(), headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"


def test_admin_and_comment_form_state_are_never_compressed(client, staff_client):
    post = PostFactory()
    gzip_please = {"Accept-Encoding": "gzip, br"}
    for response in (
        staff_client.get("/admin/", headers=gzip_please),
        staff_client.get(post.get_absolute_url(), headers=gzip_please),
        client.get(f"/comments/form-state/?post={post.pk}", headers=gzip_please),
        client.get("/admin/login/", headers=gzip_please),
    ):
        assert response.status_code == 200
        assert "Content-Encoding" not in response.headers


def test_cached_hit_is_one_round_trip_to_the_cache(client, monkeypatch):
    post = PostFactory()
    client.get(post.get_absolute_url())
    calls, inside = [], []  # LocMemCache's get_many calls its own get() per key

    def counted(method, original):
        def call(*args, **kwargs):
            if not inside:
                calls.append(method)
            inside.append(method)
            try:
                return original(*args, **kwargs)
            finally:
                inside.pop()

        return call

    for method in ("get", "get_many", "set", "set_many", "has_key"):
        monkeypatch.setattr(cache, method, counted(method, getattr(cache, method)))
    assert client.get(post.get_absolute_url(), {"utm_source": "x"}).status_code == 200
    assert calls == ["get_many"]


def test_a_cached_hit_carries_every_header_the_page_was_made_with(client, monkeypatch):
    """Hits are answered before sessions, CSRF and authentication run (PageCacheMiddleware);
    what those and the CSP added to the page is stored with it."""
    from django.contrib.sessions.middleware import SessionMiddleware

    post = PostFactory()
    made = client.get(post.get_absolute_url())

    def never(*args):
        raise AssertionError("the session middleware ran for a cached hit")

    monkeypatch.setattr(SessionMiddleware, "process_request", never)
    hit = client.get(post.get_absolute_url())
    assert hit.content == made.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "Vary"):
        assert hit.headers[header] == made.headers[header], header
    assert "script-src 'self'" in hit.headers["Content-Security-Policy"]


def test_wordpress_addresses_on_the_cached_home_page_still_redirect(client):
    post = PostFactory()
    client.get("/")
    client.get("/")  # the home page is in the cache
    response = client.get("/", {"p": post.pk})
    assert response.status_code == 301 and response["Location"] == post.get_absolute_url()
    response = client.get("/", {"s": "harbour"})
    assert response.status_code == 301 and response["Location"] == "/search/?q=harbour"
    assert client.get("/", {"utm_source": "x"}).content == client.get("/").content


def test_a_page_stored_by_an_older_release_is_made_anew(client):
    """A shared cache kept over a deploy may hold a pickled response under the current version:
    it is rendered and stored again, never a 500."""
    from django.http import HttpResponse, QueryDict

    from config.page_cache import STATE_KEY

    post = PostFactory(title="Kept over a deploy")
    first = client.get(post.get_absolute_url())
    key = page_key(first.wsgi_request, declared_query(QueryDict(""), {}), "")
    cache.set(key, (cache.get(STATE_KEY)["version"], HttpResponse(b"old")))
    again = client.get(post.get_absolute_url())
    assert again.status_code == 200 and "Kept over a deploy" in again.content.decode()
