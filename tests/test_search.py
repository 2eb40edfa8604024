"""The search box: what it finds, in what order, and how it answers odd questions."""

import re

import pytest
from django.db import connection

from tests.factories import PostFactory
from tests.pages import cold_caches, main_of

pytestmark = pytest.mark.django_db

SEED = "China's troublesome neighbour"
POSTGRES_ONLY = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="only PostgreSQL stems words; SQLite's FTS5 matches words as typed or their start",
)
SQLITE_ONLY = pytest.mark.skipif(
    "connection.vendor != 'sqlite'", reason="SQLite's full-text index (FTS5)"
)


def result_titles(response):
    return [post.title for post in response.context["page_obj"]]


def test_search_finds_the_seed_post_by_a_word_of_its_body(client, demo_content):
    response = client.get("/search/", {"q": "expel"})
    assert response.status_code == 200
    assert SEED in result_titles(response)
    assert "<mark>" in main_of(response)


@POSTGRES_ONLY
def test_search_finds_another_form_of_the_word(client, demo_content):
    # The seed post says "expelling": PostgreSQL's English stemmer finds it from "expelled".
    assert connection.vendor == "postgresql"
    assert SEED in result_titles(client.get("/search/", {"q": "expelled"}))


def test_title_matches_rank_above_body_matches(client):
    PostFactory(title="A quiet week", body="<p>Notes on the harbour at dawn.</p>")
    PostFactory(title="The harbour", body="<p>Boats and gulls.</p>")
    assert result_titles(client.get("/search/", {"q": "harbour"})) == [
        "The harbour",
        "A quiet week",
    ]


def test_quoted_phrase_must_appear_as_written(client):
    PostFactory(title="One", body="<p>The red fox ran into the wood.</p>")
    PostFactory(title="Two", body="<p>A fox, red with mud, slept.</p>")
    assert result_titles(client.get("/search/", {"q": '"red fox"'})) == ["One"]
    assert sorted(result_titles(client.get("/search/", {"q": "red fox"}))) == ["One", "Two"]


def test_minus_leaves_out_posts_with_the_word(client):
    PostFactory(title="Apples", body="<p>Fruit: apples only.</p>")
    PostFactory(title="Mixed", body="<p>Fruit: apples and pears.</p>")
    assert result_titles(client.get("/search/", {"q": "fruit -pears"})) == ["Apples"]


def test_snippet_highlights_the_match_and_escapes_the_text(client):
    PostFactory(title="Markup", body="<p>Fish &amp; chips &lt;b&gt;on&lt;/b&gt; the pier.</p>")
    html = main_of(client.get("/search/", {"q": "pier"}))
    assert "Fish &amp; chips &lt;b&gt;on&lt;/b&gt; the <mark>pier</mark>" in html


