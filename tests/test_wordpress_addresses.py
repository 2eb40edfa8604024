"""Old WordPress addresses keep working: every <link> of the three fixture exports, imported by
the command, answers 200 or a single 301 to where its post, page, category or tag is now."""

import re
from collections import Counter
from urllib.parse import unquote, urlsplit

import pytest

from blog.models import Category, Page, Post, Status, Tag
from images.models import Image
from tests.factories import PostFactory
from tests.imagefiles import image_bytes
from tests.test_wordpress_import import (
    BLOCKS,
    PREVIEW,
    THEME_UNIT,
    needs_fixtures,
    run,
    utc,  # noqa: F401 (a fixture)
    write_wxr,
)
from tests.test_wordpress_import import item as wxr_item
from tests.worker import committed
from wordpress import wxr
from wordpress.models import Imported, OldAddress

pytestmark = pytest.mark.django_db


def old_links(path, attachments=False):
    """(old address, the object now there) for every published post and page, category and
    tag of the export at `path`, which has been imported; or for every attachment of a published
    post or page, its page and its ?attachment_id= address, which lead to that post or page."""
    export = wxr.parse(path.read_bytes())
    site = export.site_url[:200]
    ids = {
        (row.content_type.model_class(), row.wp_id): row.object_id
        for row in Imported.objects.filter(site=site).select_related("content_type")
    }
    links, published = [], {}
    for item in export.items:
        model = {"post": Post, "page": Page}.get(item.post_type)
        if model is None or item.status != "publish" or item.password:
            continue
        obj = published[item.wp_id] = model.objects.get(pk=ids[model, item.wp_id])
        parts = urlsplit(item.link)
        # One link is "https://host//greek/…/": the test client would take "//greek" for a host.
        path = re.sub("/+", "/", parts.path)
        links.append((path + (f"?{parts.query}" if parts.query else ""), obj))
    if attachments:
        return [
            (address, published[item.parent_wp_id])
            for item in export.items
            if item.post_type == "attachment" and item.parent_wp_id in published
            for address in (urlsplit(item.link).path, f"/?attachment_id={item.wp_id}")
        ]
    declared = {t.slug: t for t in export.terms if t.kind == "category"}
    for term in export.terms:
        if term.kind == "category":
            chain, parent = [term.slug], term.parent_slug
            while parent and parent in declared and parent not in chain:
                chain.insert(0, parent)
                parent = declared[parent].parent_slug
            obj = Category.objects.get(pk=ids[Category, term.wp_id])
            links.append((f"/category/{'/'.join(chain)}/", obj))
        else:
            links.append((f"/tag/{term.slug}/", Tag.objects.get(pk=ids[Tag, term.wp_id])))
    return links


def walk(client, links):
    """Counter of 200/301/404… and the list of links that did not reach their object."""
    answers, wrong = Counter(), []
    for old, obj in links:
        response = client.get(old)
        answers[response.status_code] += 1
        new = obj.get_absolute_url()
        if response.status_code == 301:
            arrived = client.get(response["Location"])
            if response["Location"] != new or arrived.status_code != 200:
                wrong.append((old, response["Location"], new))
        elif response.status_code != 200 or unquote(urlsplit(old).path) != unquote(new):
            wrong.append((old, response.status_code, new))
    return answers, wrong


# The block export has a post at /search/, which is the blog's search page here: the blog's own
# routes come first, and the import says so.
OWN_ROUTES = {BLOCKS: ["/search/"]}


@needs_fixtures
@pytest.mark.parametrize("fixture", [THEME_UNIT, BLOCKS, PREVIEW], ids=lambda p: p.name)
def test_every_old_link_answers(client, fixture):
    summary = run(fixture)
    answers, wrong = walk(client, old_links(fixture))
    print(f"\n{fixture.name}: {dict(answers)}")
    assert [old for old, *_ in wrong] == OWN_ROUTES.get(fixture, [])
    for old in OWN_ROUTES.get(fixture, []):
        assert f"The old address {old} is the blog's own here" in summary
    assert "old addresses recorded: " in summary
    answers, wrong = walk(client, old_links(fixture, attachments=True))
    print(f"{fixture.name}, attachments: {dict(answers)}")
    assert wrong == []


def link(url, guid=None, parent=0):
    return (
        f"<link>https://old.example.com{url}</link>"
        f'<guid isPermaLink="false">https://old.example.com{guid or url}</guid>'
        f"<wp:post_parent>{parent}</wp:post_parent>"
    )


OLD_UPLOADS = "https://old.example.com/wp-content/uploads"
EUROPE = '<category domain="category" nicename="europe">Europe</category>'


@pytest.fixture
def shapes(tmp_path, utc, settings):  # noqa: F811 (the fixture)
    """A WordPress blog with "Post name" permalinks, a child page, nested categories and a photo
    attached to a post, imported by the command."""
    settings.POSTS_PER_PAGE = 1
    channel = """<wp:category><wp:term_id>5</wp:term_id>
<wp:category_nicename>world</wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name>World</wp:cat_name></wp:category>
<wp:category><wp:term_id>6</wp:term_id><wp:category_nicename>europe</wp:category_nicename>
<wp:category_parent>world</wp:category_parent><wp:cat_name>Europe</wp:cat_name></wp:category>"""
    items = "".join(
        [
            wxr_item(1, "Hello", extra=link("/post-1/", "/?p=1") + EUROPE),
            wxr_item(2, "Parent", post_type="page", extra=link("/parent/", "/?page_id=2")),
            wxr_item(3, "Child", post_type="page", extra=link("/parent/post-3/", parent=2)),
            wxr_item(4, "photo", status="inherit", post_type="attachment",
                 extra=link("/post-1/photo/", "/wp-content/uploads/2019/07/photo.jpg", parent=1)),
            wxr_item(7, "Moved", extra=link("/2001/01/01/an-older-slug/") + EUROPE),
        ]
    )  # fmt: skip
    summary = run(write_wxr(tmp_path, items, channel))
    return summary, Post.objects.get(title="Hello")


