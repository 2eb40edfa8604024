"""The search box in a real browser: typed into, submitted with Enter, no script needed."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page_without_js(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_reader_searches_from_the_header_and_follows_a_result(
    live_server, demo_content, page_without_js
):
    page = page_without_js
    page.goto(f"{live_server.url}/")
    box = page.get_by_role("searchbox", name="Search posts")
    box.fill("troublesome neighbour")
    box.press("Enter")
    page.wait_for_url("**/search/?q=troublesome+neighbour")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Search results for “troublesome neighbour”"
    )
    expect(page.locator("main mark").first).to_be_visible()
    page.get_by_role("link", name="China's troublesome neighbour").first.click()
    page.wait_for_url("**/2024/11/05/chinas-troublesome-neighbour/")
    expect(page.get_by_role("heading", name="Related posts")).to_be_visible()


def test_structured_data_blocks_pass_the_content_security_policy(live_server, demo_content, page):
    # `page` runs JavaScript and fails the test on any console error, a CSP report included.
    for path in ("/", "/2024/11/05/chinas-troublesome-neighbour/", "/category/politics/world/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator('script[type="application/ld+json"]')).to_have_count(1)


def test_too_long_search_shows_the_message_beside_the_box(live_server, page_without_js):
    page = page_without_js
    page.goto(f"{live_server.url}/search/?q={'x' * 250}")
    box = page.locator("main").get_by_role("searchbox", name="Search posts")
    expect(box).to_have_value("x" * 250)
    expect(page.get_by_role("alert")).to_contain_text("too long")
