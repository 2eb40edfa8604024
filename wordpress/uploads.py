"""A copy of a WordPress site's `wp-content/uploads` folder: a folder, or a .zip / .tar.gz of one.

An archive is unpacked into a temporary folder, member by member and refusing what could escape
it or fill the disk: absolute names, "..", links and devices are skipped, and the bytes written
(counted as they are written, not as the archive claims) stop at WORDPRESS_MEDIA_ARCHIVE_BYTES.
Files are then found by their path below `uploads/` ("2013/03/photo.jpg"), which is what
WordPress's addresses end with.
"""

import os
import re
import shutil
import stat
import tarfile
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings

YEAR_MONTH = re.compile(r"^\d{4}$")


class UploadsError(ValueError):
    """The folder or archive can't be used; the message says why."""


def _key(parts):
    """The path below `uploads/` (or from its year folder on), lowercased, for finding files."""
    parts = list(parts)
    if "uploads" in parts:
        parts = parts[len(parts) - parts[::-1].index("uploads") :]
    else:
        for number, part in enumerate(parts[:-1]):
            if YEAR_MONTH.match(part):
                parts = parts[number:]
                break
    return "/".join(parts).lower()


class UploadsFolder:
    """Files of an uploads folder by their key; use as a context manager (archives unpack)."""

    def __init__(self, path):
        self.path = Path(path)
        self._temporary = None
        self.files = {}
        self.by_name = {}

    def __enter__(self):
        if self.path.is_dir():
            root = self.path
        elif self.path.is_file():
            self._temporary = tempfile.mkdtemp(prefix="wp-uploads-")
            root = Path(self._temporary)
            self._unpack(root)
        else:
            raise UploadsError(f"{self.path} is neither a folder nor a .zip or .tar.gz file.")
        self._index(root)
        return self

    def __exit__(self, *exc):
        if self._temporary:
            shutil.rmtree(self._temporary, ignore_errors=True)

    def _index(self, root):
        for folder, _, names in os.walk(root, followlinks=False):
            for name in names:
                path = Path(folder, name)
                if path.is_symlink() or not path.is_file():
                    continue
                parts = path.relative_to(root).parts
                self.files[_key(parts)] = path
                self.by_name.setdefault(name.lower(), []).append(path)

    def find(self, key):
        """The file for a key ("2013/03/photo.jpg"), or one by that name if only one has it."""
        if path := self.files.get(key.lower()):
            return path
        named = self.by_name.get(PurePosixPath(key).name.lower(), [])
        return named[0] if len(named) == 1 else None

    # Unpacking archives.

    def _unpack(self, root):
        name = self.path.name.lower()
        try:
            if name.endswith(".zip"):
                with zipfile.ZipFile(self.path) as archive:
                    members = [
                        (info.filename, _zip_mode(info), info)
                        for info in archive.infolist()
                        if not info.is_dir()
                    ]
                    self._write(root, members, archive.open)
            elif name.endswith((".tar.gz", ".tgz", ".tar")):
                with tarfile.open(self.path) as archive:
                    members = [
                        (info.name, stat.S_IFREG if info.isfile() else 0, info)
                        for info in archive.getmembers()
                        if not info.isdir()
                    ]
                    self._write(root, members, archive.extractfile)
            else:
                raise UploadsError(f"{self.path} is not a folder, a .zip or a .tar.gz file.")
        except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as error:
            raise UploadsError(f"{self.path} can't be unpacked: {error}.") from None

    def _write(self, root, members, opener):
        budget = settings.WORDPRESS_MEDIA_ARCHIVE_BYTES
        for name, mode, info in members:
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if (
                not stat.S_ISREG(mode)
                or not parts
                or parts[0] in ("/", "")
                or any(part in ("..", ".") or ":" in part or "\x00" in part for part in parts)
            ):
                continue  # links, devices, absolute or climbing names: never written
            target = root.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with opener(info) as source, open(target, "wb") as out:
                while chunk := source.read(1024 * 1024):
                    budget -= len(chunk)
                    if budget < 0:
                        raise UploadsError(
                            f"{self.path} unpacks to more than "
                            f"{settings.WORDPRESS_MEDIA_ARCHIVE_BYTES:,} bytes "
                            "(WORDPRESS_MEDIA_ARCHIVE_BYTES): refused."
                        )
                    out.write(chunk)


def _zip_mode(info):
    """A zip member's file type: what Unix zips record (a link is a link), else a file."""
    mode = info.external_attr >> 16
    return mode if stat.S_IFMT(mode) else mode | stat.S_IFREG
