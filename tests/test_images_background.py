"""Renditions are made by the background worker after an upload, never in the request: until
then an image is a placeholder of its size, its upload is never served, and the admin says so."""

import struct
import zlib
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from images import renditions
from images.models import Image
from tests.factories import PostFactory
from tests.imagefiles import exif_with_gps, figure, upload
from tests.pages import main_of
from tests.worker import committed

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/images/image/"


def png_header_only(width, height):
    """A PNG whose header claims `width` × `height` pixels, in a few bytes."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )


def admin_upload(staff_client, file):
    with committed():
        response = staff_client.post(f"{CHANGELIST}upload/", {"files": [file], "alt_text": ""})
    assert response.status_code == 302
    return Image.objects.get(), response


def test_an_upload_is_stored_at_once_and_its_renditions_wait_for_the_worker(
    staff_client, client, run_tasks, settings
):
    image, response = admin_upload(
        staff_client, upload("sideways.jpg", size=(1600, 1200), exif=exif_with_gps(orientation=6))
    )
    assert image.pending and image.renditions == []
    assert (image.width, image.height) == (1200, 1600)  # upright, from the header
    assert image.file.name.startswith("uploads/")
    assert client.get(f"/media/{image.file.name}").status_code == 404  # GPS and all: never served
    page = staff_client.get(response["Location"]).content.decode()
    assert "Renditions pending" in page
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1

    with committed():  # the worker's transaction commits
        assert run_tasks() == 1
    image.refresh_from_db()
    assert not image.pending
    assert image.file.name.startswith("images/")
    assert {r["width"] for r in image.renditions} == {320, 640, 960, 1200}
    assert (image.width, image.height) == (1200, 1600)
    assert not any(path.is_file() for path in (settings.MEDIA_ROOT / "uploads").rglob("*"))
    page = staff_client.get(response["Location"]).content.decode()
    assert "Renditions pending" not in page
    assert client.get(image.url()).status_code == 200


def test_a_post_shows_a_placeholder_until_the_renditions_exist_then_the_picture(
    staff_client, client, run_tasks
):
    image, _ = admin_upload(staff_client, upload("harbour.jpg", size=(1400, 1050)))
    post = PostFactory(body=f"<p>Before.</p>{figure(image, alt='Boats')}")
    html = main_of(client.get(post.get_absolute_url()))
    assert "/static/images/pending.svg" in html and 'width="1400"' in html
    assert "/media/uploads/" not in html and "<picture>" not in html
    assert run_tasks() == 1
    post.refresh_from_db()
    assert '<picture><source type="image/webp"' in post.body and 'alt="Boats"' in post.body
    html = main_of(client.get(post.get_absolute_url()))  # the cached page was let go
    assert "<picture>" in html and "pending.svg" not in html


def test_a_featured_image_is_a_placeholder_until_its_renditions_exist(
    staff_client, client, run_tasks
):
    image, _ = admin_upload(staff_client, upload("harbour.jpg", size=(1400, 1050)))
    post = PostFactory(featured_image=image)
    assert "pending.svg" in main_of(client.get(post.get_absolute_url()))
    run_tasks()
    html = main_of(client.get(post.get_absolute_url()))
    assert "pending.svg" not in html and "-1280w.webp" in html


def test_rendering_that_fails_is_tried_again_by_the_worker(staff_client, run_tasks, monkeypatch):
    image, _ = admin_upload(staff_client, upload("harbour.jpg"))
    make_files = renditions.make_files

    def storage_down(*args, **kwargs):
        raise OSError("storage unavailable")

    monkeypatch.setattr(renditions, "make_files", storage_down)
    run_tasks()
    image.refresh_from_db()
    assert image.pending
    result = DBTaskResult.objects.get()
    assert result.status == TaskResultStatus.READY  # queued again, after a delay
    monkeypatch.setattr(renditions, "make_files", make_files)
    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        assert run_tasks() == 1
    image.refresh_from_db()
    assert not image.pending


def test_running_the_task_again_changes_nothing(staff_client, run_tasks):
    from images.tasks import make_renditions

    image, _ = admin_upload(staff_client, upload("harbour.jpg"))
    run_tasks()
    image.refresh_from_db()
    before = (image.file.name, image.renditions)
    make_renditions.call(image.pk)
    image.refresh_from_db()
    assert (image.file.name, image.renditions) == before


def test_deleting_an_image_before_its_renditions_leaves_no_file(staff_client, run_tasks, settings):
    image, _ = admin_upload(staff_client, upload("harbour.jpg"))
    with committed():
        staff_client.post(f"{CHANGELIST}{image.pk}/delete/", {"post": "yes"})
    assert not Image.objects.exists()
    run_tasks()
    assert not any(path.is_file() for path in settings.MEDIA_ROOT.rglob("*"))


def test_a_7000_pixel_square_is_refused_from_its_header_by_default():
    """The default IMAGE_MAX_PIXELS (40 million) refuses it before a pixel is decoded."""
    with pytest.raises(ValidationError, match="7000×7000 pixels"):
        Image.from_upload(upload("big.png", content=png_header_only(7000, 7000)))
