from django.conf import settings
from django.utils.functional import SimpleLazyObject

from config.page_cache import content_state

from .identity import site_tagline, site_title


def site(request):
    """The blog's name and address, for every template.

    CONTENT_VERSION keys fragments cached until the content changes (the sidebar); it is
    looked up only by a template that uses it.
    """
    return {
        # The author's, else the environment's: a query when the cache is cold (identity.py).
        "BLOG_TITLE": SimpleLazyObject(site_title),
        "BLOG_TAGLINE": SimpleLazyObject(site_tagline),
        "SITE_URL": settings.SITE_URL,
        "CONTENT_VERSION": SimpleLazyObject(lambda: content_state()["version"]),
    }
