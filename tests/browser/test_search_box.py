"""The search box in a real browser: typed into, submitted with Enter, no script needed."""

import os

import pytest
from playwright.sync_api import sync_playwright

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


@pytest.fixture
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    return browser.new_context(java_script_enabled=False).new_page()


def test_reader_searches_from_the_header_and_follows_a_result(live_server, demo_content, page):
    page.goto(f"{live_server.url}/")
    box = page.get_by_role("searchbox", name="Search posts")
    box.fill("troublesome neighbour")
    box.press("Enter")
    page.wait_for_url("**/search/?q=troublesome+neighbour")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Search results for “troublesome neighbour”"
    )
    assert page.locator("main mark").count() >= 1
    page.get_by_role("link", name="China's troublesome neighbour").first.click()
    page.wait_for_url("**/2024/11/05/chinas-troublesome-neighbour/")
    assert page.get_by_role("heading", name="Related posts").is_visible()


def test_structured_data_blocks_pass_the_content_security_policy(
    live_server, demo_content, browser
):
    page = browser.new_page()  # with JavaScript, so the policy is enforced and reported
    problems = []
    page.on("console", lambda message: problems.append(message.text))
    for path in ("/", "/2024/11/05/chinas-troublesome-neighbour/", "/category/politics/world/"):
        page.goto(f"{live_server.url}{path}")
        assert page.locator('script[type="application/ld+json"]').count() == 1
    assert problems == []


def test_too_long_search_shows_the_message_beside_the_box(live_server, db, page):
    page.goto(f"{live_server.url}/search/?q={'x' * 250}")
    box = page.locator("main").get_by_role("searchbox", name="Search posts")
    assert box.input_value() == "x" * 250
    assert "too long" in page.get_by_role("alert").inner_text()
