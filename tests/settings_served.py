"""The shipped settings (config/settings.py) for a blog served by a test in a subprocess: only
static files are served from the source folders, so the test needs no collectstatic run."""

from config.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
