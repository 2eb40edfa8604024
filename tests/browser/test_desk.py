"""The writing desk in a real Chromium, on a wide screen and a phone: the dashboard, writing a
post with a heading, a quotation, a list, a link and a pasted image, scheduling it, publishing
it, and readers seeing it set as it was in the editor; pasting a word processor's HTML."""

import base64
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from blog.models import Post, Status
from images.models import Image
from tests.browser.axe import assert_no_violations
from tests.factories import AuthorFactory, CategoryFactory, PostFactory, UserFactory
from tests.imagefiles import image_bytes
from tests.worker import run_due_tasks

PASSWORD = "correct horse battery staple"
WORD_DOCUMENT = Path(__file__).resolve().parents[1] / "fixtures" / "word_processor.html"
WIDTHS = [1280, 390]

# A paste event as the browser makes it when the clipboard holds an image file or HTML.
PASTE = """([kind, data, name]) => {
    const transfer = new DataTransfer();
    if (kind === "file") {
        const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], name, {type: "image/png"}));
    } else {
        transfer.setData("text/html", data);
        transfer.setData("text/plain", "pasted");
    }
    const editor = document.querySelector(".ProseMirror.entry-content");
    editor.focus();
    const init = {clipboardData: transfer, bubbles: true, cancelable: true};
    editor.dispatchEvent(new ClipboardEvent("paste", init));
}"""
# The editor reads the browser's selection a moment after it moves: wait for it to agree.
SELECTION_IS_EMPTY = """(empty) => {
    const editor = document.querySelector(".ProseMirror.entry-content").editor;
    return editor.state.selection.empty === empty;
}"""


def collapse_selection(page, key):
    """Press `key` (End, ArrowRight) until the editor's selection is a caret. Once a dialog has
    closed, the editor gives itself the focus back a frame later and restores the selection it
    had, which can undo a key pressed in between; so the key goes again until the caret stays."""
    for _attempt in range(5):
        page.keyboard.press(key)
        try:
            page.wait_for_function(SELECTION_IS_EMPTY, arg=True, timeout=2_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"{key} left the editor's selection as it was")


# … and for a selection made a character at a time, until the editor has the whole of it.
SELECTION_IS = """(text) => {
    const editor = document.querySelector(".ProseMirror.entry-content").editor;
    const {from, to} = editor.state.selection;
    return editor.state.doc.textBetween(from, to) === text;
}"""
TYPE_OF = """(element) => {
    const style = getComputedStyle(element);
    return {family: style.fontFamily, size: style.fontSize, lineHeight: style.lineHeight};
}"""


@pytest.fixture
def writer(transactional_db):
    user = UserFactory(username="writer", superuser=True)
    AuthorFactory(user=user, name="The Writer")
    CategoryFactory(name="World", slug="world")
    return user


@pytest.fixture
def desk_page(page, live_server, writer, request):
    width = request.node.callspec.params["width"]
    page.set_viewport_size({"width": width, "height": 900 if width > 600 else 844})
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "writer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    yield page
    # The live server's threads hold database connections until their sockets close.
    page.goto("about:blank")
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=5)


