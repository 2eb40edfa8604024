"""Password-protected posts, as WordPress has them: the title shows, the body asks for the
password, and the right one opens the post for that browser.

The browser keeps a signed cookie per post, holding a digest of the password it was opened with,
so changing the password closes the post again. The cookie's name starts with the page cache's
PRIVATE_COOKIE_PREFIX: a reader who holds one is never served from, nor stored in, the shared
page cache (config/page_cache.py), and the locked page itself is never stored either.
"""

from django import forms
from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from config.page_cache import PRIVATE_COOKIE_PREFIX

SALT = "blog.protected"
COOKIE_DAYS = 10  # as WordPress's wp-postpass cookie


class PasswordForm(forms.Form):
    post_password = forms.CharField(
        label=_("Password"),
        max_length=255,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, post, *args, **kwargs):
        self.post = post
        super().__init__(*args, **kwargs)

    def clean_post_password(self):
        password = self.cleaned_data["post_password"]
        if not constant_time_compare(password, self.post.password):
            raise forms.ValidationError(_("That is not this post's password. Please try again."))
        return password


def cookie_name(post):
    return f"{PRIVATE_COOKIE_PREFIX}post-{post.pk}"


def _digest(post):
    return salted_hmac(SALT, f"{post.pk}:{post.password}").hexdigest()[:32]


def is_locked(request, post):
    if not post.password:
        return False
    opened = request.get_signed_cookie(cookie_name(post), default=None, salt=SALT)
    return not (opened and constant_time_compare(opened, _digest(post)))


def open_for(response, post):
    response.set_signed_cookie(
        cookie_name(post),
        _digest(post),
        salt=SALT,
        max_age=COOKIE_DAYS * 24 * 60 * 60,
        path="/",  # the comment form posts to /comments/post/, which checks it too
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
