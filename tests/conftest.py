from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import PostFactory, UserFactory
from tests.pages import cold_caches
from tests.worker import run_due_tasks


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.POSTS_PER_PAGE = 10


@pytest.fixture(autouse=True)
def empty_caches():
    cold_caches()
    yield
    cold_caches()


@pytest.fixture
def demo_content(db):
    call_command("load_demo_content", stdout=StringIO())


@pytest.fixture
def staff_client(db):
    """A signed-in editor, in a browser of their own (the `client` stays an anonymous reader)."""
    staff = Client()
    staff.force_login(UserFactory(superuser=True, username="editor"))
    return staff


@pytest.fixture
def post(db):
    """A published post whose author has an email address, for the mail comments send them.
    Test modules that need another kind of post define their own `post`."""
    post = PostFactory(title="On neighbours")
    post.author.user = UserFactory(email="writer@example.com")
    post.author.save()
    return post


@pytest.fixture
def run_tasks(db):
    """Run the background work that is due, as `manage.py db_worker` does: returns how many
    tasks ran (see tests/worker.py)."""
    return run_due_tasks
