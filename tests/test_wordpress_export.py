"""Moving out: `export_wordpress` (WXR 1.2) and `export_json`. What is exported comes back the
same when the export is imported into an empty blog, whether it came from WordPress or was
written here (comments posted through the form, an image uploaded through the admin)."""

import json
import os
import re
from datetime import UTC, datetime
from io import StringIO
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import Author, Category, Page, Post, Status, Tag
from comments.models import Comment
from images.models import Image, Usage
from tests.commenting import form_data
from tests.factories import (
    AuthorFactory,
    CategoryFactory,
    PostFactory,
    TagFactory,
    UserFactory,
)
from tests.imagefiles import upload
from tests.test_wordpress_import import THEME_UNIT, item, needs_fixtures, run, write_wxr
from tests.worker import committed, run_due_tasks
from wordpress.models import Imported

pytestmark = pytest.mark.django_db

NS = {
    "wp": "http://wordpress.org/export/1.2/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
COMMENT_URL = "/comments/post/"


@pytest.fixture(autouse=True)
def comment_settings(settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    settings.COMMENTS_RATE_LIMIT = (1000, 60)
    settings.COMMENTS_BLOCKLIST = ["casino"]


def export(tmp_path, name="export.xml", command="export_wordpress"):
    path = tmp_path / name
    call_command(command, str(path), stdout=StringIO(), stderr=StringIO())
    return path


def empty_blog():
    """Everything an import makes, gone: the blog as a fresh install has it."""
    Comment.objects.all().delete()
    Usage.objects.all().delete()
    Post.objects.all().delete()
    Page.objects.all().delete()
    Image.objects.all().delete()
    Category.objects.update(parent=None)
    Category.objects.all().delete()
    Tag.objects.all().delete()
    Author.objects.all().delete()
    Imported.objects.all().delete()


def snapshot():
    """What a reader and the author see of the blog, free of our keys."""
    comments = {c.pk: c for c in Comment.objects.all()}

    def key(comment):
        post = Post.objects.get(pk=comment.object_pk)
        second = comment.submit_date.replace(microsecond=0)  # WXR dates keep whole seconds
        return (post.get_absolute_url(), second, comment.user_name, comment.comment)

    def parent(comment):
        parent_id = comment.parent_id
        return key(comments[parent_id]) if parent_id not in (0, comment.pk) else None

    return {
        "authors": sorted(Author.objects.values_list("slug", "name")),
        "categories": sorted(Category.objects.values_list("path", "name", "description")),
        "tags": sorted(Tag.objects.values_list("slug", "name")),
        "posts": sorted(
            (
                post.get_absolute_url(),
                post.title,
                post.status,
                post.publish_at.replace(microsecond=0),  # WXR dates keep whole seconds
                post.sticky,
                post.allow_comments,
                post.excerpt,
                post.body,
                post.author.slug,
                sorted(c.path for c in post.categories.all()),
                sorted(t.slug for t in post.tags.all()),
                post.comment_count,
            )
            for post in Post.objects.select_related("author")
        ),
        "pages": sorted(Page.objects.values_list("slug", "title", "status", "body", "order")),
        "page dates": sorted(
            (page.slug, page.updated_at.replace(microsecond=0)) for page in Page.objects.all()
        ),
        "comments": sorted(
            (
                key(c),
                parent(c),
                c.level,
                c.user_email,
                c.user_url,
                c.ip_address,
                c.is_public and not c.is_removed,  # removed: hidden, approved or not
                c.is_spam,
                c.is_removed,
            )
            for c in comments.values()
        ),
    }


def assert_same(after, before):
    for kind in before:
        assert [x for x in after[kind] if x not in before[kind]] == [], kind
        assert [x for x in before[kind] if x not in after[kind]] == [], kind
    assert after == before


def differing_lines(first, second):
    one, two = first.read_text().splitlines(), second.read_text().splitlines()
    assert len(one) == len(two)
    return [a for a, b in zip(one, two, strict=True) if a != b]


def parsed(path):
    return ElementTree.parse(path).getroot().find("channel")


def items(channel, post_type):
    return [
        i for i in channel.iter("item") if i.findtext("wp:post_type", namespaces=NS) == post_type
    ]


def text(element, name):
    return element.findtext(name, namespaces=NS)


# The theme test export, there and back.


@pytest.fixture
def utc(settings):
    settings.TIME_ZONE = "UTC"


@needs_fixtures
def test_theme_unit_export_imports_into_an_empty_blog_as_it_was(tmp_path, utc):
    run(THEME_UNIT)
    before = snapshot()
    assert len(before["posts"]) == 58 and len(before["comments"]) == 24
    first = export(tmp_path, "first.xml")

    empty_blog()
    summary = run(first)
    assert "posts: 58 new" in summary and "comments: 24 new" in summary
    assert_same(snapshot(), before)
    second = export(tmp_path, "second.xml")
    # The same file again, but for the date it was made.
    assert [line.strip()[:9] for line in differing_lines(first, second)] in ([], ["<pubDate>"])


@needs_fixtures
def test_theme_unit_export_keeps_wordpress_ids_nesting_and_threads(tmp_path, utc):
    run(THEME_UNIT)
    channel = parsed(export(tmp_path))
    posts = {text(i, "wp:post_name"): i for i in items(channel, "post")}
    assert text(posts["wp-6-1-font-size-scale"], "wp:post_id") == "163"  # its id in WordPress
    statuses = {text(i, "wp:status") for i in items(channel, "post")}
    assert statuses == {"publish", "future", "draft"}  # its one protected post stays public
    protected = posts["template-password-protected"]
    assert text(protected, "wp:post_password") == "enter"  # kept, and the post stays public
    assert text(posts["template-sticky"], "wp:is_sticky") == "1"
    parents = {
        text(c, "wp:category_nicename"): text(c, "wp:category_parent")
        for c in channel.findall("wp:category", NS)
    }
    assert parents["child-2"] == "child-1" and parents["child-1"] == "parent"
    assert list(parents).index("parent") < list(parents).index("child-1")
    thread = posts["template-comments"].findall("wp:comment", NS)
    ids = {text(c, "wp:comment_id") for c in thread}
    replies = [c for c in thread if text(c, "wp:comment_parent") != "0"]
    assert replies and all(text(c, "wp:comment_parent") in ids for c in replies)
    ids = [text(i, "wp:post_id") for i in channel.iter("item")]
    assert len(ids) == len(set(ids)) == 58 + 21


# A blog written here: comments through the form, an image through the admin.


@pytest.fixture
def blog(client, staff_client, settings):
    """Every kind of thing the export carries, made the way the blog makes it."""
    user = UserFactory(username="jane", first_name="Jane", last_name="Doe", email="j@example.com")
    jane = AuthorFactory(user=user, slug="jane", name="Jane Doe", bio="Writes from Seoul.")
    world = CategoryFactory(name="World", slug="world", description="All of it")
    asia = CategoryFactory(name="Asia", slug="asia", parent=world)
    korea = CategoryFactory(name="Korea", slug="korea", parent=asia)
    peace = CategoryFactory(name="Мир", slug="мир")
    news = TagFactory(name="新闻", slug="新闻")
    with committed():
        response = staff_client.post(
            "/admin/images/image/add/", {"files": [upload("harbour.jpg")], "alt_text": "A harbour"}
        )
    assert response.status_code == 302
    with committed():
        run_due_tasks()
    photo = Image.objects.get()
    photo.caption = "Busan, at dawn"
    photo.save()
    post = PostFactory(
        title="Cats & dogs <3 ]]> done",
        slug="привет-мир",
        author=jane,
        body="<p>Intro.</p>\n<pre>line one\n  line two</pre>\n<p>Body &amp; soul.</p>",
        excerpt="First paragraph.\n\nSecond paragraph.",
        publish_at=datetime(2024, 7, 1, 23, 30, tzinfo=UTC),  # 00:30 on the 2nd in London
        sticky=True,
        featured_image=photo,
    )
    post.categories.set([korea, peace])
    post.tags.set([news])
    PostFactory(
        title="Later", slug="later", author=jane, publish_at=datetime(2099, 1, 1, tzinfo=UTC)
    )
    PostFactory(title="Unfinished", slug="unfinished", author=jane, status=Status.DRAFT)
    PostFactory(title="Mine", slug="mine", author=jane, status=Status.PRIVATE, allow_comments=False)
    Page.objects.create(
        title="About", slug="about", body="<p>Us.</p>", status=Status.PUBLISHED, order=2
    )

    def comment(**fields):
        stored = Comment.objects.count()
        response = client.post(COMMENT_URL, form_data(post, **fields))
        assert response.status_code in (200, 302)  # 200: "awaiting moderation"
        assert Comment.objects.count() == stored + 1
        return Comment.objects.latest("pk")

    first = comment(comment="First!\n\n> quoted\n\nSee https://example.org/a?b=1&c=2 **now**.")
    comment(reply_to=str(first.pk), name="Bob ]]> Reader", email="bob@example.com", comment="Yes.")
    comment(email="spam@example.com", comment="Visit my casino")
    settings.COMMENTS_HOLD_FIRST_COMMENT = True
    comment(email="new@example.com", comment="Held for the moderator.")
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    gone = comment(email="gone@example.com", comment="Regretted.")
    assert client.post(f"/comments/c/{gone.pk}/delete/").status_code == 302
    return post


def test_blog_written_here_exports_as_wordpress_writes_it(client, blog, tmp_path, settings):
    channel = parsed(export(tmp_path))
    assert text(channel, "wp:wxr_version") == "1.2"
    assert text(channel, "wp:base_blog_url") == settings.SITE_URL
    author = channel.find("wp:author", NS)
    assert [text(author, f"wp:author_{f}") for f in ("login", "email", "first_name")] == [
        "jane", "j@example.com", "Jane",
    ]  # fmt: skip
    parents = [
        (text(c, "wp:category_nicename"), text(c, "wp:category_parent"))
        for c in channel.findall("wp:category", NS)
    ]
    assert ("korea", "asia") in parents and ("asia", "world") in parents
    assert ("%d0%bc%d0%b8%d1%80", "") in parents  # "мир", as WordPress stores it
    assert text(channel.find("wp:tag", NS), "wp:tag_slug") == "%e6%96%b0%e9%97%bb"

    [attachment] = items(channel, "attachment")
    url = text(attachment, "wp:attachment_url")
    assert client.get(urlsplit(url).path).status_code == 200  # a file readers may fetch
    assert text(attachment, "excerpt:encoded") == "Busan, at dawn"
    meta = {text(m, "wp:meta_key"): text(m, "wp:meta_value") for m in attachment.iter(
        f"{{{NS['wp']}}}postmeta")}  # fmt: skip
    assert meta == {"_wp_attachment_image_alt": "A harbour"}

    posts = {text(i, "title"): i for i in items(channel, "post")}
    main = posts["Cats &amp; dogs &lt;3 ]]&gt; done"]
    assert text(main, "wp:post_name") == "%d0%bf%d1%80%d0%b8%d0%b2%d0%b5%d1%82-%d0%bc%d0%b8%d1%80"
    assert (text(main, "wp:post_date"), text(main, "wp:post_date_gmt")) == (
        "2024-07-02 00:30:00", "2024-07-01 23:30:00",
    )  # fmt: skip
    assert text(main, "pubDate") == "Mon, 01 Jul 2024 23:30:00 +0000"
    assert text(main, "wp:is_sticky") == "1"
    assert "<pre>line one\n  line two</pre>" in text(main, "content:encoded")
    thumbnail = main.find("wp:postmeta", NS)
    assert text(thumbnail, "wp:meta_key") == "_thumbnail_id"
    assert text(thumbnail, "wp:meta_value") == text(attachment, "wp:post_id")
    terms = {(c.get("domain"), c.get("nicename"), c.text) for c in main.findall("category")}
    assert ("category", "korea", "Korea") in terms and (
        "post_tag",
        "%e6%96%b0%e9%97%bb",
        "新闻",
    ) in terms
    assert {t: text(i, "wp:status") for t, i in posts.items() if t != text(main, "title")} == {
        "Later": "future", "Unfinished": "draft", "Mine": "private",
    }  # fmt: skip
    assert text(posts["Mine"], "wp:comment_status") == "closed"

    comments = {text(c, "wp:comment_author_email"): c for c in main.findall("wp:comment", NS)}
    approved = {email: text(c, "wp:comment_approved") for email, c in comments.items()}
    assert approved == {
        "ada@example.com": "1", "bob@example.com": "1", "spam@example.com": "spam",
        "new@example.com": "0", "gone@example.com": "trash",
    }  # fmt: skip
    reply = comments["bob@example.com"]
    assert text(reply, "wp:comment_author") == "Bob ]]> Reader"  # CDATA split as WordPress does
    assert text(reply, "wp:comment_parent") == text(comments["ada@example.com"], "wp:comment_id")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", text(reply, "wp:comment_date_gmt"))

    ids = [text(i, "wp:post_id") for i in channel.iter("item")]
    assert len(ids) == len(set(ids)) == 1 + 4 + 1  # one id space: attachment, posts, page


def test_blog_written_here_comes_back_from_its_export(client, blog, tmp_path):
    submitted = Comment.objects.values_list("submit_date", flat=True)
    assert any(moment.microsecond for moment in submitted)  # as the form stores them
    before = snapshot()
    first = export(tmp_path, "first.xml")

    empty_blog()
    run(first)
    assert_same(snapshot(), before)
    post = Post.objects.get(slug="привет-мир")
    assert client.get(post.get_absolute_url()).status_code == 200
    assert "First!" in client.get(post.get_absolute_url()).content.decode()
    # The media library and the authors' accounts do not come back (the importer makes neither):
    # from the second round trip on, the file is the same but for its date.
    second = export(tmp_path, "second.xml")
    empty_blog()
    run(second)
    assert [
        line.strip()[:9] for line in differing_lines(second, export(tmp_path, "third.xml"))
    ] in (
        [],
        ["<pubDate>"],
    )


def test_imported_objects_keep_their_wordpress_ids_and_new_ones_take_the_next(tmp_path):
    run(write_wxr(tmp_path, item(5, "Imported post") + item(9, "Imported page", post_type="page")))
    PostFactory(title="Written here")
    Page.objects.create(title="New page", slug="new-page")
    channel = parsed(export(tmp_path, "out.xml"))
    ids = {text(i, "title"): text(i, "wp:post_id") for i in channel.iter("item")}
    assert ids == {
        "Imported post": "5",
        "Imported page": "9",
        "Written here": "10",
        "New page": "11",
    }


def test_a_signed_in_author_s_comment_names_their_author_id(client, tmp_path):
    writer = UserFactory(username="writer")
    post = PostFactory(author=AuthorFactory(user=writer))
    client.force_login(writer)
    response = client.post(COMMENT_URL, form_data(post, comment="Thanks for reading."))
    assert response.status_code == 302
    assert Comment.objects.get().user == writer
    channel = parsed(export(tmp_path))
    author_id = text(channel.find("wp:author", NS), "wp:author_id")
    comment = channel.find("item/wp:comment", NS)
    assert text(comment, "wp:comment_user_id") == author_id != "0"


def test_a_slug_under_two_parents_gets_a_number_as_in_wordpress(tmp_path):
    for parent in ("world", "sport"):
        CategoryFactory(slug="news", name="News", parent=CategoryFactory(slug=parent, name=parent))
    post = PostFactory()
    post.categories.set([Category.objects.get(path="world/news")])
    channel = parsed(export(tmp_path))
    parents = [
        (text(c, "wp:category_nicename"), text(c, "wp:category_parent"))
        for c in channel.findall("wp:category", NS)
    ]
    assert parents == [("sport", ""), ("news", "sport"), ("world", ""), ("news-2", "world")]
    [term] = channel.find("item").findall("category")
    assert term.get("nicename") == "news-2"


def test_image_waiting_for_its_renditions_is_left_out_and_said_so(tmp_path):
    waiting = Image.from_upload(upload("fresh.jpg"), alt_text="Fresh")  # the worker has not run
    PostFactory(featured_image=waiting)
    errors = StringIO()
    call_command("export_wordpress", str(tmp_path / "out.xml"), stderr=errors)
    channel = parsed(tmp_path / "out.xml")
    assert items(channel, "attachment") == []
    assert channel.find("item/wp:postmeta", NS) is None  # no _thumbnail_id to a missing item
    assert "1 image(s) still waiting for their renditions were left out" in errors.getvalue()
    data = json.loads(export(tmp_path, "blog.json", "export_json").read_text())
    assert data["images"][0]["url"] is None and data["posts"][0]["featured_image"] == waiting.pk


# The JSON export.


def test_json_export_holds_everything_with_references_by_id(blog, tmp_path, settings):
    data = json.loads(export(tmp_path, "blog.json", "export_json").read_text())
    assert data["format"] == "broadsheet/1"
    assert data["site"] == {
        "title": settings.BLOG_TITLE, "tagline": settings.BLOG_TAGLINE, "url": settings.SITE_URL,
        "language": settings.LANGUAGE_CODE, "time_zone": settings.TIME_ZONE,
    }  # fmt: skip
    kinds = ("authors", "categories", "tags", "images", "posts", "pages")
    assert [len(data[kind]) for kind in kinds] == [1, 4, 1, 1, 4, 1]
    categories = {c["id"]: c for c in data["categories"]}
    korea = next(c for c in data["categories"] if c["slug"] == "korea")
    assert categories[korea["parent"]]["slug"] == "asia" and korea["path"] == "world/asia/korea"
    post = next(p for p in data["posts"] if p["slug"] == "привет-мир")
    assert post["featured_image"] == data["images"][0]["id"]
    assert post["publish_at"] == "2024-07-01T23:30:00+00:00"
    assert post["author"] == data["authors"][0]["id"]
    comments = {c["email"]: c for c in data["comments"]}
    assert comments["bob@example.com"]["parent"] == comments["ada@example.com"]["id"]
    assert comments["ada@example.com"]["parent"] is None
    assert {c["status"] for c in data["comments"]} == {"published", "held", "spam", "removed"}
    assert data["images"][0]["alt_text"] == "A harbour" and data["images"][0]["url"]


def test_empty_blog_exports_valid_files(tmp_path):
    assert json.loads(export(tmp_path, "blog.json", "export_json").read_text())["posts"] == []
    assert parsed(export(tmp_path)).find("item") is None


# The commands.


def test_export_goes_to_standard_output_without_a_file(blog):
    out = StringIO()
    call_command("export_wordpress", stdout=out)
    assert out.getvalue().startswith('<?xml version="1.0" encoding="UTF-8" ?>')
    assert ElementTree.fromstring(out.getvalue().encode()).tag == "rss"


def test_unwritable_destination_is_a_clear_error_and_leaves_nothing(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):  # root writes anywhere
        folder = tmp_path / "missing" / "folder"
    with pytest.raises(CommandError, match="Can't write"):
        call_command("export_wordpress", str(folder / "out.xml"), stderr=StringIO())
    assert not (folder / "out.xml").exists()


def test_export_queries_do_not_grow_with_the_blog(blog, tmp_path):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            export(tmp_path)
            export(tmp_path, "blog.json", "export_json")
        return len(captured)

    queries()  # content types are then cached, as in a long-running process
    few = queries()
    for number in range(12):
        post = PostFactory(title=f"More {number}", author=blog.author)
        post.tags.set([Tag.objects.get()])
    assert queries() == few
