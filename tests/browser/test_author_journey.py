"""The author's day, start to end, at desktop and phone widths: sign in, write a post with a
heading, a quotation, a link and an image, save it as a draft, preview it, schedule it a few
seconds ahead, see it reach readers at its time, then approve a reader's held comment from the
dashboard and see it as the reader does."""

import base64
import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from blog.models import Post
from tests.browser.test_desk import PASSWORD, PASTE, SELECTION_IS, collapse_selection
from tests.factories import AuthorFactory, UserFactory
from tests.imagefiles import image_bytes
from tests.worker import run_due_tasks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Far enough ahead that the reader can be shown it is not out yet, even on a busy machine.
SCHEDULE_AHEAD = timedelta(seconds=20)


@pytest.fixture
def blog(settings, transactional_db):
    settings.COMMENTS_MIN_SECONDS = 0  # the reader below types faster than a person
    user = UserFactory(username="writer", superuser=True)
    AuthorFactory(user=user, name="The Writer")


def reload_until_visible(page, locator, timeout):
    """The page as a reader reloads it, until the locator shows: a scheduled post is out at its
    time, whatever the cache held before."""
    deadline = time.monotonic() + timeout
    while True:
        page.reload()
        if locator.count():
            return
        assert time.monotonic() < deadline, f"{locator} never showed"
        page.wait_for_timeout(1000)


def let_go_of_the_database():
    # The live server's threads hold database connections until their sockets close.
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=5)


