"""Slugs in every script round-trip: a tag, category, post or page named in Cyrillic, Greek,
Chinese or Arabic gets an address in that script, whether written in the admin or imported from
WordPress (which stores such slugs percent-encoded), and its pages answer and link to each other."""

from urllib.parse import quote

import pytest

from blog.models import Category, Page, Post, Status, Tag
from tests.factories import AuthorFactory, PostFactory
from tests.test_admin import post_form
from tests.test_wordpress_import import run, write_wxr

pytestmark = pytest.mark.django_db

# (language, tag, category, post title, its slug)
SCRIPTS = [
    ("cyrillic", "Новости", "Мир", "Привет мир", "привет-мир"),
    ("greek", "Ειδήσεις", "Κόσμος", "Γεια σου κόσμε", "γεια-σου-κόσμε"),
    ("cjk", "新闻", "世界", "你好世界", "你好世界"),
    ("arabic", "أخبار", "عالم", "مرحبا بالعالم", "مرحبا-بالعالم"),
]
IDS = [script[0] for script in SCRIPTS]


def href(obj):
    """An object's address as it appears in a page's links: percent-encoded UTF-8."""
    url = obj.get_absolute_url()
    assert url == quote(url, safe="/%")  # already encoded
    return url


def assert_linked_both_ways(client, post, *archives):
    page = client.get(href(post))
    assert page.status_code == 200
    html = page.content.decode()
    for archive in archives:
        assert f'href="{href(archive)}"' in html, archive
        listing = client.get(href(archive))
        assert listing.status_code == 200, archive
        assert f'href="{href(post)}"' in listing.content.decode(), archive


@pytest.mark.parametrize(("language", "tag", "category", "title", "slug"), SCRIPTS, ids=IDS)
def test_terms_and_posts_written_in_the_admin_keep_slugs_in_their_script(
    staff_client, client, language, tag, category, title, slug
):
    for model, name in (("tag", tag), ("category", category)):
        response = staff_client.post(
            f"/admin/blog/{model}/add/", {"name": name, "slug": name.lower(), "description": ""}
        )
        assert response.status_code == 302, response.content.decode()
    the_tag, the_category = Tag.objects.get(), Category.objects.get()
    assert (the_tag.slug, the_category.slug) == (tag.lower(), category.lower())
    response = staff_client.post(
        "/admin/blog/post/add/",
        post_form(
            title=title,
            slug=slug,
            author=AuthorFactory().pk,
            categories=[the_category.pk],
            tags=[the_tag.pk],
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    post = Post.objects.get(slug=slug)
    assert_linked_both_ways(client, post, the_tag, the_category)
    feed = client.get(f"{href(post)}feed/")
    assert feed.status_code == 200
    assert client.get(f"{href(the_tag)}feed/").status_code == 200
    assert client.get(f"{href(the_category)}feed/").status_code == 200


@pytest.mark.parametrize(("language", "tag", "category", "title", "slug"), SCRIPTS, ids=IDS)
def test_a_unicode_tag_added_to_an_existing_post_keeps_its_page_working(
    client, language, tag, category, title, slug
):
    post = PostFactory()
    post.tags.add(Tag.objects.create(name=tag, slug=tag.lower()))
    assert_linked_both_ways(client, post, post.tags.get())


@pytest.mark.parametrize(("language", "tag", "category", "title", "slug"), SCRIPTS, ids=IDS)
def test_a_page_takes_a_slug_in_its_script(client, language, tag, category, title, slug):
    page = Page.objects.create(title=title, slug=slug, status=Status.PUBLISHED)
    assert client.get(href(page)).status_code == 200


def wp(slug):
    """A slug as WordPress exports it: percent-encoded UTF-8, lower-case hex."""
    return quote(slug.lower(), safe="-").lower()


@pytest.mark.parametrize(("language", "tag", "category", "title", "slug"), SCRIPTS, ids=IDS)
def test_percent_encoded_wordpress_slugs_are_imported_decoded(
    client, tmp_path, settings, language, tag, category, title, slug
):
    settings.TIME_ZONE = "UTC"
    channel = f"""<wp:category><wp:term_id>40</wp:term_id>
<wp:category_nicename><![CDATA[{wp(category)}]]></wp:category_nicename>
<wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[{category}]]></wp:cat_name>
</wp:category>
<wp:tag><wp:term_id>41</wp:term_id><wp:tag_slug><![CDATA[{wp(tag)}]]></wp:tag_slug>
<wp:tag_name><![CDATA[{tag}]]></wp:tag_name></wp:tag>"""
    items = f"""<item><title>{title}</title><dc:creator>jane</dc:creator>
<content:encoded><![CDATA[<p>Text</p>]]></content:encoded>
<wp:post_id>7</wp:post_id><wp:post_date>2019-07-04 23:30:00</wp:post_date>
<wp:post_date_gmt>2019-07-04 23:30:00</wp:post_date_gmt><wp:post_name>{wp(slug)}</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="{wp(category)}"><![CDATA[{category}]]></category>
<category domain="post_tag" nicename="{wp(tag)}"><![CDATA[{tag}]]></category>
</item>"""
    run(write_wxr(tmp_path, channel=channel, items=items))
    post = Post.objects.get()
    assert post.slug == slug.lower()
    assert [t.slug for t in post.tags.all()] == [tag.lower()]
    assert [c.slug for c in post.categories.all()] == [category.lower()]
    assert Tag.objects.count() == Category.objects.count() == 1
    # The old WordPress addresses are the blog's own.
    assert client.get(f"/2019/07/04/{wp(slug)}/").status_code == 200
    assert client.get(f"/tag/{wp(tag)}/").status_code == 200
    assert client.get(f"/category/{wp(category)}/").status_code == 200
    assert client.get(f"/?tag={wp(tag)}")["Location"] == href(post.tags.get())
    assert_linked_both_ways(client, post, post.tags.get(), post.categories.get())
