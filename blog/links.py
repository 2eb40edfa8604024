"""Absolute addresses, for everything read away from the site: feeds, sitemaps, shares."""

import re
from urllib.parse import urljoin

from django.conf import settings

_URL_ATTRIBUTE = re.compile(r'\b(href|src)="([^"]*)"')
_SRCSET = re.compile(r'\bsrcset="([^"]*)"')


def absolute(url):
    """The URL on the public site: SITE_URL, not the request's host, so every copy agrees."""
    return urljoin(f"{settings.SITE_URL}/", url)


def absolutize(fragment, base):
    """Sanitised HTML with every link and image address made absolute against `base`."""

    def attribute(match):
        return f'{match.group(1)}="{urljoin(base, match.group(2))}"'

    def srcset(match):
        candidates = []
        for candidate in match.group(1).split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            candidates.append(f"{urljoin(base, url)} {descriptor}".strip())
        return f'srcset="{", ".join(candidates)}"'

    return _SRCSET.sub(srcset, _URL_ATTRIBUTE.sub(attribute, fragment))
