"""Feeds as a feed reader sees them: parsed by feedparser, a real client."""

from datetime import timedelta
from urllib.parse import urlsplit

import feedparser
import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import AuthorFactory, CategoryFactory, PostFactory, TagFactory
from tests.pages import cold_caches

pytestmark = pytest.mark.django_db

SITE = "https://blog.example.com"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def blog():
    """Three public posts in a nested category, tag and author, and one of each hidden kind."""
    world = CategoryFactory(name="World", slug="world", parent=CategoryFactory(slug="politics"))
    tag = TagFactory(name="North Korea", slug="north-korea")
    jane = AuthorFactory(name="Jane Doe", slug="jane")
    now = timezone.now()
    posts = [
        PostFactory(
            title=f"Public {number}",
            author=jane,
            categories=[world],
            tags=[tag],
            publish_at=now - timedelta(days=number),
        )
        for number in (3, 1, 2)
    ]
    for traits in ({"draft": True}, {"scheduled": True}, {"private": True}):
        PostFactory(title="Hidden", author=jane, categories=[world], tags=[tag], **traits)
    return {"posts": sorted(posts, key=lambda post: post.publish_at, reverse=True)}


FEEDS = [
    "/feed/",
    "/feed/atom/",
    "/category/politics/feed/",
    "/category/politics/world/feed/atom/",
    "/tag/north-korea/feed/",
    "/tag/north-korea/feed/atom/",
    "/author/jane/feed/",
    "/author/jane/feed/atom/",
]


def parse(response):
    return feedparser.parse(
        response.content, response_headers={"content-type": response["Content-Type"]}
    )


@pytest.mark.parametrize("url", FEEDS)
def test_feed_parses_cleanly_with_public_posts_newest_first_and_working_links(client, blog, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = parse(response)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == ("atom10" if url.endswith("atom/") else "rss20")
    assert [entry.title for entry in feed.entries] == [post.title for post in blog["posts"]]
    for entry in feed.entries:
        assert entry.link.startswith(f"{SITE}/")
        assert client.get(urlsplit(entry.link).path).status_code == 200
        assert entry.author == "Jane Doe"
        assert {term.term for term in entry.tags} == {"World", "North Korea"}
        assert entry.published_parsed
        if feed.version == "atom10":
            assert "updated" in entry
    assert urlsplit(feed.feed.link).path in url


def test_feed_items_carry_the_whole_post_with_absolute_links_and_images(client):
    body = (
        '<p>Intro with <a href="/about/">a link</a>.</p>'
        '<p><img src="/media/map.png" alt="A map"></p><p>The very last words.</p>'
    )
    post = PostFactory(title="Full", body=body, excerpt="Short version.")
    for url in ("/feed/", "/feed/atom/"):
        entry = parse(client.get(url)).entries[0]
        content = entry.content[0].value
        assert "The very last words." in content
        assert f'href="{SITE}/about/"' in content
        assert f'src="{SITE}/media/map.png"' in content
        assert entry.summary == "<p>Short version.</p>"
        assert entry.id == f"{SITE}/?p={post.pk}"


def test_feed_title_says_which_archive_it_follows(client, blog):
    assert parse(client.get("/feed/")).feed.title == "Broadsheet"
    tag_feed = parse(client.get("/tag/north-korea/feed/atom/")).feed
    assert tag_feed.title == "Broadsheet · Tag: North Korea"
    assert tag_feed.link == f"{SITE}/tag/north-korea/"


def test_feed_of_an_unknown_archive_is_404(client):
    assert client.get("/category/nowhere/feed/").status_code == 404
    assert client.get("/tag/nothing/feed/atom/").status_code == 404
    assert client.get("/author/nobody/feed/").status_code == 404


def test_feed_answers_304_until_something_public_changes(client, blog, time_machine):
    first = client.get("/feed/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get("/feed/", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/feed/", headers={"if-modified-since": modified}).status_code == 304

    time_machine.move_to(timezone.now() + timedelta(days=4))  # the scheduled post goes live
    assert client.get("/feed/", headers={"if-none-match": etag}).status_code == 200
    assert client.get("/feed/", headers={"if-modified-since": modified}).status_code == 200

    etag = client.get("/feed/")["ETag"]
    Post.objects.filter(title="Public 3").delete()
    assert client.get("/feed/", headers={"if-none-match": etag}).status_code == 200


def test_a_feed_reader_over_http_gets_304_with_its_saved_etag_and_date(live_server):
    PostFactory(title="Over the wire")
    url = f"{live_server.url}/feed/atom/"
    first = feedparser.parse(url)
    assert first.status == 200 and not first.bozo
    assert [entry.title for entry in first.entries] == ["Over the wire"]
    assert feedparser.parse(url, etag=first.etag).status == 304
    assert feedparser.parse(url, modified=first.modified).status == 304
    PostFactory(title="Fresh news", publish_at=timezone.now() - timedelta(minutes=1))
    again = feedparser.parse(url, etag=first.etag, modified=first.modified)
    assert again.status == 200
    assert [entry.title for entry in again.entries] == ["Fresh news", "Over the wire"]


def test_feed_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    world, tag = CategoryFactory(), TagFactory()
    for size in (2, 25):
        PostFactory.create_batch(size, categories=[world], tags=[tag])
        cold_caches()
        # the content version (on an empty cache), the Site (once per process), state, the
        # blog's title (blog/identity.py), posts with author, their categories, their tags
        with django_assert_num_queries(7):
            assert client.get("/feed/").status_code == 200
        # state, the category, its posts, categories, tags
        with django_assert_num_queries(5):
            assert client.get(f"{world.get_absolute_url()}feed/atom/").status_code == 200


def test_every_page_links_its_feeds_in_the_head(client, blog):
    home = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Broadsheet" href="/feed/">' in home
    )
    assert 'type="application/atom+xml" title="Broadsheet (Atom)" href="/feed/atom/"' in home
    post = client.get(blog["posts"][0].get_absolute_url()).content.decode()
    assert 'href="/feed/"' in post
    category = client.get("/category/politics/world/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Broadsheet · Category: World" '
        'href="/category/politics/world/feed/">'
    ) in category
    assert 'href="/category/politics/world/feed/atom/"' in category
    assert 'href="/tag/north-korea/feed/"' in client.get("/tag/north-korea/").content.decode()
    assert 'href="/author/jane/feed/atom/"' in client.get("/author/jane/").content.decode()
