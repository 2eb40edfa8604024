"""The writer's toolkit in the real editor: footnotes from the toolbar, a table, code with a
language, Markdown pasted in, and the live counts; then the post as a reader gets it."""

import pytest
from playwright.sync_api import expect

from blog.models import Post
from tests.factories import AuthorFactory, UserFactory

PASSWORD = "correct horse battery staple"
# A function, not an expression: Playwright polls an expression with eval, which the CSP refuses.
CARET_IN_THE_CLAIM = """() => {
    const editor = document.querySelector(".ProseMirror[contenteditable=true]").editor;
    return editor.state.selection.$from.parent.textContent.startsWith("A claim");
}"""


@pytest.fixture
def signed_in(page, live_server, transactional_db):
    user = UserFactory(username="writer", superuser=True)
    AuthorFactory(user=user, name="The Writer")
    page.goto(f"{live_server.url}/admin/blog/post/add/")
    page.fill("#id_username", "writer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector(".ProseMirror[contenteditable=true]")
    return page


def paste_text(page, live_server, text):
    """A paste of plain text, as from a text editor: the clipboard holds no HTML."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.evaluate("(text) => navigator.clipboard.writeText(text)", text)
    page.keyboard.press("Control+V")


def test_footnote_table_code_and_markdown_paste_in_the_editor(signed_in, live_server, screenshot):
    page = signed_in
    page.fill("#id_title", "Toolkit")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("A claim worth a source")
    page.click("button[data-name=footnote]")
    page.keyboard.type("The source itself.")
    expect(editor.locator("sup[data-fn]")).to_have_count(1)
    expect(editor.locator("section.footnotes li")).to_have_text("The source itself.")

    # Back in the body, after the claim: code with a language, typed as ```python does.
    editor.locator("p").first.click()
    # The editor takes a click's caret a moment after the mouse is up; a machine under load
    # would otherwise type the next keys where the caret was (the note).
    page.wait_for_function(CARET_IN_THE_CLAIM)
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("```python ")
    page.keyboard.type("print('hi')")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # three times out of the code block

    paste_text(page, live_server, "## Pasted heading\n\n- **one**\n- two\n")
    editor.locator("h2", has_text="Pasted heading").wait_for()
    expect(editor.locator("li strong", has_text="one")).to_have_count(1)

    # A table from the toolbar, with a header row; then a row and a column more, and one less.
    page.keyboard.press("Control+End")
    page.click("button[data-name=table]")
    dialog = page.locator("dialog[open]")
    dialog.locator("input[name=rows]").fill("2")
    dialog.locator("input[name=cols]").fill("2")
    dialog.locator("select[name=withHeaderRow]").select_option("Yes")
    dialog.locator("button[type=submit]").click()
    table = editor.locator("table")
    table.wait_for()
    expect(table.locator("tr")).to_have_count(2)
    expect(table.locator("th")).to_have_count(2)
    page.keyboard.type("City")  # the cursor starts in the first cell; Tab moves on
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("Seoul")
    page.click("button[data-name='table:addRowAfter']")
    page.click("button[data-name='table:addColumnAfter']")
    expect(table.locator("tr")).to_have_count(3)
    expect(table.locator("tr").first.locator("th")).to_have_count(3)
    page.keyboard.press("Tab")  # into the new column, which goes again
    page.click("button[data-name='table:deleteColumn']")
    expect(table.locator("tr").first.locator("th")).to_have_count(2)

    reading = page.locator(".reading-time")
    expect(reading).to_contain_text("min read")
    expect(page.locator(".sharing-description")).to_contain_text(
        "characters: A claim worth a source"
    )
    page.fill("#id_excerpt", "Short.")
    expect(page.locator(".character-count")).to_have_text("6 characters")
    expect(page.locator(".sharing-description")).to_have_text(
        "Sharing description, 6 of 300 characters: Short."
    )

    # Markdown instead: only the Markdown text shows; back to rich text, only the editor.
    expect(page.locator(".desk-field-markdown")).to_be_hidden()
    page.select_option("#id_body_format", "markdown")
    expect(page.locator(".desk-field-body")).to_be_hidden()
    expect(page.locator("#id_markdown")).to_be_visible()
    page.select_option("#id_body_format", "html")
    expect(page.locator(".desk-field-markdown")).to_be_hidden()

    screenshot("editor")
    with page.expect_navigation():
        page.click("button[name=_continue][value=publish]")

    post = Post.objects.get(title="Toolkit")
    assert 'aria-label="Back to reference 1"' in post.body
    assert '<code class="language-python"><span class="nb">print</span>' in post.body
    assert "<h2>Pasted heading</h2>" in post.body
    assert '<thead><tr><th scope="col"><p>City</p></th>' in post.body
    assert "<td><p>Seoul</p></td>" in post.body

    # Opened again, the editor keeps the footnote and its note, not doubled.
    page.goto(f"{live_server.url}/admin/blog/post/{post.pk}/change/")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.wait_for()
    expect(editor.locator("sup[data-fn]")).to_have_count(1)
    expect(editor.locator("section.footnotes li")).to_have_count(1)
    expect(editor.locator("section.footnotes")).not_to_contain_text("↩")
    with page.expect_navigation():
        page.click("button[name=_continue][value=update]")  # "Update", for a public post
    post.refresh_from_db()
    assert post.body.count('class="footnote-back"') == 1

    # The reader's page: highlighted code with a copy button from our own script.
    page.goto(live_server.url + post.get_absolute_url())
    page.locator("pre.highlight .code-copy").wait_for()
    expect(page.locator(".footnotes li")).to_have_count(1)
    screenshot("reader")
