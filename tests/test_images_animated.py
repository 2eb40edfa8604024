"""Animated GIFs and WebPs stay animated in every file readers get, and lose their metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as PillowImage
from PIL import ImageSequence

from images.markup import picture
from images.models import Image
from tests.imagefiles import opened, rendered, upload

pytestmark = pytest.mark.django_db

COLOURS = ("red", "green", "blue")
DURATIONS = [100, 200, 300]


def animation(image_format="GIF", size=(800, 600), comment=b"secret note"):
    frames = [PillowImage.new("RGB", size, colour) for colour in COLOURS]
    buffer = io.BytesIO()
    options = {"comment": comment} if image_format == "GIF" else {}
    frames[0].save(
        buffer, image_format, save_all=True, append_images=frames[1:], duration=DURATIONS,
        loop=0, **options,
    )  # fmt: skip
    return buffer.getvalue()


def frame_colours(picture):
    return [frame.convert("RGB").getpixel((10, 10)) for frame in ImageSequence.Iterator(picture)]


@pytest.mark.parametrize("image_format", ["GIF", "WEBP"])
def test_every_file_of_an_animated_upload_keeps_its_three_frames(client, settings, image_format):
    image = rendered(upload("spinner.gif", content=animation(image_format)))
    assert image.fallback_format() == "gif"
    assert image.file.name.endswith(".gif")
    assert {(r["format"], r["width"]) for r in image.renditions} == {
        (f, w) for f in ("webp", "gif") for w in (320, 640, 800)
    }
    for name in image.file_names():
        content = b"".join(client.get(f"/media/{name}").streaming_content)
        picture = opened(content)
        assert picture.format == ("WEBP" if name.endswith(".webp") else "GIF"), name
        assert picture.n_frames == 3, name
        colours = frame_colours(picture)
        assert colours[0][0] > 200 and colours[1][1] > 100 and colours[2][2] > 200, name
        assert b"secret note" not in content, name
    master = opened((settings.MEDIA_ROOT / image.file.name).read_bytes())
    durations = []
    for frame in ImageSequence.Iterator(master):
        durations.append(frame.info["duration"])
    assert durations == DURATIONS


def test_animated_image_is_offered_as_webp_with_a_gif_fallback():
    markup = picture(rendered(upload("spinner.gif", content=animation())))
    assert '<source type="image/webp" srcset="' in markup
    assert "-320w.gif 320w" in markup and 'src="/media/' in markup


def test_an_animation_with_too_many_pixels_in_all_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000  # one frame of 800×600 fits, three don't
    with pytest.raises(ValidationError, match="has 3 frames of 800×600 pixels"):
        Image.from_upload(upload("long.gif", content=animation()))
    assert not Image.objects.exists()


def test_a_truncated_animation_is_refused(staff_client):
    content = animation()
    response = staff_client.post(
        "/admin/images/image/upload/", {"files": [upload("cut.gif", content=content[:-200])]}
    )
    assert response.status_code == 200
    assert "“cut.gif” is damaged or incomplete" in response.content.decode()
    assert not Image.objects.exists()


@pytest.mark.parametrize("image_format", ["GIF", "WEBP"])
def test_an_animation_uploaded_through_the_admin_form_is_taken(staff_client, image_format):
    """The way an author uploads: the form checks the file, then the library stores it."""
    response = staff_client.post(
        "/admin/images/image/upload/",
        {"files": [upload(f"spinner.{image_format.lower()}", content=animation(image_format))]},
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (800, 600)
    assert response["Location"] == f"/admin/images/image/{image.pk}/change/"
