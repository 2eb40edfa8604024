"""Writing without fear, in Chromium: autosave survives a closed tab, revisions compare and
restore, and two people on one post are told and can't overwrite each other."""

import pytest
from playwright.sync_api import expect

from blog.models import Post, Status
from revisions.models import Autosave, Revision
from tests.factories import AuthorFactory, PostFactory, UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def writers(transactional_db, settings):
    settings.REVISIONS_AUTOSAVE_SECONDS = 1
    settings.REVISIONS_HEARTBEAT_SECONDS = 1
    ana = UserFactory(username="ana", first_name="Ana", last_name="Lima", superuser=True)
    AuthorFactory(user=ana, name="Ana Lima")
    ben = UserFactory(username="ben", first_name="Ben", last_name="Ode", superuser=True)
    return ana, ben


@pytest.fixture
def draft(writers):
    return PostFactory(
        title="Notes from the border",
        slug="notes-from-the-border",
        draft=True,
        author=writers[0].author,
        body="<p>The report is worth reading.</p>",
    )


def sign_in(tab, base, username):
    tab.goto(f"{base}/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", PASSWORD)
    tab.click("input[type=submit]")
    tab.wait_for_url(f"{base}/admin/")


def type_at_end(tab, text):
    editor = tab.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    tab.keyboard.press("Control+End")
    tab.keyboard.type(text)


def wait_for_autosave(tab, text, seconds=10):
    for _ in range(seconds * 5):
        if any(text in a.data["body"][0] for a in Autosave.objects.all()):
            return
        tab.wait_for_timeout(200)
    raise AssertionError(f"no autosave with {text!r}")


def test_an_autosave_survives_a_closed_tab_and_is_restored(page, live_server, draft, screenshot):
    sign_in(page, live_server.url, "ana")
    change = f"{live_server.url}/admin/blog/post/{draft.pk}/change/"
    page.goto(change)
    type_at_end(page, " Every word of it.")
    indicator = page.locator(".autosave-indicator")
    indicator.filter(has_text="Draft copy saved at").wait_for()
    expect(page.locator(".lock-notice")).to_be_hidden()  # nobody else is here
    wait_for_autosave(page, "Every word of it.")  # the last keys typed, in the next beat
    screenshot("autosaved")
    draft.refresh_from_db()
    assert draft.body == "<p>The report is worth reading.</p>"  # the post itself is untouched

    context = page.context
    page.close()  # no save
    tab = context.new_page()
    tab.goto(change)
    offer = tab.locator(".autosave-offer")
    expect(offer).to_contain_text("newer than the last save")
    offer.get_by_role("link", name="Restore it").click()
    expect(tab.locator(".ProseMirror[contenteditable=true]")).to_contain_text("Every word of it.")
    tab.click("button[name=_continue][value=draft]")  # the desk's "Save draft"
    tab.locator(".messagelist .success").wait_for()
    draft.refresh_from_db()
    assert draft.body == "<p>The report is worth reading. Every word of it.</p>"
    tab.goto(change)
    expect(tab.locator(".autosave-offer")).to_have_count(0)  # saved: nothing newer to offer


def test_compare_two_revisions_and_restore_the_older(page, live_server, draft, screenshot):
    sign_in(page, live_server.url, "ana")
    change = f"{live_server.url}/admin/blog/post/{draft.pk}/change/"
    page.goto(change)
    page.fill("#id_title", "Notes from the northern border")
    type_at_end(page, " Twice.")
    page.click("button[name=_continue][value=draft]")
    page.locator(".messagelist .success").wait_for()

    page.get_by_role("link", name="Revisions").click()
    rows = page.locator("tr.revision")
    expect(rows).to_have_count(2)  # the version before the first save, and the save
    page.get_by_role("button", name="Compare").click()
    old, new = page.locator("td.diff-old"), page.locator("td.diff-new")
    expect(page.locator("td.diff-new ins").first).to_have_text("northern")
    expect(new.nth(1).locator("ins")).to_contain_text("Twice.")
    expect(old.nth(0).locator("del")).to_have_count(0)
    screenshot("compare")

    page.locator("th.revision-old").get_by_role("button", name="Restore this version").click()
    page.wait_for_url(change)
    expect(page.locator("#id_title")).to_have_value("Notes from the border")
    draft.refresh_from_db()
    assert draft.title == "Notes from the border"
    assert draft.body == "<p>The report is worth reading.</p>"
    assert Revision.objects.of(draft).first().restored_from is not None


def test_two_people_on_one_post_are_told_and_the_second_save_is_refused(
    page, browser, live_server, draft, screenshot
):
    sign_in(page, live_server.url, "ana")
    change = f"{live_server.url}/admin/blog/post/{draft.pk}/change/"
    page.goto(change)

    other = browser.new_context(viewport={"width": 1280, "height": 900})
    ben = other.new_page()
    errors = []
    ben.on("pageerror", lambda error: errors.append(str(error)))
    try:
        sign_in(ben, live_server.url, "ben")
        ben.goto(change)
        expect(ben.locator(".lock-notice")).to_contain_text("Also editing this now: Ana Lima")
        page.locator(".lock-notice", has_text="Ben Ode").wait_for()  # by Ana's heartbeat
        screenshot("lock-notice")

        page.fill("#id_title", "Ana's title")
        page.click("button[name=_continue][value=draft]")
        page.locator(".messagelist .success").wait_for()

        ben.fill("#id_title", "Ben's title")
        ben.click("button[name=_continue][value=draft]")
        refusal = ben.locator(".errorlist.nonfield")
        expect(refusal).to_contain_text("Ana Lima saved this at")
        expect(ben.locator("#id_title")).to_have_value("Ben's title")  # what he typed is kept
        refusal.get_by_role("link", name="Compare the versions").click()
        ben.wait_for_url(f"{change.removesuffix('change/')}revisions/")
    finally:
        other.close()
    assert not errors
    assert Post.objects.get(pk=draft.pk).title == "Ana's title"
    assert Post.objects.get(pk=draft.pk).status == Status.DRAFT


def test_the_editor_says_when_it_is_offline_and_saves_once_back(browser, live_server, draft):
    """In a context of its own: the requests that fail offline are logged as console errors."""
    context = browser.new_context()
    tab = context.new_page()
    try:
        sign_in(tab, live_server.url, "ana")
        tab.goto(f"{live_server.url}/admin/blog/post/{draft.pk}/change/")
        context.set_offline(True)
        type_at_end(tab, " Written on a train.")
        indicator = tab.locator(".autosave-indicator")
        indicator.filter(has_text="Offline: your changes are not saved yet").wait_for()
        context.set_offline(False)
        indicator.filter(has_text="Draft copy saved at").wait_for()
    finally:
        context.close()
    autosave = Autosave.objects.get(user__username="ana")
    assert "Written on a train." in autosave.data["body"][0]