@pytest.mark.parametrize("width", [1280, 390])
def test_an_author_writes_schedules_and_moderates(live_server, blog, browser, width):
    size = {"width": width, "height": 900 if width > 600 else 844}
    author_context = browser.new_context(viewport=size)
    reader_context = browser.new_context(viewport=size)
    author, reader = author_context.new_page(), reader_context.new_page()
    errors = []
    for tab in (author, reader):
        tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
        tab.on("pageerror", lambda error: errors.append(str(error)))

    def shot(tab, name):
        tab.screenshot(path=f"test-results/author-journey-{width}-{name}.png", full_page=True)

    try:
        # Sign in.
        author.goto(f"{live_server.url}/admin/")
        author.fill("#id_username", "writer")
        author.fill("#id_password", PASSWORD)
        author.get_by_role("button", name="Log in").click()
        author.locator(".write-post").click()
        author.wait_for_url("**/admin/blog/post/add/")

        # Write: a heading, a quotation, a link and an image, with the editor's own shortcuts.
        author.fill("#id_title", "Low tide at the harbour")
        editor = author.locator(".ProseMirror.entry-content")
        editor.click()
        author.keyboard.type("The boats sit on the mud twice a day.")
        author.keyboard.press("Enter")
        author.keyboard.type("## What the harbour master said")
        author.keyboard.press("Enter")
        author.keyboard.type("> Nobody sails before noon.")
        author.keyboard.press("Enter")
        author.keyboard.press("Enter")  # out of the quotation
        author.keyboard.type("The tide tables")
        author.keyboard.down("Shift")
        for _character in "The tide tables":
            author.keyboard.press("ArrowLeft")
        author.keyboard.up("Shift")
        author.wait_for_function(SELECTION_IS, arg="The tide tables")
        author.keyboard.press("Control+k")
        link_dialog = author.locator("dialog.prose-editor-dialog[open]")
        link_dialog.locator("input").first.fill("https://example.org/tides")
        link_dialog.locator("button[type=submit]").first.click()
        expect(link_dialog).to_have_count(0)
        expect(editor).to_be_focused()  # the dialog hands the focus back to the text
        collapse_selection(author, "End")
        author.keyboard.press("Enter")
        png = base64.b64encode(image_bytes(size=(800, 600), image_format="PNG")).decode()
        author.evaluate(PASTE, ["file", png, "mud.png"])
        image_dialog = author.locator("#desk-image-dialog")
        image_dialog.get_by_label("Alt text", exact=True).fill("Boats lying on the mud")
        image_dialog.get_by_role("button", name="Upload and insert").click()
        expect(image_dialog).to_be_hidden()
        expect(editor.locator("figure img[alt='Boats lying on the mud']")).to_have_count(1)

        # Save it as a draft: it stays the author's.
        author.get_by_role("button", name="Save draft").click()
        author.wait_for_url("**/admin/blog/post/*/change/")
        expect(author.locator(".desk-state")).to_contain_text("Draft")
        post = Post.objects.get(title="Low tide at the harbour")
        assert not post.is_public
        run_due_tasks()  # the image's renditions, as the worker makes them
        assert reader.request.get(live_server.url + post.get_absolute_url()).status == 404

        # Preview, in a tab of its own, as readers will see it.
        with author_context.expect_page() as opened:
            author.get_by_role("button", name="Preview").click()
        preview = opened.value
        preview.wait_for_load_state()
        expect(preview.locator(".preview-notice")).to_contain_text("not public")
        content = preview.locator(".entry-content")
        expect(content.locator("h2")).to_have_text("What the harbour master said")
        expect(content.locator("blockquote")).to_have_text("Nobody sails before noon.")
        link = content.locator("a[href='https://example.org/tides']")
        expect(link).to_have_text("The tide tables")
        expect(content.locator("img[alt='Boats lying on the mud']")).to_have_count(1)
        shot(preview, "preview")
        preview.close()

        # Schedule it a little ahead.
        author.check("input[name=desk_when][value=schedule]")
        when = timezone.localtime() + SCHEDULE_AHEAD
        author.fill("#id_publish_at_0", when.strftime("%Y-%m-%d"))
        author.fill("#id_publish_at_1", when.strftime("%H:%M:%S"))
        author.locator("#id_publish_at_1").dispatch_event("change")
        publish = author.locator("button[name=_continue][value=publish]")
        expect(publish).to_contain_text("Schedule for")
        publish.click()
        author.wait_for_url("**/admin/blog/post/*/change/")
        expect(author.locator(".desk-state")).to_contain_text("Scheduled")
        post.refresh_from_db()
        assert post.publish_at > timezone.now(), "the machine took the whole margin"

        # Readers: not on the home page before its time (the page is cached meanwhile) …
        reader.goto(live_server.url + "/")
        headline = reader.get_by_role("link", name="Low tide at the harbour")
        expect(headline).to_have_count(0)
        assert post.publish_at > timezone.now(), "the machine took the whole margin"
        # … and there at its time, with nobody touching anything.
        reload_until_visible(reader, headline, timeout=SCHEDULE_AHEAD.total_seconds() + 30)
        assert timezone.now() >= post.publish_at
        shot(reader, "home-after-its-time")

        # A reader's first comment waits for the author.
        headline.first.click()
        expect(reader.get_by_role("heading", level=1)).to_have_text("Low tide at the harbour")
        reader.locator("#id_name").fill("Maud Walker")
        reader.locator("#id_email").fill("maud@example.com")
        reader.locator("#id_comment").fill("I walked out to the wreck at low tide.")
        reader.get_by_role("button", name="Post comment").click()
        expect(reader.locator(".comments-message")).to_contain_text("awaiting moderation")
        reader.goto(live_server.url + post.get_absolute_url())
        expect(reader.locator(".comment-content")).to_have_count(0)

        # The author approves it from the dashboard.
        author.goto(f"{live_server.url}/admin/")
        held = author.locator(".home-moderation .home-comment", has_text="Maud Walker")
        expect(held).to_contain_text("I walked out to the wreck at low tide.")
        shot(author, "dashboard-held")
        held.get_by_role("button", name="Approve").click()
        expect(author.locator(".home-moderation")).to_contain_text("Nothing waits for you.")

        # The reader sees it under the post.
        reader.reload()
        expect(reader.locator(".comment-content")).to_have_text(
            "I walked out to the wreck at low tide."
        )
        expect(reader.locator(".comment-author")).to_have_text("Maud Walker")
        shot(reader, "comment-approved")
        assert not errors, f"the browser reported errors: {errors}"
    finally:
        author_context.close()
        reader_context.close()
        let_go_of_the_database()
