"""Two-factor sign-in for staff, on django-otp: an authenticator app (TOTP), passkeys
(django-otp-webauthn) and single-use recovery codes. After the password, a staff account with a
device confirms the sign-in with it (`verify`); `setup` adds devices. With ADMIN_REQUIRE_2FA, a
staff account without one is sent to `setup` before any other admin page."""

import logging
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

logger = logging.getLogger(__name__)

RECOVERY_CODES = 10


def pending_step(request):
    """The two-factor page a signed-in staff user must pass before the admin, or None."""
    user = request.user
    if not (user.is_active and user.is_staff) or user.is_verified():
        return None
    if user_has_device(user):
        return "admin:two_factor_verify"
    return "admin:two_factor" if settings.ADMIN_REQUIRE_2FA else None


def redirect_to_step(request, step):
    return redirect(f"{reverse(step)}?next={request.get_full_path()}")


def next_url(request):
    url = request.POST.get("next") or request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
    return url if safe else reverse("admin:index")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, *args, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.devices = devices
        self.device = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        for device in self.devices:
            self.device = verify_token(device.user, device.persistent_id, code)
            if self.device:
                return code
        raise forms.ValidationError(
            _("That code is not right. Codes from the app change every 30 seconds.")
        )


def code_devices(user):
    """The devices that take a typed code: authenticator apps, then recovery codes."""
    devices = list(devices_for_user(user))
    return [d for d in devices if isinstance(d, TOTPDevice)] + [
        d for d in devices if isinstance(d, StaticDevice)
    ]


def page(request, template, title, **context):
    context = {**admin.site.each_context(request), "title": title, **context}
    return TemplateResponse(request, f"admin/two_factor/{template}", context)


def verify(request):
    """The second step of signing in: a code from the app, a passkey or a recovery code."""
    user = request.user
    if user.is_verified() or not user_has_device(user):
        return redirect(next_url(request))
    form = CodeForm(request.POST or None, devices=code_devices(user))
    if form.is_valid():
        otp_login(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = form.device.token_set.count()
            messages.warning(
                request,
                _("You signed in with a recovery code; %(left)d left. Make new ones if needed.")
                % {"left": left},
            )
        return redirect(next_url(request))
    if form.is_bound:
        logger.warning("Wrong two-factor code for %s", user.get_username())
    has_passkey = WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    return page(
        request,
        "verify.html",
        _("Confirm it’s you"),
        form=form,
        has_passkey=has_passkey,
        next=next_url(request),
    )


def setup(request):
    """The staff member's devices: add an authenticator app or a passkey, renew recovery codes."""
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect_to_step(request, "admin:two_factor_verify")
    app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    new_app = None
    form = None
    if app is None:
        new_app, _created = TOTPDevice.objects.get_or_create(
            user=user, confirmed=False, defaults={"name": _("Authenticator app")}
        )
        form = CodeForm(request.POST or None, devices=[new_app])
        if form.is_valid():
            with transaction.atomic():
                new_app.confirmed = True
                new_app.save(update_fields=["confirmed"])
                codes = None if has_recovery_codes(user) else make_recovery_codes(user)
            otp_login(request, new_app)
            messages.success(request, _("Your authenticator app is set up."))
            return recovery_codes_page(request, codes) if codes else redirect(next_url(request))
    return page(
        request,
        "setup.html",
        _("Two-factor sign-in"),
        app=app,
        new_app=new_app,
        qr_code=qr_code(new_app) if new_app else None,
        secret=secret(new_app) if new_app else None,
        form=form,
        passkeys=WebAuthnCredential.objects.filter(user=user, confirmed=True),
        recovery_codes_left=StaticToken.objects.filter(device__user=user).count(),
        required=settings.ADMIN_REQUIRE_2FA,
        next=request.GET.get("next", ""),
    )


def recovery_codes(request):
    """POST: replace the staff member's recovery codes with new ones, shown once."""
    user = request.user
    if request.method != "POST" or not user.is_verified():
        return redirect("admin:two_factor")
    return recovery_codes_page(request, make_recovery_codes(user))


def recovery_codes_page(request, codes):
    return page(request, "recovery_codes.html", _("Your recovery codes"), codes=codes)


def has_recovery_codes(user):
    return StaticToken.objects.filter(device__user=user).exists()


def make_recovery_codes(user):
    """A fresh set of single-use codes, replacing the old: for when the app and passkeys are
    out of reach."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": _("Recovery codes")}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _i in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def qr_code(device):
    """The app's setup link as an inline SVG QR code, drawn here: the secret goes nowhere else."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", title=_("QR code for your authenticator app")
    )


def secret(device):
    """The key as apps take it typed in, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
