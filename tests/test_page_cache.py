"""Anonymous readers get cached pages that answer 304s and change as soon as content does."""

from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_page_carries_etag_and_last_modified_and_answers_304(client):
    post = PostFactory()
    first = client.get(post.get_absolute_url())
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    assert "must-revalidate" in first.headers["Cache-Control"]
    again = client.get(post.get_absolute_url(), headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    since = client.get(
        post.get_absolute_url(), headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    assert since.status_code == 304


def test_editing_in_the_admin_shows_at_once_to_readers(client, staff_client):
    post = PostFactory(title="Before the edit")
    reader = client.get("/")
    assert "Before the edit" in reader.content.decode()
    form = {
        "title": "After the edit",
        "slug": post.slug,
        "body": post.body,
        "excerpt": "",
        "status": post.status,
        "publish_at_0": timezone.localtime(post.publish_at).strftime("%Y-%m-%d"),
        "publish_at_1": timezone.localtime(post.publish_at).strftime("%H:%M:%S"),
        "author": post.author_id,
        "allow_comments": "on",
    }
    assert staff_client.post(f"/admin/blog/post/{post.pk}/change/", form).status_code == 302
    fresh = client.get("/", headers={"If-None-Match": reader.headers["ETag"]})
    assert fresh.status_code == 200
    assert "After the edit" in fresh.content.decode()


def test_deleting_in_the_admin_removes_the_post_from_cached_pages(client, staff_client):
    post = PostFactory(title="Soon gone")
    assert "Soon gone" in client.get("/").content.decode()
    staff_client.post(f"/admin/blog/post/{post.pk}/delete/", {"post": "yes"})
    assert not Post.objects.exists()
    assert "Soon gone" not in client.get("/").content.decode()


def test_scheduled_post_appears_on_a_cached_home_page_when_due(client, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    PostFactory(title="Scheduled piece", publish_at=now + timedelta(hours=1))
    assert "Scheduled piece" not in client.get("/").content.decode()
    time_machine.move_to(now + timedelta(hours=1, seconds=1), tick=False)
    assert "Scheduled piece" in client.get("/").content.decode()


def test_signed_in_staff_never_get_the_readers_cached_copy(client, staff_client):
    draft = PostFactory(draft=True, title="Draft in progress")
    client.get("/")
    assert staff_client.get(draft.get_absolute_url()).status_code == 200
    assert "ETag" not in staff_client.get("/").headers


def test_refresh_pages_command_starts_a_new_version(client):
    from io import StringIO

    from django.core.management import call_command

    post = PostFactory(title="Old title")
    etag = client.get("/").headers["ETag"]
    Post.objects.filter(pk=post.pk).update(title="Changed in a shell")
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 304
    call_command("refresh_pages", stdout=StringIO())
    assert "Changed in a shell" in client.get("/").content.decode()


def test_sidebar_is_rendered_once_per_content_version(staff_client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from config.page_cache import content_changed

    PostFactory(title="Old news")
    with CaptureQueriesContext(connection) as first:
        staff_client.get("/")
    with CaptureQueriesContext(connection) as second:
        staff_client.get("/")
    # The first render looks up the content version and the blog's title and tagline, runs the
    # sidebar (recent posts, categories, months), the navigation and the list of posts (the
    # posts, their categories and tags); the second has them cached.
    assert len(first) - len(second) == 8

    PostFactory(title="Fresh news")
    content_changed()
    sidebar = staff_client.get("/").content.decode().split('class="sidebar"')[1]
    assert "Fresh news" in sidebar
