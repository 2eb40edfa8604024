"""The WordPress import at size: threads laid out in batches exactly as django-comments-xtd lays
them out comment by comment, and a generated export of thousands of posts imported whole."""

import subprocess
import sys
from collections import defaultdict
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import Post
from blog.search import search_posts
from comments.models import Comment
from tests.commenting import make_comment
from tests.factories import PostFactory
from wordpress import wxr
from wordpress.models import Imported

pytestmark = pytest.mark.django_db

MAKE_WXR = Path(__file__).resolve().parents[2] / "shared" / "tools" / "make_wxr.py"
NS = "http://wordpress.org/export/1.2/"

# (WordPress id, parent, minute of the day it was written, approved): replies written before
# their parent (11), deeper than the threads go (8: moves up a level), held, spam, trash.
THREAD = [
    (1, 0, 10, "1"),
    (2, 1, 12, "1"),
    (3, 2, 14, "1"),
    (4, 0, 15, "1"),
    (5, 1, 16, "1"),
    (6, 3, 18, "1"),
    (7, 6, 20, "1"),
    (8, 7, 22, "1"),
    (9, 4, 24, "0"),
    (10, 9, 26, "spam"),
    (11, 2, 5, "1"),
    (12, 0, 28, "trash"),
    (13, 5, 30, "1"),
    (14, 1, 32, "0"),
]


def export_with(tmp_path, thread):
    comments = "".join(
        f"""<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>
<wp:comment_author>Reader {wp_id}</wp:comment_author>
<wp:comment_date_gmt>2019-07-05 10:{minute:02d}:00</wp:comment_date_gmt>
<wp:comment_content>Comment {wp_id}</wp:comment_content>
<wp:comment_approved>{approved}</wp:comment_approved>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""
        for wp_id, parent, minute, approved in thread
    )
    path = tmp_path / "thread.xml"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{NS}">
<channel><title>Old blog</title><link>https://old.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version>
<item><title>Threads</title><dc:creator>jane</dc:creator>
<content:encoded><![CDATA[Text]]></content:encoded><wp:post_id>1</wp:post_id>
<wp:post_date_gmt>2019-07-04 22:30:00</wp:post_date_gmt><wp:post_name>threads</wp:post_name>
{comments}</item></channel></rss>"""
    )
    return path


def posted_one_by_one(post, thread, max_level, stored=None):
    """The same comments saved one at a time through the library (as a reader's are), oldest
    first, a parent before its replies, a reply too deep answering the deepest it can; those
    of `stored` (WordPress id → pk) were saved before."""
    rows = {wp_id: (parent, minute, approved) for wp_id, parent, minute, approved in thread}
    saved = {wp_id: Comment.objects.get(pk=pk) for wp_id, pk in (stored or {}).items()}

    def post_comment(wp_id):
        if wp_id in saved:
            return saved[wp_id]
        parent_id, _minute, approved = rows[wp_id]
        parent = post_comment(parent_id) if parent_id else None
        while parent is not None and parent.level >= max_level:
            parent = Comment.objects.get(pk=parent.parent_id)
        saved[wp_id] = make_comment(
            post,
            parent,
            user_name=f"Reader {wp_id}",
            is_public=approved == "1",
            is_spam=approved == "spam",
            is_removed=approved == "trash",
        )
        return saved[wp_id]

    for wp_id in sorted(rows, key=lambda wp_id: (rows[wp_id][1], wp_id)):
        post_comment(wp_id)
    return {wp_id: saved[wp_id].pk for wp_id in rows}


def shape(pks):
    """Each comment's place in its thread, by WordPress id, with ids replaced by WordPress's."""
    wp_id_of = {pk: wp_id for wp_id, pk in pks.items()}
    return {
        wp_id_of[c.pk]: {
            "thread": wp_id_of[c.thread_id],
            "parent": wp_id_of[c.parent_id],
            "level": c.level,
            "order": c.order,
            "nested_count": c.nested_count,
            "is_public": c.is_public,
            "is_removed": c.is_removed,
        }
        for c in Comment.objects.filter(pk__in=pks.values())
    }


def test_threads_come_out_as_the_library_makes_them_one_by_one(tmp_path, settings):
    call_command("import_wordpress", str(export_with(tmp_path, THREAD)), stdout=StringIO())
    imported = dict(
        Imported.objects.for_model(Comment).values_list("wp_id", "object_id"),
    )
    reference = posted_one_by_one(PostFactory(), THREAD, settings.COMMENTS_XTD_MAX_THREAD_LEVEL)
    expected = shape(reference)
    assert expected[8]["parent"] == 6 and expected[8]["level"] == 4  # moved up, as imported
    assert expected[1]["nested_count"] == 9
    assert shape(imported) == expected
    post = Post.objects.get(slug="threads")
    assert post.comment_count == Comment.objects.for_post(post).visible().count() == 10


def test_replies_to_comments_imported_before_find_their_place(tmp_path, settings):
    first = [row for row in THREAD if row[0] in (1, 2, 3, 4)]
    call_command("import_wordpress", str(export_with(tmp_path, first)), stdout=StringIO())
    call_command("import_wordpress", str(export_with(tmp_path, THREAD)), stdout=StringIO())
    imported = dict(Imported.objects.for_model(Comment).values_list("wp_id", "object_id"))
    # The library's own layout for the same two steps: the first four, then the rest.
    reference_post = PostFactory()
    max_level = settings.COMMENTS_XTD_MAX_THREAD_LEVEL
    pks = posted_one_by_one(reference_post, first, max_level)
    rest = posted_one_by_one(reference_post, THREAD, max_level, stored=pks)
    assert shape(imported) == shape(rest)


