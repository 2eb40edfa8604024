"""The author inserts a library image into a post from the editor, in a real Chromium."""

import os
import threading

import pytest
from playwright.sync_api import expect

from blog.models import Post
from tests.factories import AuthorFactory, UserFactory
from tests.imagefiles import library_image

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    yield page
    page.close()
    # The live server answers each browser connection in a thread holding its own database
    # connection until the socket closes; let them finish before the test database goes.
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=5)
    assert not errors


def test_author_picks_a_library_image_in_the_editor_and_readers_get_a_responsive_figure(
    page, live_server
):
    library_image("harbour.jpg", alt_text="Boats in the harbour", caption="The harbour")
    user = UserFactory(superuser=True, username="writer")
    AuthorFactory(user=user, name="Writer")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "writer")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")

    page.goto(f"{live_server.url}/admin/blog/post/add/")
    page.fill("#id_title", "Harbour notes")
    page.locator(".ProseMirror[contenteditable]").click()
    page.keyboard.type("At the harbour this morning.")
    page.locator('.prose-menubar__button[title="figure"]').click()
    dialog = page.locator("dialog.prose-editor-dialog")
    with page.expect_popup() as picker:
        dialog.get_by_role("button", name="Browse...").click()
    picker.value.locator(".picker-choice", has_text="harbour.jpg").click()
    # The picker hands its choice to the editor asynchronously: wait for what the dialog shows.
    expect(dialog.locator("input[name=altText]")).to_have_value("Boats in the harbour")
    expect(dialog.locator("input[name=caption]")).to_have_value("The harbour")
    dialog.locator("button[type=submit]").click()
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/admin/blog/post/*/change/")

    post = Post.objects.get(title="Harbour notes")
    assert '<figure class="figure"><picture><source type="image/webp"' in post.body
    assert "<figcaption" in post.body and "The harbour</figcaption>" in post.body
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    image = page.locator(".entry-content figure img")
    image.scroll_into_view_if_needed()
    image.evaluate("img => img.decode()")  # resolves once the image has loaded (no eval: CSP)
    expect(image).to_have_attribute("alt", "Boats in the harbour")
    assert image.evaluate("img => img.naturalWidth") > 0
    assert image.evaluate("img => img.currentSrc").endswith(".webp")
    page.wait_for_load_state("networkidle")  # no request left to hold a database connection
