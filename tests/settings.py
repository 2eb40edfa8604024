"""The project's settings, with what the tests need instead."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-" + "x" * 40)
os.environ.setdefault("EMAIL_URL", "console:")  # pytest-django sends mail to mail.outbox anyway

from config.settings import *  # noqa: F403
from config.settings import DATABASES

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not SQLite's default in-memory test database: tests that post from many threads
    # to the live server need real concurrent connections with WAL and locking. One per test
    # run, so that runs side by side (a fresh clone beside a working copy) share nothing.
    DATABASES["default"]["TEST"] = {
        "NAME": Path(tempfile.gettempdir()) / f"broadsheet-test-{os.getpid()}.sqlite3"
    }
else:
    DATABASES["default"]["OPTIONS"] = {"pool": False}  # test databases are made and dropped

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Retries come quickly in tests; tests move the clock with time_machine to reach them.
TASK_RETRY_SECONDS = [1, 2]