SHAPES = {
    # WordPress's address → where it leads, as (the post's) get_absolute_url() plus a suffix
    "/post-1/": "",
    "/post-1/feed/": "feed/",
    "/post-1/comment-page-2/": "",
    "/post-1/2/": "",  # a <!--nextpage--> part
    "/post-1/photo/": "",  # the attachment's page
    "/post-1/trackback/": "",
    "/?p=4": "",  # the attachment's id
    "/?attachment_id=4": "",
    "/wp-content/uploads/2019/07/photo.jpg": "",  # the attachment's guid, its file
}


def test_post_name_addresses_and_what_hangs_below_them(client, shapes):
    summary, post = shapes
    for old, suffix in SHAPES.items():
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == post.get_absolute_url() + suffix, old
        assert client.get(response["Location"]).status_code == 200, old
    assert "old addresses recorded: " in summary


def test_child_pages_categories_archives_and_feeds(client, shapes):
    _, post = shapes
    year = post.publish_at.year
    expected = {
        "/parent/post-3/": "/post-3/",
        "/parent/post-3/feed/": "/post-3/",
        "/category/europe/": "/category/world/europe/",  # by its last slug
        "/category/europe/feed/": "/category/world/europe/feed/",
        "/category/europe/page/2/": "/category/world/europe/page/2/",
        "/2001/01/01/an-older-slug/": Post.objects.get(title="Moved").get_absolute_url(),
        "/2001/01/01/an-older-slug/feed/": Post.objects.get(title="Moved").get_absolute_url()
        + "feed/",
        f"/?m={year}07": f"/{year}/07/",
        f"/?m={year}": f"/{year}/",
        f"/?m={year}0704": f"/{year}/07/04/",
        "/author/jane/page/2/": "/author/jane/page/2/",
    }
    for old, new in expected.items():
        response = client.get(old)
        if old == new:
            assert response.status_code == 200, old
            continue
        assert (response.status_code, response["Location"]) == (301, new), old
        assert client.get(new).status_code == 200, old


def test_unknown_old_addresses_are_404s(client, shapes):
    nowhere = ["/?attachment_id=999", "/?attachment_id=x", "/?m=20x", "/nothing-here/"]
    nowhere += ["/post-1/nothing/below/", "/category/nowhere/", "/2001/01/01/nope/feed/"]
    for old in nowhere:
        assert client.get(old).status_code == 404, old
    assert client.get("/").status_code == 200


def test_our_own_pages_are_never_shadowed(client, shapes):
    """An old address recorded for one thing where the blog now shows another keeps showing
    ours: the table is read only after a 404."""
    own = PostFactory(slug="post-1")
    assert client.get("/post-1/").status_code == 301  # the post named post-1 is not a page
    page = Page.objects.get(title="Parent")
    assert page.get_absolute_url() == "/post-2/"
    OldAddress.objects.create(path="/post-2", post=own)
    assert client.get("/post-2/").status_code == 200


def test_one_query_finds_a_recorded_address(client, shapes, django_assert_num_queries):
    with django_assert_num_queries(2):  # the page route's 404, then the old address
        response = client.get("/2001/01/01/an-older-slug/")
    assert response.status_code == 301


def test_drafts_old_addresses_stay_404s(client, shapes):
    _, post = shapes
    post.status = Status.DRAFT
    post.save()
    assert client.get("/post-1/").status_code == 404
    assert client.get("/?attachment_id=4").status_code == 404


def test_an_attachment_brought_into_the_library_leads_to_its_image(
    client,
    tmp_path,
    utc,  # noqa: F811 (the fixture)
    run_tasks,
):
    """Imported with --media, an attachment's old addresses lead to the post it belongs to
    until the worker has made the image's renditions, then to the image's largest one."""
    folder = tmp_path / "uploads" / "2024" / "05"
    folder.mkdir(parents=True)
    (folder / "harbour.jpg").write_bytes(image_bytes(size=(700, 500)))
    attachment = wxr_item(
        101,
        "Harbour",
        "inherit",
        "attachment",
        extra=link("/post-1/harbour/", "/wp-content/uploads/2024/05/harbour.jpg", 1)
        + f"<wp:attachment_url>{OLD_UPLOADS}/2024/05/harbour.jpg</wp:attachment_url>",
    )
    export = write_wxr(tmp_path, wxr_item(1, "Hello", extra=link("/post-1/")) + attachment)
    with committed():  # the command's commit queues the renditions
        run(export, "--media", str(tmp_path / "uploads"))
    post = Post.objects.get()
    addresses = ["/post-1/harbour/", "/wp-content/uploads/2024/05/harbour.jpg"]
    addresses += ["/?attachment_id=101", "/?p=101"]
    for old in addresses:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, post.get_absolute_url())

    with committed():
        run_tasks()
    image = Image.objects.get()
    for old in addresses:
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, image.url(10**6)), old
        assert client.get(response["Location"]).status_code == 200
