"""The backup archive: one gzipped tar holding

    database.sqlite3 or database.pgdump   the database copy (see config/backup/database.py)
    media/…                               every file of MEDIA_ROOT
    manifest.json                         last: what the archive holds, with a size and a
                                          SHA-256 per file

Reading an archive unpacks it into an empty folder and checks it all before the caller
changes anything: gzip's own checksum and length, every name (no absolute path, no `..`, no
link, nothing but the names above: a "tar slip" is refused, not defused), every file against the
manifest, and nothing missing or extra.
"""

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import zlib
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# The default names carry the time in UTC, so their order is their age (see prune()).
NAME_FORMAT = "broadsheet-%Y%m%dT%H%M%SZ.tar.gz"
NAME_PATTERN = re.compile(r"broadsheet-\d{8}T\d{6}Z\.tar\.gz")


class DamagedArchive(Exception):
    """The archive cannot be trusted: nothing from it may be used."""


def default_name(now=None):
    return (now or datetime.now(UTC)).strftime(NAME_FORMAT)


class _Hashing:
    """A file object read through, counting and hashing what was read."""

    def __init__(self, file):
        self.file, self.sha256, self.size = file, hashlib.sha256(), 0

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data

    def entry(self):
        return {"size": self.size, "sha256": self.sha256.hexdigest()}


class Writer:
    def __init__(self, tar):
        self.tar, self.files = tar, {}

    def add_file(self, path, name):
        with open(path, "rb") as file:
            info = self.tar.gettarinfo(arcname=name, fileobj=file)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mode = 0o644
            hashing = _Hashing(file)
            self.tar.addfile(info, hashing)
        self.files[name] = hashing.entry()

    def add_folder(self, folder, prefix):
        """Every regular file under `folder` (links are left out), in name order."""
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and not path.is_symlink():
                self.add_file(path, f"{prefix}/{path.relative_to(folder).as_posix()}")

    def add_manifest(self, manifest):
        data = json.dumps({**manifest, "format": FORMAT, "files": self.files}, indent=2).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o644
        self.tar.addfile(info, io.BytesIO(data))


@contextmanager
def writing(path):
    """Yield a Writer; the archive appears under its name only once it is whole and on disk,
    so a backup that fails (or a full disk) never leaves a half archive that looks like one."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "xb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
                yield Writer(tar)
            raw.flush()
            os.fsync(raw.fileno())
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def prune(folder, keep):
    """Delete all but the `keep` (one or more) newest archives with default names in `folder`."""
    archives = sorted(p for p in Path(folder).iterdir() if NAME_PATTERN.fullmatch(p.name))
    old = archives[:-keep]
    for path in old:
        path.unlink()
    return old


def _checked_name(member):
    """The member's name, if it is one this archive may hold and stays inside the folder."""
    name = member.name
    parts = PurePosixPath(name).parts
    if name.startswith("/") or ".." in parts or not parts:
        raise DamagedArchive(
            f"“{name}” would be written outside the folder it is restored into (a “tar slip”)"
        )
    if not member.isfile():
        raise DamagedArchive(f"“{name}” is a link or a special file, never part of a backup")
    normal = PurePosixPath(*parts).as_posix()
    expected = normal == MANIFEST or normal in DATABASE_FILES.values()
    if not (expected or (parts[0] == MEDIA and len(parts) > 1)):
        raise DamagedArchive(f"“{name}” is not something a backup holds")
    return normal


def _read_manifest(folder):
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files, engine = manifest["files"], manifest["database"]["engine"]
        well_formed = all(isinstance(entry, dict) for entry in files.values()) and all(
            isinstance(names, list) for names in manifest["migrations"].values()
        )
    except FileNotFoundError as error:
        raise DamagedArchive("it has no manifest.json") from error
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise DamagedArchive(f"its manifest cannot be read ({error!r})") from error
    if not well_formed:
        raise DamagedArchive("its manifest cannot be read")
    if manifest.get("format") != FORMAT:
        raise DamagedArchive(f"its format ({manifest.get('format')!r}) is not {FORMAT}")
    if DATABASE_FILES.get(engine) not in files:
        raise DamagedArchive(f"its manifest lists no copy of the {engine} database")
    return manifest


def unpack(archive, folder):
    """Unpack `archive` into the empty `folder` and check it all; return its manifest.

    Raises DamagedArchive when anything is wrong; `folder` then holds partial files for the
    caller to delete, and nothing else was touched."""
    folder = Path(folder)
    found = {}
    try:
        with open(archive, "rb") as raw, gzip.GzipFile(fileobj=raw) as stream:
            with tarfile.open(fileobj=stream, mode="r|") as tar:
                for member in tar:
                    name = _checked_name(member)
                    if name in found:
                        raise DamagedArchive(f"“{name}” is in it twice")
                    target = folder / name
                    try:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        with tar.extractfile(member) as source, open(target, "xb") as out:
                            hashing = _Hashing(source)
                            shutil.copyfileobj(hashing, out)
                    except (FileExistsError, NotADirectoryError) as error:
                        raise DamagedArchive(f"“{name}” clashes with another file in it") from error
                    found[name] = hashing.entry()
            while stream.read(1 << 20):  # to the end, where gzip checks its CRC and length
                pass
    except (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise DamagedArchive(f"it cannot be read to the end ({error})") from error
    manifest = _read_manifest(folder)
    listed = manifest["files"]
    problems = [f"“{name}” is missing" for name in listed if name not in found]
    problems += [
        f"“{name}” differs from the manifest's checksum or size"
        for name, entry in listed.items()
        if name in found
        and found[name] != {"size": entry.get("size"), "sha256": entry.get("sha256")}
    ]
    problems += [f"“{name}” is not in the manifest" for name in found.keys() - {MANIFEST, *listed}]
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise DamagedArchive("; ".join(problems[:5]) + more)
    return manifest
