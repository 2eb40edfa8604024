"""A reader's visit, start to end, at phone and desktop widths, with the keyboard alone: the home
page, a post, a reply to a comment, editing it, a category, a search and the feed."""

import pytest

from comments.models import Comment
from tests.commenting import make_comment
from tests.factories import CategoryFactory, PostFactory

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, locator, limit=300):
    """Press Tab until the locator's element has the focus, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


def press_enter_on(page, locator):
    tab_to(page, locator)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def blog(settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    category = CategoryFactory(name="Harbours")
    post = PostFactory(title="Boats in the harbour", body="<p>The tide came in early.</p>")
    post.categories.add(category)
    PostFactory(title="An older post about rivers", body="<p>Rivers run.</p>")
    make_comment(post, user_name="Cleo Sailor", comment="Were you there at dawn?")
    return post


@pytest.mark.parametrize("width", [390, 1280])
def test_a_reader_visits_replies_edits_and_follows_with_the_keyboard_alone(
    live_server, blog, browser, width
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    def shot(name):
        page.screenshot(path=f"test-results/journey-{width}-{name}.png", full_page=True)

    page.goto(live_server.url + "/")
    shot("home")
    press_enter_on(page, page.get_by_role("link", name="Boats in the harbour").first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Boats in the harbour")
    shot("post")

    # Reply to Cleo's comment: the form moves under it and takes the focus.
    expect(page.locator("[name=csrfmiddlewaretoken]")).not_to_have_value("")
    tab_to(page, page.locator(".comment-reply-link"))
    page.keyboard.press("Enter")
    form = page.locator("#respond form")
    expect(page.locator("#reply-title")).to_contain_text("Reply to Cleo Sailor")
    expect(form.locator("[name=comment]")).to_be_focused()
    page.keyboard.type("Yes, and the light was grey.")
    tab_to(page, form.locator("[name=name]"))
    page.keyboard.type("Dev Reader")
    tab_to(page, form.locator("[name=email]"))
    page.keyboard.type("dev@example.com")
    press_enter_on(page, form.get_by_role("button", name="Post comment"))
    reply = Comment.objects.get(user_email="dev@example.com")
    assert reply.parent_id == Comment.objects.get(user_name="Cleo Sailor").pk
    expect(page.locator(f"#c{reply.pk} .comment-content")).to_have_text(
        "Yes, and the light was grey."
    )
    shot("replied")

    # Edit it, within the minutes a reader has for that.
    press_enter_on(page, page.locator(f'[data-own="{reply.pk}"]').get_by_role("link", name="Edit"))
    textarea = page.locator("textarea[name=comment]")
    tab_to(page, textarea)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("Yes, and the light was silver.")
    press_enter_on(page, page.get_by_role("button", name="Save"))
    expect(page.locator(f"#c{reply.pk} .comment-content")).to_have_text(
        "Yes, and the light was silver."
    )
    shot("edited")

    # Follow the post's category, then search, then find the feed.
    press_enter_on(page, page.locator(".posted-in").get_by_role("link", name="Harbours"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Harbours")
    shot("category")
    tab_to(page, page.get_by_role("searchbox").first)
    page.keyboard.type("rivers")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("An older post about rivers")
    shot("search")
    feed = page.locator(".site-footer .feed-link")
    tab_to(page, feed)
    response = page.request.get(live_server.url + feed.get_attribute("href"))
    assert response.ok and "Boats in the harbour" in response.text()
    context.close()
    assert not errors, errors
