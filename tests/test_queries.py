"""Every reader page runs a fixed number of queries, whatever it shows: at most 6."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import Post
from comments.flow import refresh_comment_count
from config.page_cache import content_changed
from tests.commenting import make_comment
from tests.factories import AuthorFactory, CategoryFactory, PageFactory, PostFactory, TagFactory
from tests.pages import cold_caches

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
    parent = None
    settings.COMMENTS_PER_PAGE = 10  # threads, three comments deep: two pages, or five
    for number in range(60 if size == SMALL else 150):
        parent = make_comment(post, parent=parent if number % 3 else None)
    refresh_comment_count([post.pk])  # as the comment flow does
    return {
        "home": "/",
        "post": post.get_absolute_url(),
        "year": f"/{post.publish_at:%Y}/",
        "category": "/category/politics/",
        "tag": tags[0].get_absolute_url(),
        "author": "/author/jane/",
        "comment page": f"{post.get_absolute_url()}?cpage=2",
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
# Measured as a page rendered after a change is, once another page has been: the content
# version, the site navigation and the sidebar are cached per content version and shared by
# every page (SHARED adds them for the first page after a change), and the page's own fragments
# (the comment thread) are not cached yet. Lists run the count, the posts and their categories
# and tags (4), archives their subject (1). A page served from the cache runs none.
EXPECTED = {
    "home": 4,
    # the post, its categories, tags, the posts before and after it, related posts, the page
    # of comments with the count of their threads
    "post": 6,
    "comment page": 6,
    "year": 5,  # the months with posts
    "category": 5,
    "tag": 5,
    "author": 5,
    "page": 1,
    # No page cache for an address nothing answers to. The old WordPress addresses it may be
    # (1), a page and a post by its slug (2): wordpress/redirects.py
    "404": 3,
}
SHARED = 4  # the site navigation (1) and the sidebar (recent posts, categories, months: 3)


def warm_shared_fragments(client):
    """What the first page after a change leaves in the cache: the version, the sidebar and
    the navigation. And the comments' content type, looked up once per process."""
    cold_caches()
    ContentType.objects.get_for_model(Post)
    assert client.get("/no/page/here/").status_code == 404


@pytest.mark.parametrize("size", [SMALL, LARGE])
@pytest.mark.parametrize("page", EXPECTED)
def test_reader_pages_run_a_fixed_number_of_queries(client, settings, page, size):
    urls = fill(size, settings)
    warm_shared_fragments(client)
    assert query_count(client, urls[page]) == EXPECTED[page] <= 6


@pytest.mark.parametrize("page", ["home", "post", "category"])
def test_first_page_after_a_change_adds_the_shared_fragments(client, settings, page):
    urls = fill(LARGE, settings)
    warm_shared_fragments(client)
    content_changed()
    assert query_count(client, urls[page]) == EXPECTED[page] + SHARED


@pytest.mark.parametrize("size", [SMALL, LARGE])
def test_post_and_lists_are_rendered_once_per_content_version(client, settings, size):
    """A signed-in reader's page is not cached, but its parts are, per version: the post page
    runs only the query for its post, a list only its count (and an archive its subject)."""
    urls = fill(size, settings)
    warm_shared_fragments(client)
    client.cookies["sessionid"] = "not-a-session"  # any session cookie skips the page cache
    for page, queries in {"post": 1, "comment page": 1, "home": 1, "category": 2}.items():
        client.get(urls[page])
        assert query_count(client, urls[page]) == queries, page


def test_cached_page_runs_no_query(client, settings):
    urls = fill(SMALL, settings)
    client.get(urls["post"])
    assert query_count(client, urls["post"]) == 0


@pytest.mark.parametrize("parts", [SMALL, LARGE])
def test_post_in_a_series_adds_one_query_for_its_parts(client, settings, parts):
    """The "part 2 of 5" box: the series comes with the post (a join), its parts in one query,
    however many there are."""
    from blog.models import Series

    fill(SMALL, settings)
    series = Series.objects.create(title="A series", slug="a-series")
    alone = PostFactory(title="On its own")
    in_series = PostFactory(title="In the series", series=series, series_part=1)
    PostFactory.create_batch(parts - 1, series=series, series_part=2)
    cold_caches()
    without = query_count(client, alone.get_absolute_url())
    cold_caches()
    assert query_count(client, in_series.get_absolute_url()) == without + 1
    assert "series-box" in client.get(in_series.get_absolute_url()).content.decode()


def test_series_page_runs_a_fixed_number_of_queries(client, settings):
    from blog.models import Series

    fill(SMALL, settings)
    series = Series.objects.create(title="A series", slug="a-series")
    counts = []
    for size in (SMALL, LARGE):
        PostFactory.create_batch(size, series=series)
        cold_caches()
        counts.append(query_count(client, series.get_absolute_url()))
    # What every page shows (6, with the title and tagline), the series, its parts, their
    # categories and their tags
    assert counts == [10, 10]


def test_a_signed_in_authors_visit_to_a_public_post_asks_nothing_of_the_session(client, settings):
    """Only a post that is not public needs to know who is asking (a preview): an author
    reading their blog runs the post's query alone, the page's parts being cached."""
    from tests.factories import UserFactory

    urls = fill(SMALL, settings)
    warm_shared_fragments(client)
    client.force_login(UserFactory(username="writer", staff=True))
    client.get(urls["post"])
    assert query_count(client, urls["post"]) == 1
    draft = PostFactory(draft=True, title="Not yet")
    assert client.get(draft.get_absolute_url()).status_code == 404  # no preview for this one
