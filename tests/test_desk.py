"""The writing desk: buttons that say what they do, the dashboard, pasted images and HTML."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from blog.models import Author, Page, Post, Status
from comments import flow
from comments.models import Comment
from images.models import Image
from tests.commenting import form_data
from tests.factories import AuthorFactory, PostFactory, UserFactory
from tests.imagefiles import upload

ADD_URL = "/admin/blog/post/add/"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def writer(db):
    user = UserFactory(username="writer", superuser=True)
    AuthorFactory(user=user, name="The Writer")
    return user


@pytest.fixture
def desk(client, writer):
    client.force_login(writer)
    return client


def post_data(**fields):
    now = timezone.localtime()
    data = {
        "title": "Notes from the border",
        "slug": "notes-from-the-border",
        "body": "<p>The report is worth reading.</p>",
        "excerpt": "",
        "status": Status.DRAFT,
        "publish_at_0": now.strftime("%Y-%m-%d"),
        "publish_at_1": now.strftime("%H:%M:%S"),
        "author": Author.objects.get(name="The Writer").pk,
        "allow_comments": "on",
        "desk_when": "now",
    }
    data.update(fields)
    return data


def test_a_new_post_offers_save_draft_preview_and_publish(desk):
    html = desk.get(ADD_URL).content.decode()
    assert 'value="draft"' in html and ">Save draft</button>" in html
    assert ">Preview</button>" in html and "Publish</button>" in html
    assert 'class="desk-title' in html and 'id="desk-help" class="desk-help" popover' in html
    assert "css/entry.css" in html and "js/desk.js" in html
    assert "<script>" not in html  # nothing inline: the CSP forbids it


def test_save_draft_keeps_a_draft_even_if_the_status_says_published(desk):
    response = desk.post(ADD_URL, post_data(_continue="draft", status=Status.PUBLISHED))
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{post.pk}/change/")
    assert post.status == Status.DRAFT


def test_publish_now_publishes_at_the_moment_of_publishing(desk):
    an_hour_ago = timezone.localtime() - timedelta(hours=1)
    desk.post(
        ADD_URL,
        post_data(_continue="publish", publish_at_1=an_hour_ago.strftime("%H:%M:%S")),
    )
    post = Post.objects.get()
    assert post.status == Status.PUBLISHED and post.is_public
    assert timezone.now() - post.publish_at < timedelta(minutes=1)


def test_schedule_publishes_at_the_date_given_and_the_button_says_when(desk):
    later = timezone.localtime() + timedelta(days=2)
    desk.post(
        ADD_URL,
        post_data(
            _continue="publish",
            desk_when="schedule",
            publish_at_0=later.strftime("%Y-%m-%d"),
            publish_at_1="09:30:00",
        ),
    )
    post = Post.objects.get()
    assert post.status == Status.PUBLISHED and not post.is_public
    html = desk.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert "Schedule for" in html and ">Switch to draft</button>" in html
    assert "Scheduled" in html


def test_a_public_post_says_update_and_unpublishing_asks_first(desk):
    post = PostFactory(author__user=None, title="Live")
    html = desk.get(f"/admin/blog/post/{post.pk}/change/").content.decode()
    assert ">Update</button>" in html and "Save draft" not in html
    assert 'value="unpublish" data-confirm="' in html
    data = post_data(
        _continue="unpublish", title="Live", slug=post.slug, status=Status.PUBLISHED,
        publish_at_0=timezone.localtime(post.publish_at).strftime("%Y-%m-%d"),
        publish_at_1=timezone.localtime(post.publish_at).strftime("%H:%M:%S"),
    )  # fmt: skip
    desk.post(f"/admin/blog/post/{post.pk}/change/", data)
    post.refresh_from_db()
    assert post.status == Status.DRAFT


def test_preview_saves_the_draft_and_opens_its_preview(desk):
    response = desk.post(ADD_URL, post_data(_continue="preview"))
    post = Post.objects.get()
    assert response["Location"] == post.get_absolute_url()
    assert post.status == Status.DRAFT
    assert "Preview: this post is not public" in desk.get(post.get_absolute_url()).content.decode()


def test_a_refused_save_keeps_what_was_typed(desk):
    response = desk.post(ADD_URL, post_data(_continue="publish", slug="", title="Kept title"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Kept title"' in html and "errorlist" in html


def test_pages_get_the_same_desk(desk):
    html = desk.get("/admin/blog/page/add/").content.decode()
    assert ">Save draft</button>" in html and "desk-layout" in html
    desk.post(
        "/admin/blog/page/add/",
        {"title": "About", "slug": "about", "body": "<p>Hi</p>", "status": "draft",
         "order": "0", "in_navigation": "on", "_continue": "publish"},
    )  # fmt: skip
    assert Page.objects.get().status == Status.PUBLISHED


def test_pasted_word_processor_html_keeps_only_structure_when_saved(desk):
    pasted = (FIXTURES / "word_processor.html").read_text()
    desk.post(ADD_URL, post_data(_continue="draft", body=pasted))
    body = Post.objects.get().body
    # A span is allowed (embed cards use them), but keeps neither a style nor Word's classes.
    for unwanted in ("<span ", "style=", "<font", "Mso", "<!--", "<o:p", "color", "Calibri"):
        assert unwanted not in body
    assert "<blockquote>" in body and "<i>worth</i>" in body and "<b>in full</b>" in body
    assert '<a href="https://example.org/report"' in body and "<table>" in body


# The dashboard


def held_comment(client, post, settings, name):
    settings.COMMENTS_HOLD_FIRST_COMMENT = True
    settings.COMMENTS_RATE_LIMIT = (100, 60)
    reader = type(client)()  # each commenter in their own browser: a first comment is held
    response = reader.post(
        "/comments/post/", form_data(post, name=name, email=f"{name.lower()}@example.com")
    )
    assert response.status_code in (200, 302)
    return Comment.objects.get(user_name=name)


def test_dashboard_starts_with_write_a_post_and_lists_what_waits(desk, client, settings):
    draft = PostFactory(draft=True, title="Half-written")
    soon = PostFactory(
        title="Coming soon", status=Status.PUBLISHED, publish_at=timezone.now() + timedelta(days=1)
    )
    published = PostFactory(title="Out now")
    held = held_comment(client, published, settings, "Ada")
    html = desk.get("/admin/").content.decode()
    assert html.index("Write a post") < html.index("Drafts in progress")
    assert draft.title in html and soon.title in html
    assert "Nothing waits for you" not in html and held.comment in html
    assert 'action="/admin/dashboard/moderate/"' in html and "csrfmiddlewaretoken" in html


def test_approve_and_spam_from_the_dashboard_go_through_the_comment_flow(desk, client, settings):
    post = PostFactory(title="Out now")
    first = held_comment(client, post, settings, "Ada")
    second = held_comment(client, post, settings, "Bob")
    response = desk.post("/admin/dashboard/moderate/", {"comment": first.pk, "verdict": "approve"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    desk.post("/admin/dashboard/moderate/", {"comment": second.pk, "verdict": "spam"})
    first.refresh_from_db()
    second.refresh_from_db()
    post.refresh_from_db()
    assert first.is_public and not second.is_public and second.is_spam
    assert post.comment_count == 1  # the flow recounts


def test_moderating_needs_the_permission_and_a_real_request(client, db, settings):
    author = UserFactory(username="author", staff=True)
    author.groups.add(Group.objects.get(name="Author"))
    client.force_login(author)
    assert (
        client.post("/admin/dashboard/moderate/", {"comment": 1, "verdict": "approve"}).status_code
        == 403
    )
    editor = UserFactory(username="editor", staff=True)
    editor.groups.add(Group.objects.get(name="Editor"))
    client.force_login(editor)
    assert client.get("/admin/dashboard/moderate/").status_code == 405
    response = client.post("/admin/dashboard/moderate/", {"comment": "x", "verdict": "approve"})
    assert response.status_code == 302
    assert (
        client.post("/admin/dashboard/moderate/", {"comment": 999, "verdict": "spam"}).status_code
        == 404
    )


def test_authors_do_not_see_the_sites_or_the_task_internals(client, db):
    author = UserFactory(username="author", staff=True)
    author.groups.add(Group.objects.get(name="Editor"))
    client.force_login(author)
    html = client.get("/admin/").content.decode()
    assert "Write a post" in html and "Posts" in html
    assert "/admin/sites/" not in html and "/admin/django_tasks_database/" not in html


@pytest.mark.parametrize("size", [2, 20])
def test_dashboard_runs_a_fixed_number_of_queries(
    desk, writer, client, settings, size, django_assert_num_queries
):
    for number in range(size):
        PostFactory(draft=True, title=f"Draft {number}")
        PostFactory(
            title=f"Soon {number}",
            status=Status.PUBLISHED,
            publish_at=timezone.now() + timedelta(days=number + 1),
        )
    post = PostFactory(title="Out now")
    for number in range(min(size, 10)):
        held_comment(client, post, settings, f"Reader{number}")
    flow.approve(Comment.objects.filter(user_name="Reader0"))  # one in the recent comments
    desk.get("/admin/")  # the content types, cached from then on
    # 11 are the session, the user and the two-factor checks every admin page makes; 7 are its own.
    with django_assert_num_queries(18):
        assert desk.get("/admin/").status_code == 200


# Images pasted or dropped into the editor


def test_a_pasted_image_goes_into_the_library_with_its_alt_text(desk):
    response = desk.post(
        "/admin/images/image/paste/",
        {"files": upload("pasted.png", image_format="PNG"), "alt_text": "A red square"},
    )
    assert response.status_code == 200
    image = Image.objects.get(pk=response.json()["id"])
    assert image.alt_text == "A red square" and image.uploaded_by.username == "writer"
    assert response.json()["alt"] == "A red square"


def test_a_pasted_file_that_is_no_image_is_refused_with_a_reason(desk):
    response = desk.post(
        "/admin/images/image/paste/",
        {"files": upload("notes.png", content=b"not an image at all"), "alt_text": "x"},
    )
    assert response.status_code == 400 and response.json()["errors"]
    assert not Image.objects.exists()