def no_horizontal_scrolling(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_write_schedule_and_publish_a_post_that_reads_as_it_was_written(
    desk_page, live_server, screenshot, width
):
    page = desk_page
    # The dashboard: writing comes first.
    expect(page.locator(".write-post")).to_be_visible()
    assert no_horizontal_scrolling(page)
    assert_no_violations(page)
    screenshot("dashboard")
    page.locator(".write-post").click()
    page.wait_for_url("**/admin/blog/post/add/")

    editor = page.locator(".ProseMirror.entry-content")
    expect(editor).to_be_visible()
    title = page.locator("#id_title")
    title.press_sequentially("Notes from the border")
    expect(page.locator("#id_slug")).to_have_value("notes-from-the-border")
    assert title.evaluate(TYPE_OF)["family"].startswith("Charter")

    # With the keyboard alone, the toolbar comes right after the title, and then the text.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.prose-menubar') !== null")
    assert page.evaluate("document.activeElement.getBoundingClientRect().right <= innerWidth")
    editor.click()
    page.keyboard.type("The report is worth reading in full.")
    page.keyboard.press("Enter")
    page.keyboard.type("## What the report found")  # the editor's shortcut for a heading
    page.keyboard.press("Enter")
    page.keyboard.press("Control+Shift+B")  # a quotation, as the help lists
    page.keyboard.type("Journalists are not welcome here.")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # leaves the quotation
    page.keyboard.type("- Fewer visas")
    page.keyboard.press("Enter")
    page.keyboard.type("More checkpoints")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # leaves the list
    page.keyboard.type("Read the original report.")
    page.keyboard.down("Shift")  # select it, a character at a time
    for _character in "Read the original report.":
        page.keyboard.press("ArrowLeft")
    page.keyboard.up("Shift")
    assert page.evaluate("getSelection().toString()") == "Read the original report."
    page.wait_for_function(SELECTION_IS, arg="Read the original report.")  # the editor has it
    page.keyboard.press("Control+k")
    link_dialog = page.locator("dialog.prose-editor-dialog[open]")
    link_dialog.locator("input").first.fill("https://example.org/report")
    link_dialog.locator("button[type=submit]").first.click()
    expect(editor.locator("a[href='https://example.org/report']")).to_have_text(
        "Read the original report."
    )
    expect(link_dialog).to_have_count(0)
    expect(editor).to_be_focused()  # the dialog hands the focus back to the text
    collapse_selection(page, "ArrowRight")  # after the link
    page.keyboard.press("Enter")

    # An image pasted into the body: its alt text first, then into the library and the text.
    png = base64.b64encode(image_bytes(size=(640, 480), image_format="PNG")).decode()
    page.evaluate(PASTE, ["file", png, "map.png"])
    image_dialog = page.locator("#desk-image-dialog")
    expect(image_dialog).to_be_visible()
    image_dialog.get_by_role("button", name="Upload and insert").click()
    expect(image_dialog.locator(".desk-image-error")).to_contain_text("Describe the image")
    image_dialog.get_by_label("Alt text", exact=True).fill("A map of the border crossings")
    image_dialog.get_by_label("Caption (optional)").fill("The crossings in 2024")
    image_dialog.get_by_role("button", name="Upload and insert").click()
    expect(image_dialog).to_be_hidden()
    figure = editor.locator("figure img[alt='A map of the border crossings']")
    expect(figure).to_have_count(1)
    image = Image.objects.get(alt_text="A map of the border crossings")
    expect(figure).to_have_attribute("data-file", str(image.pk))
    expect(page.locator(".desk-count")).to_contain_text("words · 1 min read")

    # Set as the theme sets it: the same type the post page will use.
    in_editor = {
        "paragraph": editor.locator("p").first.evaluate(TYPE_OF),
        "quotation": editor.locator("blockquote").evaluate(TYPE_OF),
    }
    assert in_editor["paragraph"]["family"].startswith("Charter")
    assert no_horizontal_scrolling(page)
    expect(page.locator(".desk .prose-menubar:not(.prose-menubar--floating)")).to_be_visible()
    assert_no_violations(page, exclude=[".ProseMirror"])  # the page, not the author's text
    screenshot("editor")

    # Scheduled for tomorrow at nine: the button says so.
    page.check("input[name=desk_when][value=schedule]")
    tomorrow = timezone.localtime() + timedelta(days=1)
    page.fill("#id_publish_at_0", tomorrow.strftime("%Y-%m-%d"))
    page.fill("#id_publish_at_1", "09:00:00")
    page.locator("#id_publish_at_1").dispatch_event("change")
    publish = page.locator("button[name=_continue][value=publish]")
    expect(publish).to_contain_text("Schedule for")
    publish.click()
    page.wait_for_url("**/admin/blog/post/*/change/")
    post = Post.objects.get(slug="notes-from-the-border")
    assert post.status == Status.PUBLISHED and not post.is_public
    expect(page.locator(".desk-state")).to_contain_text("Scheduled")

    # The dashboard lists it, with its time; from there, publish it now.
    page.goto(f"{live_server.url}/admin/")
    scheduled = page.locator(".home-scheduled li", has_text="Notes from the border")
    expect(scheduled).to_have_count(1)
    expect(scheduled.locator("time")).to_have_attribute(
        "datetime", timezone.localtime(post.publish_at).isoformat()
    )
    screenshot("dashboard-scheduled")
    scheduled.get_by_role("link").click()
    page.check("input[name=desk_when][value=now]")
    expect(publish).to_have_text("Publish")
    publish.click()
    page.wait_for_url("**/admin/blog/post/*/change/")
    expect(page.locator("button[value=update]")).to_have_text("Update")
    post.refresh_from_db()
    assert post.is_public
    run_due_tasks()  # the image's renditions, as the worker makes them

    # Readers get what the writer saw.
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    content = page.locator(".entry-content")
    expect(content.locator("h2")).to_have_text("What the report found")
    expect(content.locator("blockquote")).to_have_text("Journalists are not welcome here.")
    expect(content.locator("ul li")).to_have_count(2)
    expect(content.locator("a[href='https://example.org/report']")).to_have_count(1)
    expect(content.locator("figure img")).to_have_attribute("alt", "A map of the border crossings")
    expect(content.locator("figcaption")).to_have_text("The crossings in 2024")
    on_site = {
        "paragraph": content.locator("p").first.evaluate(TYPE_OF),
        "quotation": content.locator("blockquote").evaluate(TYPE_OF),
    }
    for part in ("paragraph", "quotation"):
        assert on_site[part]["family"] == in_editor[part]["family"]
        assert on_site[part]["size"] == in_editor[part]["size"]
    screenshot("published")


@pytest.mark.parametrize("width", [1280])
def test_pasting_a_word_processor_document_keeps_only_its_structure(
    desk_page, live_server, screenshot, width
):
    page = desk_page
    page.goto(f"{live_server.url}/admin/blog/post/add/")
    page.fill("#id_title", "Pasted from Word")
    editor = page.locator(".ProseMirror.entry-content")
    editor.click()
    page.evaluate(PASTE, ["html", WORD_DOCUMENT.read_text(), ""])
    expect(editor.locator("table")).to_have_count(1)
    html = editor.evaluate("element => element.innerHTML")
    # (The editor's own table view sets column widths in style attributes; none is stored.)
    for unwanted in ("<span", "<font", "Mso", "<!--", "o:p", "Calibri", "#C00000", "color"):
        assert unwanted not in html, unwanted
    expect(editor.locator("h2")).to_have_text("Notes from the border")  # Word's title, one down
    expect(editor.locator("ul > li")).to_have_text(["First point", "Second point"])
    expect(editor.locator("em")).to_have_text("worth")
    expect(editor.locator("strong")).to_have_text("in full")
    expect(editor.locator("a[href='https://example.org/report']")).to_have_text("the report")
    expect(editor.locator("blockquote")).to_have_text("Journalists are not welcome here.")
    expect(editor.locator("table td")).to_have_count(4)
    screenshot("pasted")

    page.keyboard.press("Control+s")  # the shortcut saves the draft
    page.wait_for_url("**/admin/blog/post/*/change/")
    post = Post.objects.get(title="Pasted from Word")
    assert post.status == Status.DRAFT
    assert "<h2>Notes from the border</h2>" in post.body and "<ul>" in post.body
    assert "<table>" in post.body and "<td><p>Year</p></td>" in post.body
    for unwanted in ("<span", "style=", "<font", "Mso", "<!--", "Calibri", "color"):
        assert unwanted not in post.body, unwanted


@pytest.mark.parametrize("width", [1280])
def test_unpublishing_asks_first_and_the_desk_follows_a_dark_system(
    desk_page, live_server, screenshot, width
):
    page = desk_page
    page.emulate_media(color_scheme="dark")
    post = PostFactory(
        title="Out now", body="<p>Read on.</p><blockquote><p>Quoted.</p></blockquote>"
    )
    page.goto(f"{live_server.url}/admin/blog/post/{post.pk}/change/")
    editor = page.locator(".ProseMirror.entry-content")
    expect(editor).to_be_visible()
    in_editor = editor.locator("p").first.evaluate("p => getComputedStyle(p).color")
    page.locator("#id_title").press_sequentially(" and then")
    expect(page.locator("#id_slug")).to_have_value(post.slug)  # a published post keeps its address
    screenshot("dark")

    answers = []

    def answer(dialog, accept):
        answers.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="Switch to draft").click()
    assert answers and "Readers will no longer see it" in answers[0]
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_role("button", name="Switch to draft").click()
    page.wait_for_load_state()
    expect(page.get_by_role("button", name="Save draft")).to_be_visible()
    post.refresh_from_db()
    assert post.status == Status.DRAFT

    page.goto(f"{live_server.url}{post.get_absolute_url()}")  # the author's preview
    on_site = page.locator(".entry-content p").first.evaluate("p => getComputedStyle(p).color")
    assert on_site == in_editor == "rgb(232, 228, 220)"  # the theme's dark text
