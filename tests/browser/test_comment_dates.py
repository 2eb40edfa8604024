"""Comment ages are worked out in the browser, so a page cached for a day never shows a stale
"3 hours ago"."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.commenting import make_comment
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def post():
    post = PostFactory(title="A post with old comments")
    now = timezone.now()
    make_comment(post, comment="Early.", submit_date=now - timedelta(days=2, minutes=5))
    make_comment(post, comment="Later.", submit_date=now - timedelta(hours=3, minutes=5))
    return post


def test_server_html_has_exact_dates_and_no_relative_ones(client, post):
    html = client.get(post.get_absolute_url()).content.decode()
    comments = html[html.index('<section id="comments"') :]
    assert comments.count('<time datetime="') == 2
    assert " ago" not in comments
    assert "comment-age" not in comments


def test_browser_shows_how_long_ago_each_comment_was_posted(live_server, post, page, screenshot):
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    page.locator("#comments").scroll_into_view_if_needed()
    ages = page.locator(".comment-age")
    expect(ages).to_have_text(["2 days ago", "3 hours ago"])
    screenshot("comment-ages")


def test_ages_are_worked_out_as_comments_come_into_view(live_server, post, page):
    """A long thread costs nothing at load: a date below the fold gets its age when it shows."""
    post.body = "<p>A paragraph that takes room on a phone's screen.</p>" * 60
    post.save()
    page.set_viewport_size({"width": 390, "height": 500})
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    page.wait_for_load_state("load")
    page.evaluate("new Promise(requestAnimationFrame)")
    expect(page.locator(".comment-age")).to_have_count(0)
    page.locator(".comment").last.scroll_into_view_if_needed()
    expect(page.locator(".comment-age").last).to_have_text("3 hours ago")


def test_relative_dates_follow_the_pages_language_not_the_browsers(live_server, post, browser):
    context = browser.new_context(locale="de-DE")
    try:
        tab = context.new_page()
        tab.goto(f"{live_server.url}{post.get_absolute_url()}")
        tab.locator("#comments").scroll_into_view_if_needed()
        tab.locator(".comment-age").last.wait_for()
        assert tab.evaluate("document.documentElement.lang") == "en"
        assert tab.locator(".comment-age").all_inner_texts() == ["2 days ago", "3 hours ago"]
    finally:
        context.close()
