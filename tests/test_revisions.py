"""Revisions: every admin save keeps one; compare, restore, bounded; the change form refuses a
save over someone else's newer one."""

import re

import pytest
from django.test import Client

from blog.models import Post, Status
from config import page_cache
from revisions.models import Revision
from tests.factories import (
    AuthorFactory,
    CategoryFactory,
    PostFactory,
    TagFactory,
    UserFactory,
)
from tests.imagefiles import library_image

pytestmark = pytest.mark.django_db


def change_url(post, suffix="change/"):
    return f"/admin/blog/post/{post.pk}/{suffix}"


def opened(client, post):
    """The change form as a browser opens it: the version it was loaded at."""
    response = client.get(change_url(post))
    assert response.status_code == 200
    return response.context["adminform"].form["edited_from"].value()


def form(post, **changes):
    data = {
        "title": post.title, "slug": post.slug, "body": post.body, "excerpt": post.excerpt,
        "status": post.status, "publish_at_0": "2024-11-05", "publish_at_1": "08:30:00",
        "author": post.author_id, "allow_comments": "on",
        "featured_image": post.featured_image_id or "",
        "categories": [c.pk for c in post.categories.all()],
        "tags": [t.pk for t in post.tags.all()],
    }  # fmt: skip
    return data | changes


