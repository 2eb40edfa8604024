"""A full disk while images are uploaded: a clear message in the admin, nothing half-saved."""

import errno
import os

import pytest
from django.core.files.storage import FileSystemStorage

from images.models import Image
from tests.imagefiles import upload

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/images/image/upload/"


class FullDiskStorage(FileSystemStorage):
    """The media folder on a disk with room for `room` more files: past that, a save fails as
    writing to a full disk does (the one fault injected in these tests)."""

    room = 0

    def _save(self, name, content):
        if FullDiskStorage.room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.path(name))
        FullDiskStorage.room -= 1
        return super()._save(name, content)


@pytest.fixture
def full_disk(settings):
    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "tests.test_faults_disk.FullDiskStorage"}
    }
    # An upload stores one file (renditions come later, from the worker): the first fits.
    FullDiskStorage.room = 1
    yield
    FullDiskStorage.room = 0


def test_a_full_disk_during_upload_is_a_clear_message_and_saves_nothing(
    staff_client, settings, full_disk
):
    files = [upload("fits.jpg"), upload("too-many.jpg", size=(800, 500))]
    response = staff_client.post(UPLOAD_URL, {"files": files, "alt_text": "Kept"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The server’s disk is full, so nothing was uploaded." in html
    assert 'value="Kept"' in html  # what the author typed stays in the form
    assert not Image.objects.exists()
    assert not any(path.is_file() for path in settings.MEDIA_ROOT.rglob("*"))
    assert FullDiskStorage.room == 0  # the disk did fill up partway through the second file