def test_the_export_is_read_as_a_stream_any_number_of_times(tmp_path):
    path = export_with(tmp_path, THREAD)
    export = wxr.parse(path)
    assert (export.item_count, export.comment_count) == (1, len(THREAD))
    assert [len(item.comments) for item in export.items] == [len(THREAD)]
    assert [item.title for item in export.items] == ["Threads"]  # read again from the file


def export_of(tmp_path, site, posts):
    """An export from `site` of `posts` posts, each filed under a category and a tag, each with
    a comment and a reply to it."""
    items = "".join(
        f"""<item><title>Post {n}</title><dc:creator>{site}-writer</dc:creator>
<content:encoded><![CDATA[<p>Text of post {n}.</p>]]></content:encoded>
<wp:post_id>{n}</wp:post_id><wp:post_date_gmt>2019-07-04 22:30:00</wp:post_date_gmt>
<wp:post_name>post-{n}</wp:post_name><wp:status>publish</wp:status>
<category domain="category" nicename="{site}-news"><![CDATA[News {site}]]></category>
<category domain="post_tag" nicename="{site}-tide"><![CDATA[Tide {site}]]></category>
<wp:comment><wp:comment_id>{2 * n}</wp:comment_id><wp:comment_content>First</wp:comment_content>
<wp:comment_date_gmt>2019-07-05 10:00:00</wp:comment_date_gmt></wp:comment>
<wp:comment><wp:comment_id>{2 * n + 1}</wp:comment_id><wp:comment_content>Reply</wp:comment_content>
<wp:comment_date_gmt>2019-07-05 11:00:00</wp:comment_date_gmt>
<wp:comment_parent>{2 * n}</wp:comment_parent></wp:comment></item>"""
        for n in range(1, posts + 1)
    )
    path = tmp_path / f"{site}.xml"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{NS}">
<channel><title>Old blog</title><link>https://{site}.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version>{items}</channel></rss>"""
    )
    return path


def test_the_import_s_queries_do_not_grow_with_its_posts(tmp_path):
    def queries(site, posts):
        with CaptureQueriesContext(connection) as captured:
            call_command(
                "import_wordpress", str(export_of(tmp_path, site, posts)), stdout=StringIO()
            )
        return len(captured)

    queries("first", 1)  # the blog's title taken, the content types cached: once
    # Blogs of their own (authors, terms, ids): only the number of posts differs.
    assert queries("ten", 10) == queries("fifty", 50)
    assert Post.objects.count() == 61 and Comment.objects.count() == 122
    post = Post.objects.get(title="Post 7", categories__slug="fifty-news", tags__slug="fifty-tide")
    assert post.comment_count == 2 and post.summary == "<p>Text of post 7.</p>"
    assert sorted(Comment.objects.for_post(post).values_list("level", flat=True)) == [0, 1]
    # Written without save(), still in the search index (FTS5's triggers, or the GIN index).
    assert post in search_posts("post 7")


@pytest.mark.skipif(not MAKE_WXR.exists(), reason=f"the export generator is not at {MAKE_WXR}")
def test_an_export_of_thousands_of_posts_imports_with_its_time_and_rate(tmp_path, capsys):
    path = tmp_path / "large.xml"
    subprocess.run([sys.executable, MAKE_WXR, path, "2000", "20000"], check=True)
    export = wxr.parse(path)
    out = StringIO()
    call_command("import_wordpress", str(path), stdout=out)
    summary = out.getvalue()
    with capsys.disabled():
        print("\n" + summary)
    assert "Took " in summary and "items/s" in summary
    assert "posts: 2000 new" in summary
    comments = Comment.objects.all()
    assert comments.count() == export.comment_count > 10_000
    # Every thread is whole: orders 1…n, the first comment counting every reply below it.
    threads = defaultdict(list)
    for thread_id, order, level, nested_count, pk in comments.values_list(
        "thread_id", "order", "level", "nested_count", "pk"
    ):
        threads[thread_id].append((order, level, nested_count, pk))
    for thread_id, rows in threads.items():
        rows.sort()
        assert [order for order, *_ in rows] == list(range(1, len(rows) + 1))
        assert rows[0][1:] == (0, len(rows) - 1, thread_id)
    counted = sum(Post.objects.values_list("comment_count", flat=True))
    assert counted == comments.visible().count()
    again = StringIO()
    call_command("import_wordpress", str(path), stdout=again)
    assert "comments: 0 new" in again.getvalue()
    assert Comment.objects.count() == export.comment_count


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_shows_items_rate_and_time_left(terminal):
    from django.core.management.base import OutputWrapper

    from wordpress.progress import Progress

    out = StringIO()
    clock = FakeClock()
    progress = Progress(OutputWrapper(out), total=1000, terminal=terminal, clock=clock)
    for _ in range(4):
        clock.now += 5
        progress(100)
    progress.finish()
    text = out.getvalue()
    assert "400/1,000 items, 20/s, 0:30 left" in text
    assert text.rstrip().endswith("Took 0:20 (20.0 s) for 400 items: 20 items/s")
    if terminal:  # one bar, redrawn in place
        assert "\r[############------------------] 400/1,000" in text
    else:  # a quiet line every ten seconds
        assert text.count("Importing: ") == 2 and "\r" not in text
