"""A reader comments and replies in a real Chromium; a held comment goes through the admin."""

import os
import re
from pathlib import Path

import pytest

from comments.models import Comment
from tests.factories import PostFactory, UserFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop.
playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(autouse=True)
def comment_settings(settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    settings.COMMENTS_MAIL_RETRY_SECONDS = 0


def wait_for_token(page):
    # A locator assertion, not wait_for_function: polling a JavaScript string needs eval,
    # which the page's CSP forbids when the token is not there at the first look.
    playwright.expect(page.locator("[name=csrfmiddlewaretoken]")).not_to_have_value("")


def fill_and_send(page, text, name="Ada Reader", email="ada@example.com"):
    form = page.locator("#respond form")
    if form.locator("[name=name]").input_value() == "":
        form.locator("[name=name]").fill(name)
        form.locator("[name=email]").fill(email)
    form.locator("[name=comment]").fill(text)
    with page.expect_navigation():
        form.get_by_role("button", name="Post comment").click()


def screenshots(page, name):
    SHOTS.mkdir(exist_ok=True)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=SHOTS / f"{name}-{scheme}-{width}.png", full_page=True)


def test_reader_comments_replies_and_sees_both_nested(live_server, browser):
    post = PostFactory(title="A post worth discussing")
    page = browser.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + post.get_absolute_url())
    wait_for_token(page)
    fill_and_send(page, "The first comment, with *emphasis*.")
    first = Comment.objects.get()
    expect(page).to_have_url(re.compile(f"#c{first.pk}$"))
    expect(page.locator(f"#c{first.pk} .comment-content em")).to_have_text("emphasis")
    expect(page.locator(f'[data-own="{first.pk}"]')).to_be_visible()  # edit links for the author

    page.locator(f"#c{first.pk} .comment-reply-link").click()
    expect(page.locator(f"#c{first.pk} > #respond")).to_be_visible()  # moved under the comment
    expect(page.locator("#reply-title")).to_contain_text("Reply to Ada Reader")
    wait_for_token(page)
    fill_and_send(page, "A reply to the first.", name="Bo Replier", email="bo@example.com")
    reply = Comment.objects.get(parent_id=first.pk, level=1)
    nested = page.locator(f"#c{first.pk} > ol.children > #c{reply.pk}")
    expect(nested).to_be_visible()
    expect(nested).to_contain_text("A reply to the first.")
    expect(page.locator(".comments-title")).to_have_text("2 comments")
    assert errors == []  # the CSP let comments.js run, nothing else complained
    screenshots(page, "comments-thread")
    page.close()


def test_reply_link_works_without_javascript(live_server, browser):
    post = PostFactory()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + post.get_absolute_url())
    fill_and_send(page, "Sent without JavaScript.")
    # No script fetched a token, so the server asks to confirm once, with the text kept.
    assert "Sent without JavaScript." in page.locator("textarea[name=comment]").input_value()
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    comment = Comment.objects.get()
    with page.expect_navigation():
        page.locator(f"#c{comment.pk} .comment-reply-link").click()
    expect(page.locator(f"#c{comment.pk} #respond")).to_be_visible()
    fill_and_send(page, "A reply without JavaScript.", name="Bo", email="bo@example.com")
    with page.expect_navigation():
        page.get_by_role("button", name="Post comment").click()
    assert Comment.objects.get(level=1).parent_id == comment.pk
    context.close()


def test_held_comment_shows_the_message_and_appears_after_approval(live_server, browser, settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = True
    post = PostFactory()
    UserFactory(username="editor", superuser=True)
    page = browser.new_page()
    page.goto(live_server.url + post.get_absolute_url())
    wait_for_token(page)
    fill_and_send(page, "Please let me in.", name="New Reader", email="new@example.com")
    assert "Your comment is awaiting moderation" in page.content()
    screenshots(page, "comments-held")
    page.goto(live_server.url + post.get_absolute_url())
    assert "Please let me in." not in page.content()

    admin = browser.new_page()
    admin.goto(live_server.url + "/admin/login/")
    admin.fill("[name=username]", "editor")
    admin.fill("[name=password]", "correct horse battery staple")
    with admin.expect_navigation():
        admin.click("[type=submit]")
    admin.goto(live_server.url + "/admin/comments/comment/?status=held")
    assert "Awaiting moderation (1)" in admin.content()
    admin.check("input[name=_selected_action]")
    admin.select_option("select[name=action]", "approve")
    with admin.expect_navigation():
        admin.click("button[name=index]")
    assert "1 comment approved." in admin.content()
    screenshots(admin, "comments-admin")

    page.goto(live_server.url + post.get_absolute_url())
    expect(page.locator(".comment-content")).to_have_text("Please let me in.")
    page.close()
    admin.close()
