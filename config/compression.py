"""Compressed copies of cached reader pages, made once when the page is cached.

Only pages from the page cache are compressed: anonymous readers' pages, which carry no CSRF
token and nothing personal, so BREACH (guessing a secret from compressed sizes) has nothing to
find. Everything rendered per request (the admin, signed-in authors, /comments/form-state/ with
its token) is sent uncompressed.
"""

import gzip
from functools import lru_cache

import brotli
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

# Brotli's quality 6 is within 15% of its best (11) at a twentieth of the time (3 ms, not 53,
# for a 64 KB page): a new content version compresses every page again as readers ask for it.
COMPRESSORS = {
    "br": lambda body: brotli.compress(body, mode=brotli.MODE_TEXT, quality=6),
    "gzip": lambda body: gzip.compress(body, compresslevel=6, mtime=0),
}


def accepted_encoding(request):
    """ "br", "gzip" or "" (the page as it is): the best the request's Accept-Encoding takes."""
    # From META: request.headers would build a mapping of every header on each cached hit.
    return _best_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""))


@lru_cache(maxsize=256)  # browsers send a handful of distinct values
def _best_encoding(accept_encoding):
    weights = {}
    for item in accept_encoding.split(","):
        name, *params = (part.strip() for part in item.split(";"))
        weight = 1.0
        for param in params:
            if param.lower().startswith("q="):
                try:
                    weight = float(param[2:])
                except ValueError:
                    weight = 0.0
        weights[name.lower()] = weight
    best, best_weight = "", 0.0
    for name in COMPRESSORS:  # Brotli first when both weigh the same
        weight = weights.get(name, weights.get("*", 0.0))
        if weight > best_weight:
            best, best_weight = name, weight
    return best


def variants(response):
    """{encoding: response} for the page as it is ("") and each compression."""
    patch_vary_headers(response, ("Accept-Encoding",))
    # One piece: a response written in many (a feed is, element by element) would be cached
    # as a list of them and sent as many small writes on every hit.
    response.content = response.content
    found = {"": response}
    for encoding, compress in COMPRESSORS.items():
        copy = HttpResponse(compress(response.content), status=response.status_code)
        for header, value in response.items():
            if header.lower() != "content-length":
                copy[header] = value
        copy["Content-Encoding"] = encoding
        found[encoding] = copy
    return found
