"""Every reader page runs a fixed number of queries, whatever it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import AuthorFactory, CategoryFactory, PageFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 50


def fill(size, settings):
    """`size` posts on one page, each in many categories and tags; the URLs to measure."""
    settings.POSTS_PER_PAGE = max(size, 2)
    author = AuthorFactory(slug="jane")
    parent = CategoryFactory(slug="politics")
    categories = [parent, *CategoryFactory.create_batch(29 if size == LARGE else 1, parent=parent)]
    tags = TagFactory.create_batch(10 if size == LARGE else 1)
    PageFactory.create_batch(5 if size == LARGE else 1)
    PageFactory(slug="about")
    post = PostFactory.create_batch(size, author=author, categories=categories, tags=tags)[
        size // 2
    ]
    return {
        "home": "/",
        "post": post.get_absolute_url(),
        "year": f"/{post.publish_at:%Y}/",
        "category": "/category/politics/",
        "tag": tags[0].get_absolute_url(),
        "author": "/author/jane/",
        "page": "/about/",
        "404": "/no/such/page/",
    }


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in (200, 404), url
    return len(queries)


# The pinned counts: a change that adds a query per page shows here, one per row shows in the
# small/large comparison below.
# Measured with cold caches (tests/pages.py: cold_caches), as a fresh server process has them.
# Every page: the content version on a cold cache (1), site navigation (1) and the sidebar
# (recent posts, categories, months: 3). Lists add the count, the posts and their categories
# and tags (4), archives their subject (1). A page served from the cache runs none.
EXPECTED = {
    "home": 9,
    # the post, its categories, tags, previous, next, related posts, comments' content type
    # (once per process), the comments and their count
    "post": 14,
    "year": 10,  # the months with posts
    "category": 10,
    "tag": 10,
    "author": 10,
    "page": 6,
    "404": 5,  # no page cache for an address nothing answers to; its sidebar is cached
}


@pytest.mark.parametrize("size", [SMALL, LARGE])
@pytest.mark.parametrize("page", EXPECTED)
def test_reader_pages_run_a_fixed_number_of_queries(client, settings, page, size):
    urls = fill(size, settings)
    assert query_count(client, urls[page]) == EXPECTED[page]


def test_cached_page_runs_no_query(client, settings):
    urls = fill(SMALL, settings)
    client.get(urls["post"])
    assert query_count(client, urls["post"]) == 0
