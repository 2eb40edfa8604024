"""At the door: only whole, real images of an accepted kind and size get in, or nothing does."""

import struct
import zlib

import pytest
from django.core.exceptions import ValidationError

from images.models import Image
from tests.imagefiles import image_bytes, rendered, upload

pytestmark = pytest.mark.django_db


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def refusal(settings, file):
    with pytest.raises(ValidationError) as caught:
        Image.from_upload(file)
    assert not Image.objects.exists()
    assert stored_files(settings) == []
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    ("name", "image_format", "mode"),
    [
        ("a.jpg", "JPEG", "RGB"),
        ("b.png", "PNG", "RGBA"),
        ("c.gif", "GIF", "P"),
        ("d.webp", "WEBP", "RGB"),
        ("e.avif", "AVIF", "RGB"),
    ],
)
def test_real_images_of_each_accepted_kind_are_taken(name, image_format, mode):
    image = rendered(upload(name, size=(700, 500), image_format=image_format, mode=mode))
    assert (image.width, image.height) == (700, 500)
    assert {r["format"] for r in image.renditions} == {"webp", image.fallback_format()}


def test_text_file_named_jpg_is_refused(settings):
    message = refusal(settings, upload("notes.jpg", content=b"Just some text, not a photo.\n"))
    assert "“notes.jpg” is not an image of an accepted kind" in message


def test_svg_or_other_kinds_are_refused(settings):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert "not an image of an accepted kind" in refusal(settings, upload("x.svg", content=svg))
    bmp = image_bytes(image_format="BMP")
    assert "not an image of an accepted kind" in refusal(settings, upload("x.jpg", content=bmp))


@pytest.mark.parametrize("image_format", ["JPEG", "PNG"])
def test_truncated_file_is_refused(settings, image_format):
    whole = image_bytes(size=(600, 400), image_format=image_format)
    message = refusal(settings, upload("cut.img", content=whole[: len(whole) // 2]))
    assert "“cut.img” is damaged or incomplete" in message


def test_file_over_the_size_limit_is_refused(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 1000
    message = refusal(settings, upload("big.jpg", size=(400, 300)))
    assert "“big.jpg” is" in message and "the largest file accepted is 1000" in message


def test_image_over_the_pixel_limit_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 100 * 100
    message = refusal(settings, upload("wide.png", size=(200, 100), image_format="PNG"))
    assert "“wide.png” is 200×100 pixels" in message


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_decompression_bomb_header_is_refused_without_inflating(settings):
    """A 100 000 × 100 000 PNG in a few bytes: refused from its header alone."""
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + png_chunk(b"IEND", b"")
    )
    message = refusal(settings, upload("bomb.png", content=bomb))
    assert "“bomb.png”" in message and "pixels" in message
