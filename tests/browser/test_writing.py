import pytest
from playwright.sync_api import expect

from blog.models import Post, Status
from tests.factories import AuthorFactory, CategoryFactory, UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def author_account(transactional_db):
    user = UserFactory(username="writer", superuser=True)
    AuthorFactory(user=user, name="The Writer")
    CategoryFactory(name="World", slug="world")
    return user


def test_author_writes_and_publishes_a_post_with_a_quote_and_a_link(
    page, live_server, author_account, screenshot
):
    page.goto(f"{live_server.url}/admin/blog/post/add/")
    page.fill("#id_username", "writer")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    page.locator("#id_title").press_sequentially("Notes from the border")
    expect(page.locator("#id_slug")).to_have_value("notes-from-the-border")

    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("The report is worth reading in full:")
    page.keyboard.press("Enter")
    page.click("button[data-name=blockquote]")
    page.keyboard.type("Journalists are not welcome here.")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # leaves the quote
    page.keyboard.type("Read the original report.")
    page.keyboard.press("Shift+Home")
    page.click("button[data-name=link]")
    link_dialog = page.locator("dialog[open]")
    link_dialog.locator("input").first.fill("https://example.org/report")
    link_dialog.locator("button[type=submit]").first.click()

    page.check("input[name=desk_when][value=schedule]")  # shows the date: an earlier one
    page.fill("#id_publish_at_0", "2024-11-20")
    page.fill("#id_publish_at_1", "09:00:00")
    screenshot("editor")
    page.click("button[name=_continue][value=publish]")
    page.wait_for_url("**/admin/blog/post/*/change/")
    assert "was added successfully" in page.content()

    post = Post.objects.get(slug="notes-from-the-border")
    assert post.status == Status.PUBLISHED
    assert "<blockquote><p>Journalists are not welcome here.</p></blockquote>" in post.body
    assert 'href="https://example.org/report"' in post.body

    page.goto(live_server.url + "/")
    page.locator("main").get_by_role("link", name="Notes from the border", exact=True).click()
    expect(page.locator(".entry-content blockquote")).to_have_text(
        "Journalists are not welcome here."
    )
    expect(page.locator(".entry-content a")).to_have_attribute("href", "https://example.org/report")
    screenshot("published")
