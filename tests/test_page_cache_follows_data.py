"""The content version follows the data: any change readers can see, wherever it is made,
starts a new one; changes they can't see (held or spam comments, drafts) keep the cache."""

import subprocess
import sys

import pytest

from blog.models import Post
from comments.models import Comment
from tests.commenting import form_data
from tests.factories import PostFactory
from tests.imagefiles import library_image
from tests.processes import ROOT, process_env

POST_URL = "/comments/post/"


@pytest.fixture
def comment_settings(settings):
    settings.COMMENTS_RATE_LIMIT = (1000, 60)
    settings.COMMENTS_BLOCKLIST = ["casino"]
    settings.COMMENTS_HOLD_FIRST_COMMENT = True


def etag(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.headers["ETag"]


@pytest.mark.django_db
def test_editing_an_images_alt_text_and_caption_in_the_admin_changes_the_cached_post(
    client, staff_client
):
    image = library_image(alt_text="Boats", caption="")
    post = PostFactory(featured_image=image)
    url = post.get_absolute_url()
    assert 'alt="Boats"' in client.get(url).content.decode()
    form = {"alt_text": "Fishing boats in the harbour at dawn", "caption": "Low tide"}
    response = staff_client.post(f"/admin/images/image/{image.pk}/change/", form)
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert 'alt="Fishing boats in the harbour at dawn"' in html and "Low tide" in html


@pytest.mark.django_db
def test_spam_and_held_comments_keep_the_cached_pages_approving_changes_them(
    client, admin_client, comment_settings
):
    post = PostFactory()
    url = post.get_absolute_url()
    before = etag(client, url)
    assert client.post(POST_URL, form_data(post, comment="Visit my casino")).status_code == 200
    assert client.post(POST_URL, form_data(post, comment="First time here")).status_code == 200
    spam, held = Comment.objects.order_by("pk")
    assert spam.is_spam and not held.is_public
    assert etag(client, url) == before
    assert etag(client, "/") == before
    admin_client.post(
        "/admin/comments/comment/", {"action": "approve", "_selected_action": [held.pk]}
    )
    assert Comment.objects.get(pk=held.pk).is_public
    after = client.get(url)
    assert after.headers["ETag"] != before
    assert "First time here" in after.content.decode()


@pytest.mark.django_db
def test_saving_a_draft_keeps_the_cached_pages(client):
    draft = PostFactory(draft=True)
    before = etag(client, "/")
    draft.title = "Still a draft"
    draft.save()
    assert etag(client, "/") == before
    draft.status = "published"
    draft.save()
    assert etag(client, "/") != before


def test_a_change_saved_in_manage_py_shell_shows_on_the_next_request(
    client, transactional_db, settings, tmp_path
):
    """Another process (a shell, a script, the worker) sharing the database and the cache."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache_backends.PlainFileCache",
            "LOCATION": tmp_path / "cache",
        }
    }
    post = PostFactory(title="Written in the admin")
    assert "Written in the admin" in client.get("/").content.decode()
    assert "Written in the admin" in client.get("/").content.decode()  # from the cache
    code = (
        "from blog.models import Post\n"
        f"post = Post.objects.get(pk={post.pk})\n"
        "post.title = 'Corrected in a shell'\n"
        "post.save()\n"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=process_env(CACHE_DIR=str(tmp_path / "cache")),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert Post.objects.get().title == "Corrected in a shell"
    assert "Corrected in a shell" in client.get("/").content.decode()
