"""What search engines and link previews read from a page's head, and related posts."""

import json
import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.factories import AuthorFactory, CategoryFactory, PageFactory, PostFactory, TagFactory
from tests.pages import cold_caches, main_of

pytestmark = pytest.mark.django_db

SITE = "https://blog.example.com"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def head(response):
    return response.content.decode().split("</head>")[0]


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', head(response), re.DOTALL
    )
    return [json.loads(block) for block in blocks]


def meta(response, key):
    """The content of <meta property|name="key">, or None."""
    match = re.search(
        rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', head(response)
    )
    return match and match.group(1)


def canonical(response):
    match = re.search(r'<link rel="canonical" href="([^"]*)">', head(response))
    return match and match.group(1)


def test_post_head_has_canonical_description_and_sharing_tags(client):
    post = PostFactory(title="Harbour lights", excerpt="Why the harbour glows at night.")
    response = client.get(post.get_absolute_url())
    url = f"{SITE}{post.get_absolute_url()}"
    assert canonical(response) == url
    assert meta(response, "description") == "Why the harbour glows at night."
    assert meta(response, "og:type") == "article"
    assert meta(response, "og:title") == "Harbour lights"
    assert meta(response, "og:url") == url
    assert meta(response, "og:description") == "Why the harbour glows at night."
    assert meta(response, "og:site_name") == "Broadsheet"
    assert meta(response, "twitter:card") == "summary"
    assert meta(response, "article:published_time") == post.publish_at.isoformat()


def test_description_falls_back_to_the_opening_text_without_markup(client):
    post = PostFactory(excerpt="", body="<p>Fish &amp; <em>chips</em>.</p><p>More.</p>")
    response = client.get(post.get_absolute_url())
    assert meta(response, "description") == "Fish &amp; chips. More."


def test_post_json_ld_is_a_blog_posting_with_author_dates_and_image(client):
    author = AuthorFactory(name="Jane Doe", slug="jane")
    post = PostFactory(
        title="A map of the border",
        author=author,
        body='<p>See below.</p><p><img src="/media/border.png" alt="Map"></p>',
        categories=[CategoryFactory(name="World")],
        tags=[TagFactory(name="China")],
    )
    response = client.get(post.get_absolute_url())
    [data] = json_ld(response)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "A map of the border"
    assert data["author"] == {"@type": "Person", "name": "Jane Doe", "url": f"{SITE}/author/jane/"}
    assert datetime.fromisoformat(data["datePublished"]) == post.publish_at
    assert datetime.fromisoformat(data["dateModified"]) >= post.publish_at
    assert data["image"] == f"{SITE}/media/border.png"
    assert data["url"] == f"{SITE}{post.get_absolute_url()}"
    assert data["articleSection"] == ["World"] and data["keywords"] == ["China"]
    assert meta(response, "og:image") == f"{SITE}/media/border.png"
    assert meta(response, "twitter:card") == "summary_large_image"


def test_json_ld_cannot_break_out_of_its_script_block(client):
    post = PostFactory(title="</script><script>alert(1)</script> & more")
    response = client.get(post.get_absolute_url())
    assert "<script>alert(1)" not in response.content.decode()
    assert json_ld(response)[0]["headline"] == "</script><script>alert(1)</script> & more"


def test_category_archive_has_a_breadcrumb_list(client):
    world = CategoryFactory(
        name="World", slug="world", parent=CategoryFactory(name="Politics", slug="politics")
    )
    PostFactory(categories=[world])
    response = client.get("/category/politics/world/")
    [data] = json_ld(response)
    assert data["@type"] == "BreadcrumbList"
    assert [(item["position"], item["name"], item["item"]) for item in data["itemListElement"]] == [
        (1, "Home", f"{SITE}/"),
        (2, "Politics", f"{SITE}/category/politics/"),
        (3, "World", f"{SITE}/category/politics/world/"),
    ]
    assert meta(response, "og:title") == "Category: World"
    assert canonical(response) == f"{SITE}/category/politics/world/"


