import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect


@pytest.fixture
def demo_site(live_server, transactional_db):
    call_command("load_demo_content", stdout=StringIO())
    return live_server.url


def test_reader_follows_the_seed_post_from_the_home_page(page, demo_site, screenshot):
    page.goto(demo_site + "/")
    page.get_by_role("link", name="China's troublesome neighbour", exact=True).first.click()
    page.wait_for_url("**/2024/11/05/chinas-troublesome-neighbour/")
    expect(page.locator("h1")).to_have_text("China's troublesome neighbour")
    expect(page.locator(".entry-content blockquote")).to_have_count(2)
    expect(page.locator(".entry-content blockquote p")).to_have_count(11)
    expect(page.locator(".posted-in")).to_have_text("Posted in World")
    expect(page.locator(".entry-content")).to_contain_text("10,000")
    assert screenshot("post").stat().st_size > 0


def test_phone_reader_gets_one_readable_column(page, demo_site, screenshot):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(demo_site + "/2024/11/05/chinas-troublesome-neighbour/")
    widest = page.evaluate("document.documentElement.scrollWidth")
    assert widest <= 320, "nothing overflows a 320 px screen"
    screenshot("phone")


def test_keyboard_reader_can_skip_to_the_content(page, demo_site):
    page.goto(demo_site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#content$"))
