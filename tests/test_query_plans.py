"""Every query of the reader pages and of the moderator's actions finds its posts and comments
through an index: no full scan of those tables, whose size grows with the blog.

Each query is captured as it runs, then explained: on SQLite, EXPLAIN QUERY PLAN must show no
"SCAN <table>" without an index; on PostgreSQL, with sequential scans discouraged (so the plan
shows whether an index could serve, whatever the table's size now), no "Seq Scan" on them.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import flow
from comments.models import Comment
from tests.commenting import make_comment
from tests.factories import AuthorFactory, CategoryFactory, PostFactory, TagFactory
from tests.pages import cold_caches

pytestmark = pytest.mark.django_db

WATCHED = ("blog_post", "django_comments", "django_comments_xtd_xtdcomment", "comments_comment")


@pytest.fixture
def blog(settings):
    settings.POSTS_PER_PAGE = 5
    author = AuthorFactory(slug="jane")
    category = CategoryFactory(slug="world")
    tag = TagFactory(slug="korea")
    posts = PostFactory.create_batch(12, author=author, categories=[category], tags=[tag])
    post = posts[5]
    first = make_comment(post, comment="Border trade")
    reply = make_comment(post, first, comment="A reply")
    make_comment(post, reply, comment="Deeper", is_public=False)
    make_comment(posts[6], comment="Elsewhere")
    return post


def reader_urls(post):
    return [
        "/",
        "/page/2/",
        post.get_absolute_url(),
        f"{post.get_absolute_url()}feed/",
        f"/{post.publish_at:%Y}/",
        f"/{post.publish_at:%Y/%m}/",
        "/category/world/",
        "/category/world/feed/",
        "/tag/korea/",
        "/tag/korea/feed/",
        "/author/jane/",
        "/search/?q=border",
        "/feed/",
        "/feed/atom/",
        "/comments/feed/",
        "/sitemap.xml",
        "/sitemap-posts.xml",
        "/sitemap-archives.xml",
        "/sitemap-categories.xml",
        "/sitemap-tags.xml",
        "/sitemap-authors.xml",
    ]


def full_scans(sql):
    """The watched tables (by name or alias) this query reads whole."""
    aliases = {}
    for table in WATCHED:
        aliases[table] = table
        for alias in re.findall(rf'"{table}"\s+(?:AS\s+)?"?(\w+)"?', sql):
            if alias.upper() not in {"ON", "WHERE", "INNER", "LEFT", "AS", "GROUP", "ORDER"}:
                aliases[alias] = table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = [row[0] for row in cursor.fetchall()]
            scanned = re.findall(r"Seq Scan on (\w+)(?: (\w+))?", "\n".join(plan))
            found = {aliases.get(alias) or aliases.get(table) for table, alias in scanned}
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = [row[-1] for row in cursor.fetchall()]
            scanned = [m.group(1) for line in plan if (m := re.fullmatch(r"SCAN (\w+)", line))]
            found = {aliases.get(name) for name in scanned}
    return {table for table in found if table in WATCHED}, plan


def assert_indexed(queries, what):
    for query in queries:
        sql = query["sql"]
        if not re.match(r"\s*(SELECT|UPDATE|DELETE)\b", sql, re.IGNORECASE):
            continue
        scanned, plan = full_scans(sql)
        assert not scanned, f"{what}: full scan of {scanned}\n{sql}\n" + "\n".join(plan)


def test_reader_pages_find_posts_and_comments_through_indexes(client, blog):
    for url in reader_urls(blog):
        cold_caches()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert_indexed(queries, url)


@pytest.mark.parametrize("action", ["approve", "unpublish", "mark_spam", "remove", "delete"])
def test_moderation_actions_find_comments_through_indexes(blog, action):
    comments = list(Comment.objects.for_post(blog)[:2])
    with CaptureQueriesContext(connection) as queries:
        getattr(flow, action)(comments)
    assert_indexed(queries, action)