def test_date_tag_and_author_archives_have_breadcrumbs(client):
    day = timezone.make_aware(datetime(2024, 11, 5, 9))
    PostFactory(
        publish_at=day,
        tags=[TagFactory(name="Russia", slug="russia")],
        author=AuthorFactory(name="Jane", slug="jane"),
    )
    names = {
        "/2024/11/05/": ["Home", "2024", "November 2024", "Nov. 5, 2024"],
        "/2024/": ["Home", "2024"],
        "/tag/russia/": ["Home", "Russia"],
        "/author/jane/": ["Home", "Jane"],
    }
    for url, expected in names.items():
        [data] = json_ld(client.get(url))
        assert data["@type"] == "BreadcrumbList"
        assert [item["name"] for item in data["itemListElement"]] == expected, url
    month = json_ld(client.get("/2024/11/"))[0]["itemListElement"]
    assert month[-1]["item"] == f"{SITE}/2024/11/"


def test_later_archive_pages_keep_their_own_canonical(client, settings):
    settings.POSTS_PER_PAGE = 2
    PostFactory.create_batch(3)
    response = client.get("/page/2/")
    assert canonical(response) == f"{SITE}/page/2/"
    assert meta(response, "robots") is None


def test_home_describes_the_website_and_its_search(client):
    response = client.get("/")
    [data] = json_ld(response)
    assert data["@type"] == "WebSite"
    assert (
        data["potentialAction"]["target"]["urlTemplate"]
        == f"{SITE}/search/?q={{search_term_string}}"
    )
    assert canonical(response) == f"{SITE}/"
    assert meta(response, "description") == "Commentary, with sources"


def test_page_head_uses_its_title_and_text(client):
    page = PageFactory(title="About", body="<p>Who writes this.</p>")
    response = client.get(page.get_absolute_url())
    assert meta(response, "og:title") == "About"
    assert meta(response, "description") == "Who writes this."


def test_pages_that_should_not_be_indexed_say_so(client, staff_client):
    draft = PostFactory(draft=True)
    preview = staff_client.get(draft.get_absolute_url())
    assert meta(preview, "robots") == "noindex"
    assert canonical(preview) is None
    missing = client.get("/no/such/page/")
    assert missing.status_code == 404 and meta(missing, "robots") == "noindex"


def test_related_posts_share_categories_or_tags_most_shared_first(client):
    asia, europe = CategoryFactory(), CategoryFactory()
    china, russia = TagFactory(), TagFactory()
    now = timezone.now()
    post = PostFactory(categories=[asia], tags=[china, russia])
    one_older = PostFactory(
        title="Shares one, older", tags=[china], publish_at=now - timedelta(days=9)
    )
    one_newer = PostFactory(
        title="Shares one, newer", categories=[asia], publish_at=now - timedelta(days=2)
    )
    three = PostFactory(
        title="Shares three",
        categories=[asia],
        tags=[china, russia],
        publish_at=now - timedelta(days=30),
    )
    PostFactory(title="Shares nothing", categories=[europe])
    PostFactory(title="Draft sharing all", categories=[asia], tags=[china, russia], draft=True)
    html = main_of(client.get(post.get_absolute_url()))
    section = html.split('class="related-posts"')[1]
    order = [three, one_newer, one_older]
    positions = [section.index(related.title) for related in order]
    assert positions == sorted(positions)
    assert "Shares nothing" not in section and "Draft sharing all" not in section
    assert 'id="related-posts-title">Related posts</h2>' in html


def test_related_posts_through_tags_alone(client):
    tag = TagFactory()
    post = PostFactory(tags=[tag])
    PostFactory(title="Tagged alike", tags=[tag], categories=[CategoryFactory()])
    assert "Tagged alike" in main_of(client.get(post.get_absolute_url()))


def test_post_without_categories_or_tags_shows_no_related_posts(client):
    PostFactory.create_batch(2)
    post = PostFactory()
    assert "related-posts" not in client.get(post.get_absolute_url()).content.decode()


def test_post_page_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    category, tag = CategoryFactory(), TagFactory()
    for size in (2, 30):
        PostFactory.create_batch(size, categories=[category], tags=[tag])
        post = PostFactory(categories=[category], tags=[tag])
        cold_caches()
        # content version (cold cache), post, its categories, its tags, the posts before and
        # after it, related, the comments' content type, comments; sidebar (3), navigation
        with django_assert_num_queries(13):
            assert client.get(post.get_absolute_url()).status_code == 200
