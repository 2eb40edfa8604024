"""Signing in to the admin in Chromium: turning on an authenticator app and signing in with its
code; the page a locked sign-in shows."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import RESULTS
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def owner(transactional_db):
    return UserFactory(username="owner", superuser=True)


def sign_in(page, base, password=PASSWORD):
    page.goto(f"{base}/admin/")
    page.fill("#id_username", "owner")
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def app_code():
    return f"{totp(TOTPDevice.objects.get(user__username='owner').bin_key):06d}"


def test_owner_turns_on_an_authenticator_app_and_signs_in_with_its_code(
    page, live_server, owner, screenshot
):
    with time_machine.travel(timezone.now(), tick=True) as clock:
        sign_in(page, live_server.url)
        page.click("text=Two-factor sign-in")
        expect(page.locator("svg.segno")).to_be_visible()
        expect(page.locator("#passkey-register-button")).to_have_count(1)  # the passkey script ran
        screenshot("setup")
        page.fill("#id_code", app_code())
        page.click("input[value='Turn on']")
        expect(page.locator(".recovery-codes li")).to_have_count(10)
        screenshot("recovery-codes")

        page.click("#logout-form button")
        clock.shift(timedelta(seconds=30))  # the app shows its next code
        sign_in(page, live_server.url)
        expect(page).to_have_url(re.compile("/admin/two-factor/verify/"))
        page.fill("#id_code", "000000")
        page.click("input[value='Confirm']")
        expect(page.locator(".errornote")).to_contain_text("That code is not right.")
        clock.shift(timedelta(seconds=5))  # past django-otp's pause after a wrong code
        page.fill("#id_code", app_code())
        page.click("input[value='Confirm']")
        expect(page).to_have_url(f"{live_server.url}/admin/")
        expect(page.locator("#site-name")).to_be_visible()
        screenshot("signed-in")


def test_a_locked_sign_in_shows_the_admins_page_with_the_reason(
    browser, live_server, owner, settings
):
    # Its own tab: Chromium reports the 429 status in the console, which `page` counts as a fault.
    settings.AXES_FAILURE_LIMIT = 2
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, password="wrong")
    sign_in(page, live_server.url, password="wrong")
    expect(page.locator(".errornote")).to_contain_text("Sign-in is locked after 2 wrong passwords.")
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=RESULTS / "test_a_locked_sign_in-locked.png", full_page=True)
    context.close()
