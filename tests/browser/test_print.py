"""A printed post is its text with its links' addresses; the comments print only when the reader
asks for them. Readers who ask for less motion get none."""

import pytest

from comments.flow import refresh_comment_count
from comments.models import Comment
from tests.commenting import make_comment
from tests.factories import PostFactory

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def post(db):
    post = PostFactory(body='<p>Read <a href="https://example.org/source">the source</a>.</p>')
    make_comment(post, comment="First!", is_public=True)
    refresh_comment_count([post.pk])
    assert Comment.objects.count() == 1
    return post


def test_a_printed_post_has_no_navigation_or_forms_and_shows_link_addresses(
    live_server, post, page, screenshot
):
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    page.emulate_media(media="print")
    expect(page.locator(".entry-title")).to_be_visible()
    for hidden in (".site-nav", ".sidebar", ".comment-respond", ".search-form", "#comments"):
        if page.locator(hidden).count():
            expect(page.locator(hidden).first).to_be_hidden()
    after = page.locator(".entry-content a").evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://example.org/source" in after
    screenshot("print")


def test_the_comments_print_when_the_reader_asks(live_server, post, page):
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    page.get_by_label("Print the comments too").check()
    page.emulate_media(media="print")
    expect(page.locator("#comments")).to_be_visible()
    expect(page.locator(".comment-respond")).to_be_hidden()


def test_reduced_motion_turns_transitions_off(live_server, post, browser):
    context = browser.new_context(reduced_motion="reduce")
    tab = context.new_page()
    tab.goto(f"{live_server.url}{post.get_absolute_url()}")
    durations = tab.evaluate(
        """() => [...document.querySelectorAll('*')]
            .map(el => getComputedStyle(el))
            .filter(s => s.transitionDuration.split(',').some(d => parseFloat(d) > 0)
                      || s.animationName !== 'none' || s.scrollBehavior === 'smooth').length"""
    )
    context.close()
    assert durations == 0
