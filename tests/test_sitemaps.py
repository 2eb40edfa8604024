"""sitemap.xml and robots.txt, read the way a crawler reads them."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from blog.sitemaps import PostSitemap
from tests.factories import AuthorFactory, CategoryFactory, PageFactory, PostFactory, TagFactory
from tests.pages import cold_caches

pytestmark = pytest.mark.django_db

SITE = "https://blog.example.com"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def crawl(client):
    """Every <url> of every sitemap the index lists, as {loc: lastmod}."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    urls = {}
    for loc in ET.fromstring(index.content).findall("sm:sitemap/sm:loc", NS):
        assert loc.text.startswith(f"{SITE}/sitemap-")
        parts = urlsplit(loc.text)
        response = client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
        assert response.status_code == 200, loc.text
        for url in ET.fromstring(response.content).findall("sm:url", NS):
            lastmod = url.find("sm:lastmod", NS)
            urls[url.find("sm:loc", NS).text] = lastmod.text if lastmod is not None else None
    return urls


def test_sitemap_lists_every_published_post_and_nothing_hidden(client):
    public = PostFactory.create_batch(3)
    hidden = [PostFactory(draft=True), PostFactory(scheduled=True), PostFactory(private=True)]
    urls = crawl(client)
    posts = {url for url in urls if url.count("/") == 7}  # https://host/yyyy/mm/dd/slug/
    assert posts == {f"{SITE}{post.get_absolute_url()}" for post in public}
    for post in hidden:
        assert not any(post.get_absolute_url() in url for url in urls)
    assert all(urls[url] for url in posts), "every post has a last-modified date"


def test_sitemap_lists_archives_that_have_public_posts(client):
    world = CategoryFactory(slug="world", parent=CategoryFactory(slug="politics"))
    CategoryFactory(slug="empty")
    tag, lonely_tag = TagFactory(slug="china"), TagFactory(slug="drafts-only")
    author, ghost = AuthorFactory(slug="jane"), AuthorFactory(slug="ghost")
    post = PostFactory(categories=[world], tags=[tag], author=author)
    PostFactory(draft=True, tags=[lonely_tag], author=ghost)
    PageFactory(slug="about")
    PageFactory(slug="secret", status="draft")
    urls = set(crawl(client))
    month = f"{SITE}/{post.publish_at:%Y/%m}/"
    for path in ("/", "/category/politics/", "/category/politics/world/", "/tag/china/"):
        assert f"{SITE}{path}" in urls, path
    assert {f"{SITE}/author/jane/", f"{SITE}/about/", month} <= urls
    for path in ("/category/empty/", "/tag/drafts-only/", "/author/ghost/", "/secret/"):
        assert f"{SITE}{path}" not in urls, path


def test_a_large_sitemap_is_split_into_pages_listed_in_the_index(client, monkeypatch):
    monkeypatch.setattr(PostSitemap, "limit", 2)
    posts = PostFactory.create_batch(5)
    index = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{SITE}/sitemap-posts.xml?p=3</loc>" in index
    assert "sitemap-posts.xml?p=4" not in index
    assert set(crawl(client)) >= {f"{SITE}{post.get_absolute_url()}" for post in posts}
    assert client.get("/sitemap-posts.xml?p=4").status_code == 404
    assert client.get("/sitemap-nonsense.xml").status_code == 404


def test_sitemap_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for size in (2, 20):
        child = CategoryFactory(parent=CategoryFactory())
        PostFactory.create_batch(size, categories=[child], tags=[TagFactory()])
        cold_caches()
        # the content version (cold cache), the Site (Django caches it for the process), the
        # paginator's count, the posts
        with django_assert_num_queries(4):
            client.get("/sitemap-posts.xml")
        with django_assert_num_queries(2):  # the categories with posts, then their parents
            client.get("/sitemap-categories.xml")
        # The index: each of the six sections' count and newest change, one aggregate each (the
        # categories' count costs their two queries), never a walk through every post.
        with django_assert_num_queries(13):
            client.get("/sitemap.xml")
        with django_assert_num_queries(0):  # then served from the page cache
            client.get("/sitemap.xml")
            client.get("/sitemap-posts.xml")


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
