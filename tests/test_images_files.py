"""What readers get: upright, metadata-free files in several widths, cached for a year."""

import pytest

from tests.imagefiles import GPS_IFD, exif_with_gps, library_image, opened, rendered, upload

pytestmark = pytest.mark.django_db


def served(client, name):
    response = client.get(f"/media/{name}")
    assert response.status_code == 200, name
    return b"".join(response.streaming_content), response


def test_exif_orientation_is_applied_and_gps_and_serial_are_stripped_from_every_served_file(
    client,
):
    # Stored sideways (orientation 6: the camera was turned), 1600 wide and 1200 high.
    image = rendered(upload("sideways.jpg", size=(1600, 1200), exif=exif_with_gps(orientation=6)))
    assert (image.width, image.height) == (1200, 1600)
    for name in image.file_names():
        content, _ = served(client, name)
        picture = opened(content)
        assert picture.height > picture.width, name
        exif = picture.getexif()
        assert not exif.get_ifd(GPS_IFD), name
        assert b"SN-123456" not in content and b"Testcam" not in content, name
        assert exif.get(0x0112) in (None, 1), name


def test_renditions_come_in_several_widths_in_webp_and_jpeg_never_upscaled():
    image = library_image(size=(1000, 500))
    widths = {(r["format"], r["width"], r["height"]) for r in image.renditions}
    assert widths == {
        (image_format, width, width // 2)
        for image_format in ("webp", "jpeg")
        for width in (320, 640, 960, 1000)
    }
    large = library_image(size=(4000, 3000))
    assert max(r["width"] for r in large.renditions) == 1920


def test_transparent_png_keeps_a_png_fallback():
    image = rendered(upload("logo.png", image_format="PNG", mode="RGBA", size=(400, 200)))
    assert image.fallback_format() == "png"
    assert {r["format"] for r in image.renditions} == {"webp", "png"}


def test_file_names_carry_the_content_hash():
    image = library_image()
    folder = f"images/{image.content_hash[:2]}/{image.content_hash[2:16]}/"
    assert all(name.startswith(folder) for name in image.file_names())
    assert image.file.name == f"{folder}photo.jpg"


def test_media_view_serves_images_with_long_immutable_caching(client):
    image = library_image()
    rendition = image.rendition_for(640, "webp")
    content, response = served(client, rendition["name"])
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(content) == rendition["bytes"]
    assert client.head(f"/media/{rendition['name']}").status_code == 200
    assert client.post(f"/media/{rendition['name']}").status_code == 405


def test_media_view_refuses_traversal_listings_and_other_files(client, settings):
    image = library_image()
    settings.MEDIA_ROOT.joinpath("notes.html").write_text("<script>alert(1)</script>")
    folder = image.file.name.rsplit("/", 1)[0]
    for path in [
        "/media/../config/settings.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/images/../../manage.py",
        f"/media/{folder}/../../../../pyproject.toml",
        f"/media/{folder}/",
        f"/media/{folder}",
        "/media/notes.html",
        "/media//etc/hosts.jpg",
        "/media/images/missing.jpg",
    ]:
        assert client.get(path).status_code == 404, path
