"""Two-factor sign-in for staff: an authenticator app set up from the admin, its code at each
sign-in, single-use recovery codes, and ADMIN_REQUIRE_2FA for every staff account."""

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp import user_has_device
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from tests.factories import UserFactory
from tests.passkeys import SoftPasskey

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
SETUP_URL = "/admin/two-factor/"
VERIFY_URL = "/admin/two-factor/verify/"


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def jane(db):
    return UserFactory(username="jane", superuser=True)


@pytest.fixture
def app(jane):
    """Jane's authenticator app, already set up."""
    return TOTPDevice.objects.create(user=jane, name="Phone", confirmed=True)


def code(device):
    return f"{totp(device.bin_key):06d}"


def password_only(username="jane"):
    """A browser that has given the right password and nothing else yet."""
    browser = Client()
    response = browser.post(
        "/admin/login/", {"username": username, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    return browser


def test_staff_without_a_device_reach_the_admin_while_two_factor_is_optional(jane):
    assert password_only().get("/admin/").status_code == 200


def test_the_admin_links_to_the_two_factor_page(staff_client):
    assert f'href="{SETUP_URL}"' in staff_client.get("/admin/").content.decode()


def test_setup_shows_the_qr_code_drawn_here_as_svg_and_the_key(staff_client):
    page = staff_client.get(SETUP_URL).content.decode()
    device = TOTPDevice.objects.get(user__username="editor", confirmed=False)
    assert '<svg width="' in page and 'class="segno"' in page
    assert not re.search(r'<img[^>]+src="(https?:)?//', page)  # nothing from another server
    assert device.config_url not in page  # the secret is in the picture, not a link
    assert " ".join(re.findall(r"<code>([A-Z2-7 ]+)</code>", page)).replace(" ", "")


def test_setup_with_the_right_code_turns_the_app_on_and_shows_ten_recovery_codes(
    staff_client, clock
):
    staff_client.get(SETUP_URL)
    device = TOTPDevice.objects.get(user__username="editor")
    response = staff_client.post(SETUP_URL, {"code": code(device)})
    page = response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    codes = StaticToken.objects.filter(device__user=device.user).values_list("token", flat=True)
    assert len(codes) == 10 and all(token in page for token in codes)
    assert "they are shown only now" in page
    assert staff_client.get("/admin/").status_code == 200  # this session counts as confirmed


def test_setup_with_a_wrong_code_is_refused_and_the_app_stays_off(staff_client):
    staff_client.get(SETUP_URL)
    response = staff_client.post(SETUP_URL, {"code": "000000"})
    assert "That code is not right." in response.content.decode()
    assert 'value="000000"' in response.content.decode()  # what was typed stays
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_staff_with_an_app_are_asked_for_its_code_before_any_admin_page(app):
    browser = password_only()
    for url in ("/admin/", "/admin/blog/post/", "/admin/password_change/"):
        response = browser.get(url)
        assert response.status_code == 302
        assert response.url == f"{VERIFY_URL}?next={url}"
    assert browser.get("/admin/login/").url.startswith(VERIFY_URL)


def test_the_right_code_signs_in(app, clock):
    browser = password_only()
    response = browser.post(VERIFY_URL, {"code": code(app), "next": "/admin/blog/post/"})
    assert response.status_code == 302 and response.url == "/admin/blog/post/"
    assert browser.get("/admin/blog/post/").status_code == 200


def test_a_wrong_code_is_refused(app, clock):
    browser = password_only()
    response = browser.post(VERIFY_URL, {"code": "123456"})
    assert response.status_code == 200
    assert "That code is not right." in response.content.decode()
    assert browser.get("/admin/").status_code == 302


def test_a_code_is_not_taken_twice(app, clock):
    used = code(app)
    assert password_only().post(VERIFY_URL, {"code": used}).status_code == 302
    assert password_only().post(VERIFY_URL, {"code": used}).status_code == 200
    clock.shift(timedelta(seconds=30))
    assert password_only().post(VERIFY_URL, {"code": code(app)}).status_code == 302


def test_a_next_address_on_another_site_is_ignored(app, clock):
    response = password_only().post(
        VERIFY_URL, {"code": code(app), "next": "https://evil.example/"}
    )
    assert response.url == "/admin/"


def test_a_recovery_code_signs_in_once(app, clock):
    from config.two_factor import make_recovery_codes

    recovery = make_recovery_codes(app.user)[0]
    browser = password_only()
    response = browser.post(VERIFY_URL, {"code": recovery.upper()}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "You signed in with a recovery code; 9 left." in response.content.decode()
    clock.shift(timedelta(seconds=5))  # past django-otp's pause after a wrong code
    again = password_only().post(VERIFY_URL, {"code": recovery})
    assert again.status_code == 200 and "That code is not right." in again.content.decode()


def test_new_recovery_codes_replace_the_old_ones(app, clock):
    from config.two_factor import make_recovery_codes

    old = make_recovery_codes(app.user)
    browser = password_only()
    browser.post(VERIFY_URL, {"code": code(app)})
    page = browser.post("/admin/two-factor/recovery-codes/").content.decode()
    new = list(StaticToken.objects.values_list("token", flat=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert all(token in page for token in new)


def test_signing_out_needs_no_code(app):
    browser = password_only()
    response = browser.post("/admin/logout/")
    assert not response.get("Location", "").startswith(VERIFY_URL)
    assert "_auth_user_id" not in browser.session


def test_staff_signed_in_with_the_password_only_cannot_add_a_device(app):
    browser = password_only()
    assert browser.get(SETUP_URL).url.startswith(VERIFY_URL)
    response = browser.post("/admin/passkeys/registration/begin/")
    assert response.status_code == 403
    assert TOTPDevice.objects.count() == 1


def test_required_two_factor_sends_staff_without_a_device_to_set_one_up(jane, settings, clock):
    settings.ADMIN_REQUIRE_2FA = True
    browser = password_only()
    for url in ("/admin/", "/admin/blog/post/"):
        assert browser.get(url).url == f"{SETUP_URL}?next={url}"
    page = browser.get(f"{SETUP_URL}?next=/admin/blog/post/").content.decode()
    assert "Set up an authenticator app or a passkey to continue." in page
    device = TOTPDevice.objects.get(user=jane)
    browser.post(SETUP_URL, {"code": code(device), "next": "/admin/blog/post/"})
    assert browser.get("/admin/blog/post/").status_code == 200


def test_required_two_factor_asks_staff_with_a_device_for_its_code(app, settings):
    settings.ADMIN_REQUIRE_2FA = True
    assert password_only().get("/admin/").url == f"{VERIFY_URL}?next=/admin/"


def test_two_factor_reset_lets_someone_who_lost_their_devices_set_up_new_ones(app, clock):
    from config.two_factor import make_recovery_codes

    make_recovery_codes(app.user)
    out = StringIO()
    call_command("two_factor_reset", "jane", stdout=out)
    assert "Removed 2 two-factor device(s) of jane." in out.getvalue()
    assert not user_has_device(app.user)
    assert password_only().get("/admin/").status_code == 200


def post_json(browser, url, data=None):
    return browser.post(url, json.dumps(data or {}), content_type="application/json")


def register_passkey(browser, settings):
    passkey = SoftPasskey(settings.OTP_WEBAUTHN_ALLOWED_ORIGINS[0])
    options = post_json(browser, "/admin/passkeys/registration/begin/").json()
    response = post_json(
        browser, "/admin/passkeys/registration/complete/", passkey.register(options)
    )
    assert response.status_code == 200, response.content
    return passkey


def test_a_passkey_added_from_the_admin_signs_in_as_the_second_step(jane, settings):
    passkey = register_passkey(password_only(), settings)
    assert WebAuthnCredential.objects.filter(user=jane, confirmed=True).exists()
    browser = password_only()
    assert browser.get("/admin/").url == f"{VERIFY_URL}?next=/admin/"
    assert 'id="passkey-verification-placeholder"' in browser.get(VERIFY_URL).content.decode()
    options = post_json(browser, "/admin/passkeys/authentication/begin/").json()
    response = post_json(
        browser, "/admin/passkeys/authentication/complete/?next=/admin/", passkey.sign_in(options)
    )
    assert response.status_code == 200 and response.json()["redirect_url"] == "/admin/"
    assert browser.get("/admin/").status_code == 200


def test_a_passkey_of_another_origin_is_refused(jane, settings):
    passkey = register_passkey(password_only(), settings)
    passkey.origin = "https://evil.example"
    browser = password_only()
    options = post_json(browser, "/admin/passkeys/authentication/begin/").json()
    response = post_json(
        browser, "/admin/passkeys/authentication/complete/", passkey.sign_in(options)
    )
    assert response.status_code >= 400
    assert browser.get("/admin/").url.startswith(VERIFY_URL)


def test_passkeys_are_not_a_way_in_without_the_password(jane, settings):
    register_passkey(password_only(), settings)
    response = post_json(Client(), "/admin/passkeys/authentication/begin/")
    assert response.status_code == 403


def test_drafts_are_previewed_only_after_the_second_step(app, clock):
    from tests.factories import PostFactory

    draft = PostFactory(draft=True)
    browser = password_only()
    assert browser.get(draft.get_absolute_url()).status_code == 404
    browser.post(VERIFY_URL, {"code": code(app)})
    assert browser.get(draft.get_absolute_url()).status_code == 200
