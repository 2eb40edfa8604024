from django.conf import settings


def site(request):
    """The blog's name and address, for every template. Costs no query."""
    return {
        "BLOG_TITLE": settings.BLOG_TITLE,
        "BLOG_TAGLINE": settings.BLOG_TAGLINE,
        "SITE_URL": settings.SITE_URL,
    }
