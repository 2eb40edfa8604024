"""The smaller things a WordPress import used to lose: tag descriptions, undeclared tags, the
site's title and tagline, ids reused by another export of the same site, changes made in
WordPress since the last import."""

import pytest

from blog.models import BlogSettings, Post, Tag
from comments.models import Comment
from tests.pages import main_of
from tests.test_wordpress_import import (  # noqa: F401 (theme_unit and utc are fixtures)
    comment,
    needs_fixtures,
    run,
    theme_unit,
    utc,
    write_wxr,
)
from tests.test_wordpress_import import item as wxr_item

pytestmark = pytest.mark.django_db


@needs_fixtures
def test_tags_keep_their_description_and_an_undeclared_tag_its_own_slug(client, theme_unit):  # noqa: F811
    eight_bit = Tag.objects.get(slug="8bit")
    assert eight_bit.description == "Tags posts about 8BIT."
    assert "Tags posts about 8BIT." in main_of(client.get("/tag/8bit/"))

    # "content" is used by posts but not declared; "content-2", declared, has the same name.
    declared, undeclared = Tag.objects.get(slug="content-2"), Tag.objects.get(slug="content")
    assert declared.name == "content περιεχόμενο"
    assert undeclared.name == "content περιεχόμενο (content)"
    response = client.get("/tag/content/")
    assert response.status_code == 200
    titles = set(Post.objects.filter(tags=undeclared).values_list("title", flat=True))
    assert titles and titles.isdisjoint(
        Post.objects.filter(tags=declared).values_list("title", flat=True)
    )
    assert all(title in main_of(response) for title in titles)


def other_content(xml):
    """The same WordPress id, another post: its own slug and date."""
    return xml.replace("post-1<", "another-post<").replace("2019-07-04", "2021-03-02")


def test_a_second_export_reusing_ids_for_other_content_is_refused_item_by_item(tmp_path, utc):  # noqa: F811
    first = tmp_path / "first"
    first.mkdir()
    run(write_wxr(first, wxr_item(1, "Hello", extra=comment(1))))
    hello = Post.objects.get()
    second = tmp_path / "second"
    second.mkdir()
    items = other_content(wxr_item(1, "Another post", extra=comment(2)))
    items += wxr_item(2, "New", extra=comment(1))
    summary = run(write_wxr(second, items))

    assert list(Post.objects.values_list("title", flat=True).order_by("pk")) == ["Hello", "New"]
    assert "1 posts: its WordPress id was imported before for other content" in summary
    assert "“Another post” (WordPress id 1) refused: https://old.example.com id 1 was " in summary
    assert "1 comments: on a post refused as other content with the same id" in summary
    assert "1 comments: its WordPress id was imported before for another post" in summary
    # Nothing of the second export landed on the first's post.
    assert list(Comment.objects.values_list("object_pk", flat=True)) == [str(hello.pk)] * (
        Comment.objects.count()
    )
    # Importing the first again finds its post as before.
    assert "posts: 0 new, 1 already here" in run(first / "export.xml")


def test_a_reimport_reports_changes_made_in_wordpress_and_update_applies_them(tmp_path, utc):  # noqa: F811
    path = write_wxr(tmp_path, wxr_item(1, "Hello", content="Old words"))
    run(path)
    post = Post.objects.get()
    assert "Changed in WordPress" not in run(path)  # the same file: nothing changed

    write_wxr(tmp_path, wxr_item(1, "Hello again", content="New words"))
    summary = run(path)
    assert "Changed in WordPress since the last import (--update applies it):" in summary
    assert f"“Hello” ({post.get_absolute_url()})" in summary
    post.refresh_from_db()
    assert (post.title, post.body) == ("Hello", "<p>Old words</p>")

    summary = run(path, "--update")
    assert "Updated from WordPress, which changed them since the last import:" in summary
    post.refresh_from_db()
    assert (post.title, post.body) == ("Hello again", "<p>New words</p>")
    assert "Changed in WordPress" not in run(path, "--update")  # applied: nothing left

    post.title = "Edited here"  # as the admin saves it
    post.save()
    write_wxr(tmp_path, wxr_item(1, "Hello a third time", content="Newer words"))
    summary = run(path, "--update")
    assert "Changed in WordPress but edited here since, left as they are:" in summary
    post.refresh_from_db()
    assert (post.title, post.body) == ("Edited here", "<p>New words</p>")


TITLE, TAGLINE = "Theme Unit Test Data", "Just another WordPress website with a purposefully"


@needs_fixtures
def test_the_site_s_title_and_tagline_become_the_blog_s(client, staff_client, theme_unit):  # noqa: F811
    assert "The blog now has the WordPress site's title and tagline" in theme_unit
    home = client.get("/").content.decode()
    assert f"<title>{TITLE}</title>" in home and TAGLINE in home
    feed = client.get("/feed/").content.decode()
    assert f"<title>{TITLE}</title>" in feed and TAGLINE in feed
    assert TITLE in client.get("/tag/8bit/feed/").content.decode()

    # The author changes them in the admin: every page follows (the page cache too).
    response = staff_client.post(
        "/admin/blog/blogsettings/1/change/", {"title": "My own blog", "tagline": ""}
    )
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert "<title>My own blog</title>" in home
    assert "Commentary, with sources" in home  # empty: the environment's (BLOG_TAGLINE)
    assert "<title>My own blog</title>" in client.get("/feed/").content.decode()


def test_an_import_keeps_the_title_the_blog_has(client, tmp_path):
    BlogSettings.objects.create(title="Mine")
    summary = run(write_wxr(tmp_path, wxr_item(1)))
    assert "The WordPress site's title “Old blog” was not taken: the blog has its own" in summary
    assert BlogSettings.objects.get().title == "Mine"
    assert "<title>Mine</title>" in client.get("/").content.decode()


def test_without_settings_the_environment_names_the_blog(client, settings):
    settings.BLOG_TITLE, settings.BLOG_TAGLINE = "From the environment", "Its tagline"
    home = client.get("/").content.decode()
    assert "<title>From the environment</title>" in home and "Its tagline" in home


def test_editors_change_the_blog_s_title(client):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    response = client.get("/admin/blog/blogsettings/", follow=True)
    assert response.status_code == 200 and 'name="title"' in response.content.decode()
    client.post("/admin/blog/blogsettings/1/change/", {"title": "Editor's", "tagline": ""})
    assert BlogSettings.objects.get().title == "Editor's"
