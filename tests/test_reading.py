"""What a reader sees: lists, archives, posts, pages and what stays hidden."""

from datetime import datetime

import pytest
from django.utils import timezone

from tests.factories import AuthorFactory, CategoryFactory, PageFactory, PostFactory, TagFactory
from tests.pages import main_of

pytestmark = pytest.mark.django_db


def local(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def world():
    politics = CategoryFactory(name="Politics", slug="politics")
    return CategoryFactory(name="World", slug="world", parent=politics)


def test_home_lists_newest_first_with_summary_and_continue_reading(client):
    older = PostFactory(title="Older", publish_at=local(2024, 1, 1, 9))
    newer = PostFactory(title="Newer", publish_at=local(2024, 2, 1, 9))
    html = client.get("/").content.decode()
    assert html.index(newer.title) < html.index(older.title)
    assert "Continue reading" in html
    assert "The first paragraph of the post." in html
    assert 'datetime="2024-02-01T09:00:00+00:00"' in html


def test_authors_own_excerpt_replaces_the_first_paragraphs(client):
    PostFactory(excerpt="My own summary.", body="<p>Body start.</p>")
    html = client.get("/").content.decode()
    assert "My own summary." in html
    assert "Body start." not in html


def test_sticky_post_stays_on_top_of_home(client):
    sticky = PostFactory(title="Pinned", sticky=True, publish_at=local(2023, 1, 1))
    PostFactory(title="Fresh", publish_at=local(2024, 5, 1))
    html = client.get("/").content.decode()
    assert html.index(sticky.title) < html.index("Fresh")


def test_home_paginates_with_a_clear_last_page_and_404_past_it(client, settings):
    settings.POSTS_PER_PAGE = 3
    PostFactory.create_batch(7)
    assert "Older posts" in client.get("/").content.decode()
    last = client.get("/page/3/")
    assert last.status_code == 200
    assert "You have reached the oldest posts." in last.content.decode()
    assert client.get("/page/4/").status_code == 404
    assert client.get("/page/1/").headers["Location"] == "/"
    assert client.get("/page/0/").headers["Location"] == "/"


def test_post_page_shows_body_categories_tags_and_neighbours(client, world):
    tag = TagFactory(name="North Korea", slug="north-korea")
    before = PostFactory(title="Before", publish_at=local(2024, 11, 1))
    post = PostFactory(
        title="China's troublesome neighbour",
        slug="chinas-troublesome-neighbour",
        publish_at=local(2024, 11, 5, 8, 30),
        categories=[world],
        tags=[tag],
    )
    after = PostFactory(title="After", publish_at=local(2024, 11, 9))
    assert post.get_absolute_url() == "/2024/11/05/chinas-troublesome-neighbour/"
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Posted in <a" in html and ">World</a>" in html
    assert ">North Korea</a>" in html
    assert before.get_absolute_url() in html and after.get_absolute_url() in html


def test_post_url_with_wrong_date_redirects_to_the_post(client):
    """As WordPress does (an old link's date may be off by the time zone): the post with that
    slug, if there is one (wordpress/redirects.py)."""
    post = PostFactory(slug="dated", publish_at=local(2024, 11, 5, 12))
    response = client.get("/2024/11/06/dated/")
    assert (response.status_code, response["Location"]) == (301, post.get_absolute_url())
    assert client.get("/2024/11/06/undated/").status_code == 404
    assert client.get(post.get_absolute_url()).status_code == 200


def test_category_page_includes_posts_of_child_categories(client, world):
    politics = world.parent
    PostFactory(title="A world post", categories=[world])
    PostFactory(title="A politics post", categories=[politics])
    assert world.get_absolute_url() == "/category/politics/world/"
    html = client.get("/category/politics/").content.decode()
    assert "A world post" in html and "A politics post" in html
    assert "2 posts" in html
    child_html = main_of(client.get("/category/politics/world/"))
    assert "A politics post" not in child_html


def test_category_archive_paginates_under_its_own_path(client, settings, world):
    settings.POSTS_PER_PAGE = 2
    PostFactory.create_batch(3, categories=[world])
    response = client.get("/category/politics/world/page/2/")
    assert response.status_code == 200
    assert "3 posts" in response.content.decode()
    assert 'href="/category/politics/world/"' in response.content.decode()


def test_tag_and_author_archives_say_what_they_are(client):
    author = AuthorFactory(name="Jane Doe", slug="jane", bio="Jane writes on Asia.")
    tag = TagFactory(name="Russia", slug="russia")
    PostFactory(author=author, tags=[tag])
    tag_html = client.get("/tag/russia/").content.decode()
    assert "Tag: Russia" in tag_html and "1 post" in tag_html
    author_html = client.get("/author/jane/").content.decode()
    assert "Posts by Jane Doe" in author_html and "Jane writes on Asia." in author_html


def test_date_archives_by_year_month_and_day(client):
    PostFactory(title="Autumn", publish_at=local(2024, 11, 5, 10))
    PostFactory(title="Same day", publish_at=local(2024, 11, 5, 18))
    PostFactory(title="Spring", publish_at=local(2024, 3, 2, 10))
    year = client.get("/2024/").content.decode()
    assert "Posts from 2024" in year and "3 posts" in year
    month = main_of(client.get("/2024/11/"))
    assert "November 2024" in month and "2 posts" in month and "Spring" not in month
    day = main_of(client.get("/2024/11/05/"))
    assert "Same day" in day and "Autumn" in day
    assert client.get("/2023/").status_code == 200  # an empty year says so, no error


def test_sidebar_lists_categories_with_counts_recent_posts_and_months(client, world):
    PostFactory(title="Filed", categories=[world], publish_at=local(2024, 6, 1))
    PostFactory(draft=True, categories=[world])
    html = client.get("/").content.decode()
    assert '>World</a> <span class="count">(1)</span>' in html
    assert '<summary>2024 <span class="count">(1)</span></summary>' in html  # months by year
    assert ">June</a>" in html
    assert 'href="/2024/06/"' in html


def test_page_is_served_at_its_slug_and_linked_from_navigation(client):
    page = PageFactory(title="About", slug="about")
    PageFactory(title="Hidden draft", slug="secret", status="draft")
    assert client.get("/about/").status_code == 200
    html = client.get("/").content.decode()
    assert f'href="{page.get_absolute_url()}"' in html
    assert "Hidden draft" not in html
    assert client.get("/secret/").status_code == 404


def test_unknown_address_gets_the_themed_404(client):
    response = client.get("/no/such/thing/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'class="site-title"' in response.content.decode()


HIDDEN = {"draft": {"draft": True}, "future": {"scheduled": True}, "private": {"private": True}}


@pytest.mark.parametrize("kind", HIDDEN)
def test_hidden_posts_are_invisible_everywhere(client, world, kind):
    author = AuthorFactory(slug="jane")
    tag = TagFactory(slug="china")
    visible = PostFactory(title="Visible", author=author, categories=[world], tags=[tag])
    traits = HIDDEN[kind]
    if kind != "future":  # between the visible post and now, where prev/next would find it
        traits = {
            **traits,
            "publish_at": visible.publish_at + (timezone.now() - visible.publish_at) / 2,
        }
    hidden = PostFactory(
        title="Hidden one", author=author, categories=[world], tags=[tag], **traits
    )
    local_date = timezone.localtime(hidden.publish_at)
    pages = [
        "/",
        "/category/politics/",
        "/category/politics/world/",
        "/tag/china/",
        "/author/jane/",
        f"/{local_date:%Y}/",
        f"/{local_date:%Y/%m}/",
        f"/{local_date:%Y/%m/%d}/",
        visible.get_absolute_url(),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "Hidden one" not in html, url
        assert hidden.get_absolute_url() not in html, url
    assert '>World</a> <span class="count">(1)</span>' in client.get("/").content.decode()
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_scheduled_post_appears_by_itself_when_its_time_comes(client, time_machine):
    time_machine.move_to(local(2024, 1, 1, 12), tick=False)
    post = PostFactory(title="Tomorrow’s news", publish_at=local(2024, 1, 2, 8))
    assert "Tomorrow’s news" not in client.get("/").content.decode()
    time_machine.move_to(local(2024, 1, 2, 8, 1), tick=False)
    assert "Tomorrow’s news" in client.get("/").content.decode()
    assert client.get(post.get_absolute_url()).status_code == 200


def test_staff_preview_a_draft_uncached_and_marked(staff_client):
    draft = PostFactory(draft=True, title="Work in progress")
    response = staff_client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview: this post is not public" in response.content.decode()
    assert "no-cache" in response.headers["Cache-Control"]


def test_dates_follow_the_site_language(client, settings):
    PostFactory(publish_at=local(2024, 11, 5, 9))
    assert "Nov. 5, 2024" in client.get("/").content.decode()


def test_server_error_page_is_themed_and_needs_no_database(rf, django_assert_num_queries):
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "broadsheet" in response.content.decode()  # the theme's stylesheet


@pytest.mark.parametrize(
    "url",
    [
        "/9999/",
        "/9999/12/",
        "/9999/12/31/",
        "/9999/12/31/slug/",
        "/2024/13/",
        "/2024/02/30/",
        "/comments/c/99999999999999999999/",
        "/comments/c/99999999999999999999/flag/",
    ],
)
def test_impossible_dates_and_ids_are_404_not_errors(client, url):
    assert client.get(url).status_code == 404


def test_no_template_syntax_reaches_readers(client, world):
    """A template comment or tag written wrong (Django's {# #} is one line only) shows as text."""
    post = PostFactory(categories=[world])
    for url in ("/", post.get_absolute_url(), world.get_absolute_url(), "/search/?q=x"):
        html = client.get(url).content.decode()
        for mark in ("{#", "#}", "{%", "%}"):  # JSON-LD may hold "}}"
            assert mark not in html, (url, mark)
