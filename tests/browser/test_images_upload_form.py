"""The media library's upload form, as the author sees it."""

import pytest

from tests.factories import UserFactory
from tests.imagefiles import library_image


@pytest.fixture
def signed_in(page, live_server, transactional_db):
    UserFactory(username="editor", superuser=True)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    return page


@pytest.mark.parametrize("width", [390, 1280])
def test_decorative_label_sits_beside_its_checkbox(signed_in, live_server, screenshot, width):
    page = signed_in
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/admin/images/image/upload/")
    box = page.locator("#id_decorative").bounding_box()
    label = page.get_by_text("Decorative", exact=True).bounding_box()
    assert label["x"] > box["x"] + box["width"] - 1  # to its right…
    assert label["y"] < box["y"] + box["height"] and box["y"] < label["y"] + label["height"]
    screenshot(f"upload-{width}")


def test_media_library_lists_thumbnails_and_uses(signed_in, live_server, screenshot):
    library_image("harbour.jpg", alt_text="Boats")
    signed_in.goto(f"{live_server.url}/admin/images/image/")
    thumbnail = signed_in.locator("img.image-thumbnail")
    thumbnail.wait_for()
    assert thumbnail.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    screenshot("library")