def save(client, post, **changes):
    edited_from = opened(client, post)
    response = client.post(change_url(post), form(post, edited_from=edited_from, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    post.refresh_from_db()
    return response


@pytest.fixture
def post(db):
    return PostFactory(
        title="Notes from the border",
        draft=True,
        body="<p>The report is worth reading.</p><p>Journalists are not welcome here.</p>",
        categories=[CategoryFactory(name="World")],
        tags=[TagFactory(name="Press")],
    )


def test_each_save_keeps_a_revision_and_the_version_before_the_first(staff_client, post):
    save(staff_client, post, title="Notes from the northern border")
    save(staff_client, post, body="<p>The report is worth reading in full.</p>")
    revisions = list(Revision.objects.of(post))
    assert len(revisions) == 3  # the imported version, then each save
    oldest, first, latest = revisions[::-1]
    assert oldest.user is None and oldest.data["title"] == "Notes from the border"
    assert first.user.username == "editor"
    assert first.data["title"] == "Notes from the northern border"
    assert latest.data["body"] == "<p>The report is worth reading in full.</p>"
    assert latest.data["categories"] == [post.categories.get().pk]
    assert set(latest.data) == {
        "title", "body", "excerpt", "categories", "tags", "status", "publish_at",
        "featured_image", "body_format", "markdown",
    }  # fmt: skip


def test_compare_marks_the_differences_in_the_text_not_in_html(staff_client, post):
    save(staff_client, post, body="<p>The report is worth reading in <em>full</em>.</p>")
    old, new = Revision.objects.of(post)[::-1][:2]
    response = staff_client.get(change_url(post, f"revisions/compare/?a={old.pk}&b={new.pk}"))
    html = response.content.decode()
    assert "<p>The report is worth reading<ins> in full</ins>.</p>" in html.replace("\n", "")
    assert "<del>Journalists are not welcome here.</del>" in html
    assert "&lt;em&gt;" not in html and "<em>full" not in html


def test_restoring_an_older_revision_saves_it_as_a_new_one(staff_client, post):
    save(staff_client, post, title="A worse title", tags=[])
    older = Revision.objects.of(post).last()
    response = staff_client.post(change_url(post, f"revisions/{older.pk}/restore/"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Notes from the border"
    assert [t.name for t in post.tags.all()] == ["Press"]
    newest = Revision.objects.of(post).first()
    assert newest.restored_from == older and newest.data["title"] == "Notes from the border"
    assert Revision.objects.of(post).count() == 3


def test_a_restore_goes_through_the_same_checks_as_a_save(staff_client, post):
    image = library_image("harbour.jpg", alt_text="Boats in the harbour")
    save(staff_client, post, featured_image=image.pk, status=Status.PUBLISHED)
    save(staff_client, post, featured_image="", body="<p>Withdrawn.</p>", status=Status.DRAFT)
    published = Revision.objects.of(post).get(published=True)
    image.alt_text = ""
    image.save()

    response = staff_client.post(change_url(post, f"revisions/{published.pk}/restore/"))
    assert response.status_code == 302
    page = staff_client.get(response["Location"]).content.decode()
    assert "can’t be restored" in page, re.findall(r"<li class=\"[a-z]+\">.*?</li>", page)
    assert "has no alt text" in page
    post.refresh_from_db()
    assert post.status == Status.DRAFT and post.body == "<p>Withdrawn.</p>"


def test_revisions_stay_bounded_after_500_saves(staff_client, post, settings):
    settings.REVISIONS_KEPT = 20
    save(staff_client, post, status=Status.PUBLISHED)  # publishing: kept for good
    data = form(post)
    for number in range(500):
        response = staff_client.post(change_url(post), data | {"body": f"<p>Save {number}</p>"})
        assert response.status_code == 302
    revisions = Revision.objects.of(post)
    assert revisions.count() == 21
    assert revisions.first().data["body"] == "<p>Save 499</p>"
    assert revisions.filter(published=True).count() == 1
    assert revisions[19].data["body"] == "<p>Save 480</p>"


def test_importing_and_autosaving_make_no_revision(staff_client, post):
    url = change_url(post, "autosave/")
    staff_client.post(url, '{"fields": {"title": ["Typing"]}}', content_type="application/json")
    PostFactory.create_batch(3)
    assert not Revision.objects.exists()


def test_a_save_over_someone_elses_newer_save_is_refused_keeping_what_was_typed(post):
    first, second = Client(), Client()
    first.force_login(UserFactory(superuser=True, username="ana", first_name="Ana"))
    second.force_login(UserFactory(superuser=True, username="ben"))
    first_loaded, second_loaded = opened(first, post), opened(second, post)

    ok = first.post(change_url(post), form(post, edited_from=first_loaded, title="Ana's title"))
    assert ok.status_code == 302
    refused = second.post(
        change_url(post), form(post, edited_from=second_loaded, title="Ben's title")
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Ana saved this at" in html and "your changes were not saved" in html
    assert f'href="{change_url(post, "revisions/")}"' in html
    assert 'value="Ben&#x27;s title"' in html
    assert 'id="editing-status"' in html  # the form shown again keeps autosaving
    post.refresh_from_db()
    assert post.title == "Ana's title"

    # Told, Ben may send it again: the form now carries Ana's version.
    again = re.search(r'name="edited_from" value="([^"]+)"', html).group(1)
    replaced = second.post(change_url(post), form(post, edited_from=again, title="Ben's title"))
    assert replaced.status_code == 302
    post.refresh_from_db()
    assert post.title == "Ben's title"


def test_the_same_person_saving_from_two_tabs_is_not_refused(staff_client, post):
    loaded = opened(staff_client, post)
    save(staff_client, post, title="From the first tab")
    response = staff_client.post(change_url(post), form(post, edited_from=loaded))
    assert response.status_code == 302


def test_autosave_keeps_a_copy_apart_and_changes_no_page(staff_client, client, post):
    post.status = Status.PUBLISHED
    post.save()
    client.get(post.get_absolute_url())
    version = page_cache.content_state()["version"]
    url = change_url(post, "autosave/")
    answer = staff_client.post(
        url,
        '{"fields": {"title": ["Half a new title"], "body": ["<p>Half</p>"]}}',
        content_type="application/json",
    )
    assert answer.status_code == 200
    assert re.fullmatch(r"\d\d:\d\d", answer.json()["saved_at"])
    post.refresh_from_db()
    assert post.title == "Notes from the border"
    assert page_cache.content_state()["version"] == version

    reopened = staff_client.get(change_url(post)).content.decode()
    assert "newer than the last save" in reopened
    restored = staff_client.get(change_url(post) + "?restore_autosave=1").content.decode()
    assert 'value="Half a new title"' in restored


def test_autosave_refuses_bad_input_and_needs_csrf(post):
    user = UserFactory(superuser=True)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    url = change_url(post, "autosave/")
    assert strict.post(url, "{}", content_type="application/json").status_code == 403
    lax = Client()
    lax.force_login(user)
    assert lax.post(url, "not json", content_type="application/json").status_code == 400
    nul = '{"fields": {"title": ["a\\u0000b"]}}'
    assert lax.post(url, nul, content_type="application/json").status_code == 400
    assert lax.get(url).status_code == 405


def test_an_author_reaches_only_their_own_posts_revisions(post):
    stranger = UserFactory(staff=True, username="stranger")
    from django.contrib.auth.models import Group

    stranger.groups.add(Group.objects.get(name="Author"))
    AuthorFactory(user=stranger)
    client = Client()
    client.force_login(stranger)
    assert client.get(change_url(post, "revisions/")).status_code == 404
    assert client.post(change_url(post, "autosave/"), "{}", "application/json").status_code == 404


def test_post_list_shows_word_count_and_who_saved_last(staff_client, post):
    save(staff_client, post, body="<p>One two three four five.</p>")
    html = staff_client.get("/admin/blog/post/").content.decode()
    assert '<td class="field-word_count">5</td>' in html
    assert re.search(r'<td class="field-last_modified">[^<]* · editor</td>', html)


def test_a_page_keeps_revisions_too(staff_client):
    from tests.factories import PageFactory

    page = PageFactory(slug="about", title="About")
    response = staff_client.post(
        f"/admin/blog/page/{page.pk}/change/",
        {"title": "About us", "slug": "about", "body": "<p>Hi</p>", "status": "draft", "order": 0},
    )
    assert response.status_code == 302
    assert [r.data["title"] for r in Revision.objects.of(page)] == ["About us", "About"]
    assert Post.objects.count() == 0


def test_the_post_page_runs_as_many_queries_with_revisions_autosaves_and_links(
    client, staff_client, settings
):
    from tests.test_queries import EXPECTED, SMALL, fill, query_count, warm_shared_fragments

    urls = fill(SMALL, settings)
    post = Post.objects.get(slug=urls["post"].rstrip("/").rsplit("/", 1)[1])
    save(staff_client, post, title="Saved in the admin")
    url = change_url(post, "autosave/")
    staff_client.post(url, '{"fields": {"title": ["Half"]}}', content_type="application/json")
    staff_client.post(change_url(PostFactory(draft=True), "share/"))
    warm_shared_fragments(client)
    assert query_count(client, post.get_absolute_url()) == EXPECTED["post"]


def test_the_publish_action_keeps_a_revision_that_published_it(staff_client, post):
    response = staff_client.post(
        "/admin/blog/post/", {"action": "publish", "_selected_action": [post.pk]}
    )
    assert response.status_code == 302
    newest, before = Revision.objects.of(post)
    assert newest.published and newest.data["status"] == Status.PUBLISHED
    assert before.data["status"] == Status.DRAFT and not before.published


def test_revisions_knows_none_of_our_other_apps():
    from django.conf import settings

    from tests.test_images_leaf import imported_modules

    ours = {"blog", "comments", "wordpress", "images", "config"}
    for path in (settings.BASE_DIR / "revisions").rglob("*.py"):
        for module in imported_modules(path):
            assert module.split(".")[0] not in ours, f"{path.name} imports {module}"


def test_deleting_a_post_in_the_admin_deletes_its_revisions_and_links(staff_client, post):
    save(staff_client, post, title="Soon gone")
    staff_client.post(change_url(post, "share/"))
    response = staff_client.post(change_url(post, "delete/"), {"post": "yes"})
    assert response.status_code == 302
    assert not Revision.objects.exists()
    from revisions.models import DraftLink

    assert not DraftLink.objects.exists()


def test_restoring_a_revision_whose_tag_was_deleted_since_leaves_the_tag_out(staff_client, post):
    save(staff_client, post, tags=[])
    older = Revision.objects.of(post).last()
    post.tags.model.objects.filter(name="Press").delete()
    response = staff_client.post(change_url(post, f"revisions/{older.pk}/restore/"))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Notes from the border" and not post.tags.exists()
    assert [c.name for c in post.categories.all()] == ["World"]
