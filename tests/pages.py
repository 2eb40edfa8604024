"""Reading rendered pages the way a reader does."""

import re


def main_of(response):
    """The page's main content, without the sidebar and navigation."""
    html = response.content.decode()
    match = re.search(r"<main\b.*?</main>", html, re.DOTALL)
    assert match, "the page has no <main>"
    return match.group(0)


def cold_caches():
    """Forget what a server process would have cached: the page cache, the Site and the
    content types. Query counts measured after this don't depend on earlier requests or tests."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site
    from django.core.cache import cache

    cache.clear()
    Site.objects.clear_cache()
    ContentType.objects.clear_cache()