def test_search_only_finds_public_posts(client):
    PostFactory(title="Public walrus", body="<p>walrus</p>")
    PostFactory(title="Draft walrus", body="<p>walrus</p>", draft=True)
    PostFactory(title="Future walrus", body="<p>walrus</p>", scheduled=True)
    PostFactory(title="Private walrus", body="<p>walrus</p>", private=True)
    assert result_titles(client.get("/search/", {"q": "walrus"})) == ["Public walrus"]


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_search_is_a_friendly_page(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "Type a word or two" in main_of(response)
    assert client.get("/search/").status_code == 200


def test_search_for_nothing_findable_says_so(client):
    PostFactory(title="Something")
    for query in ("zzyzx", "!!! & | :* (", '"'):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, query
        assert "No posts match" in main_of(response), query


def test_absurdly_long_search_gets_a_clear_400_keeping_what_was_typed(client):
    query = "neighbour " * 1000
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    html = main_of(response)
    assert "That search is too long: use at most 200 characters" in html
    assert f'value="{query}"' in html
    assert 'aria-invalid="true"' in html


def test_search_with_a_null_character_is_a_400_not_an_error(client):
    response = client.get("/search/", {"q": "china\x00"})
    assert response.status_code == 400
    assert "Null characters are not allowed." in main_of(response)


def test_results_are_paginated_keeping_the_query(client, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 5
    PostFactory.create_batch(12, body="<p>A lighthouse keeper's diary.</p>")
    first = client.get("/search/", {"q": "lighthouse"})
    assert len(result_titles(first)) == 5
    assert "12 posts found" in main_of(first)
    assert 'href="/search/?q=lighthouse&amp;page=2"' in main_of(first)
    last = client.get("/search/", {"q": "lighthouse", "page": 3})
    assert len(result_titles(last)) == 2
    assert 'href="/search/?q=lighthouse&amp;page=2" rel="prev"' in main_of(last)
    assert client.get("/search/", {"q": "lighthouse", "page": 4}).status_code == 404
    assert client.get("/search/", {"q": "lighthouse", "page": "x"}).status_code == 404


def test_search_pages_ask_not_to_be_indexed(client):
    for params in ({}, {"q": "anything"}):
        html = client.get("/search/", params).content.decode()
        assert '<meta name="robots" content="noindex">' in html
        assert 'rel="canonical"' not in html


def test_search_box_is_on_every_page_and_labelled(client):
    PostFactory()
    html = client.get("/").content.decode()
    assert (
        '<form class="search-form" role="search" aria-label="Search the blog" method="get" '
        'action="/search/">'
    ) in html
    assert '<label for="site-search" class="visually-hidden">Search posts</label>' in html
    assert '<input type="search" id="site-search" name="q"' in html


def test_search_page_names_its_two_search_landmarks_apart(client):
    PostFactory(title="Harbour notes")
    html = client.get("/search/", {"q": "harbour"}).content.decode()
    labels = re.findall(r'role="search" aria-label="([^"]+)"', html)
    assert sorted(labels) == ["New search", "Search the blog"]


def test_search_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    for size in (3, 30):
        PostFactory.create_batch(size, body="<p>A ferry timetable.</p>")
        cold_caches()
        # count, page of results; the content version for the cached sidebar, the sidebar (3)
        # the navigation (1) and the blog's title and tagline (1: blog/identity.py)
        with django_assert_num_queries(8):
            assert client.get("/search/", {"q": "ferry"}).status_code == 200


def test_wordpress_search_address_redirects_to_search(client):
    response = client.get("/", {"s": "china korea"})
    assert response.status_code == 301
    assert response["Location"] == "/search/?q=china+korea"
    assert client.get("/?s=china")["Location"] == "/search/?q=china"


def test_wordpress_post_id_address_redirects_to_the_post(client):
    post = PostFactory()
    response = client.get("/", {"p": post.pk})
    assert response.status_code == 301
    assert response["Location"] == post.get_absolute_url()
    for hidden in (PostFactory(draft=True), PostFactory(scheduled=True)):
        assert client.get("/", {"p": hidden.pk}).status_code == 404
    assert client.get("/", {"p": "12abc"}).status_code == 404
    assert client.get("/", {"p": 10**12}).status_code == 404


@POSTGRES_ONLY
def test_search_uses_the_gin_index(db):
    from django.contrib.postgres.search import SearchQuery

    from blog.models import Post
    from blog.search import SEARCH_CONFIG, search_vector

    query = SearchQuery("expel", search_type="websearch", config=SEARCH_CONFIG)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Post.objects.annotate(search=search_vector()).filter(search=query).explain()
    assert "post_search" in plan


@SQLITE_ONLY
def test_search_on_sqlite_uses_its_full_text_index(db):
    from blog.search import search_posts

    plan = search_posts("harbour -gulls").explain()
    assert "blog_post_fts VIRTUAL TABLE INDEX" in plan
    assert "LIKE" not in str(search_posts("harbour").query)


def test_search_follows_edits_updates_and_deletions(client):
    from blog.models import Post

    post = PostFactory(title="Harbour notes", body="<p>Boats at dawn.</p>")
    assert result_titles(client.get("/search/", {"q": "boats"})) == ["Harbour notes"]
    post.body = "<p>Gulls at dusk.</p>"
    post.save()
    assert result_titles(client.get("/search/", {"q": "boats"})) == []
    assert result_titles(client.get("/search/", {"q": "gulls"})) == ["Harbour notes"]
    Post.objects.filter(pk=post.pk).update(title="Quay notes")  # no save(): no signal either
    cold_caches()
    assert result_titles(client.get("/search/", {"q": "quay"})) == ["Quay notes"]
    assert result_titles(client.get("/search/", {"q": "harbour"})) == []
    post.delete()
    assert result_titles(client.get("/search/", {"q": "gulls"})) == []
