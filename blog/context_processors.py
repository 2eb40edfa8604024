from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .cache import content_state


def site(request):
    """The blog's name and address, for every template. Costs no query.

    CONTENT_VERSION keys fragments cached until the content changes (the sidebar); it is
    looked up only by a template that uses it.
    """
    return {
        "BLOG_TITLE": settings.BLOG_TITLE,
        "BLOG_TAGLINE": settings.BLOG_TAGLINE,
        "SITE_URL": settings.SITE_URL,
        "CONTENT_VERSION": SimpleLazyObject(lambda: content_state()["version"]),
    }
