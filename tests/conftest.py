from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.POSTS_PER_PAGE = 10


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with cold caches: the page cache and Django's cache of the Site."""
    from django.contrib.sites.models import Site
    from django.core.cache import cache

    cache.clear()
    Site.objects.clear_cache()
    yield
    cache.clear()


@pytest.fixture
def demo_content(db):
    call_command("load_demo_content", stdout=StringIO())


@pytest.fixture
def staff_client(db):
    """A signed-in editor, in a browser of their own (the `client` stays an anonymous reader)."""
    staff = Client()
    staff.force_login(UserFactory(superuser=True, username="editor"))
    return staff
