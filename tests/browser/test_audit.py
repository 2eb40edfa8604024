"""Every kind of reader page, on a blog whose comments came through the form: no axe-core
violations (WCAG 2.2 AA and best practice) in light and dark, at phone and desktop widths, and
no Nu HTML Checker message; the table of it all goes to test-results/quality.md."""

import pytest

from blog.models import Page, Post
from comments.models import Comment
from tests.browser.axe import violations
from tests.browser.quality import MODES, nu_messages, transferred, write_table
from tests.commenting import post_threads

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def blog(settings, demo_content):
    """The demo blog, its seed post with 200 comments in threads five deep, posted through the
    comment form as readers post them."""
    post = Post.objects.get(slug="chinas-troublesome-neighbour")
    post_threads(settings, post, threads=40, depth=5)
    return post


def reader_pages(post):
    category = post.categories.first()
    return {
        "home": "/",
        "post": post.get_absolute_url(),
        "year": post.publish_at.strftime("/%Y/"),
        "month": post.publish_at.strftime("/%Y/%m/"),
        "day": post.publish_at.strftime("/%Y/%m/%d/"),
        "category": category.get_absolute_url(),
        "tag": post.tags.first().get_absolute_url(),
        "author": post.author.get_absolute_url(),
        "page": Page.objects.first().get_absolute_url(),
        "search": "/search/?q=china",
        "404": "/no/such/page/",
    }


def audit(page, name, html, found, rows, requests):
    """axe-core on what the tab shows, in both colour schemes and both widths; the row of the
    quality table for it (Nu messages, axe violations, bytes transferred)."""
    row = rows[name] = {"axe": {}, "html": html}
    row["bytes"] = transferred(requests, row["html"])
    for scheme, width in MODES:
        page.emulate_media(color_scheme=scheme)
        page.set_viewport_size({"width": width, "height": 900})
        seen = violations(page)
        row["axe"][scheme, width] = len(seen)
        for violation in seen:
            found.append(f"{name} {scheme} {width}px: {violation}")
    requests.clear()


def test_reader_pages_have_no_accessibility_violations(live_server, blog, browser, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    context = browser.new_context()
    tab = context.new_page()
    requests = []
    tab.on("request", lambda request: requests.append(request))
    found, rows = [], {}
    for name, url in reader_pages(blog).items():
        response = tab.goto(f"{live_server.url}{url}")
        assert response.status == (404 if name == "404" else 200), url
        audit(tab, name, response.text(), found, rows, requests)

    # The comment form shown again with its errors, then a comment held for moderation.
    tab.goto(f"{live_server.url}{blog.get_absolute_url()}#respond")
    form = tab.locator("#respond form")
    playwright.expect(form.locator("[name=csrfmiddlewaretoken]")).not_to_have_value("")
    form.locator("[name=name]").fill("New Reader")
    form.locator("[name=email]").fill("not an address")
    form.locator("[name=comment]").fill("My first comment here.")
    form.evaluate("form => form.noValidate = true")
    requests.clear()
    with tab.expect_navigation() as shown_again:
        form.get_by_role("button", name="Post comment").click()
    playwright.expect(tab.locator(".field-error")).to_be_visible()
    audit(tab, "form-errors", shown_again.value.text(), found, rows, requests)
    form = tab.locator("form.comment-form")
    form.locator("[name=email]").fill("new.reader@example.com")
    with tab.expect_navigation() as held:
        form.get_by_role("button", name="Post comment").click()
    assert Comment.objects.filter(user_email="new.reader@example.com", is_public=False).exists()
    audit(tab, "held", held.value.text(), found, rows, requests)
    context.close()

    # The same pages, as the server sent them, through the Nu HTML Checker.
    pages = {name: row.pop("html") for name, row in rows.items()}
    for name, messages in nu_messages(pages).items():
        rows[name]["nu"] = len(messages)
        found.extend(f"{name} Nu {message}" for message in messages)
    print("\n".join(write_table(rows)))
    assert not found, "axe-core and the Nu HTML Checker found:\n" + "\n".join(found)
