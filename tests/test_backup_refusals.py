"""What `manage.py restore` refuses, with its reason and changing nothing: every kind of damaged
archive, another database engine, a newer version, an install with content; and the manifest
that lets it tell."""

import hashlib
import io
import json
import re
import tarfile
from datetime import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from blog.models import Post
from config.backup import archive
from images.models import Image
from tests.factories import PostFactory
from tests.imagefiles import upload
from tests.restored import media_files

DATABASE = archive.DATABASE_FILES[connection.vendor]


def read_members(path):
    with tarfile.open(path) as tar:
        return {member.name: tar.extractfile(member).read() for member in tar.getmembers()}


def listed(files, manifest):
    """The manifest, listing `files` (but itself) with their true sizes and checksums."""
    entries = {
        name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in files.items()
        if name != "manifest.json"
    }
    return json.dumps(manifest | {"files": entries}).encode()


def pack(path, files, link=None):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        if link:
            info = tarfile.TarInfo(link)
            info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(info)
    return path


def truncated(good, target):
    target.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return target


def one_byte_changed(good, target):
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


def not_an_archive(good, target):
    target.write_bytes(b"Broadsheet backup, honest")
    return target


def media_member_missing(good, target):
    files = read_members(good)
    del files[next(name for name in files if name.startswith("media/"))]
    return pack(target, files)


def media_member_changed(good, target):  # the same size, another last byte
    files = read_members(good)
    name = next(name for name in files if name.startswith("media/"))
    files[name] = files[name][:-1] + bytes([files[name][-1] ^ 0xFF])
    return pack(target, files)


def not_in_manifest(good, target):
    return pack(target, read_members(good) | {"media/extra.txt": b"extra"})


def without_manifest(good, target):
    files = read_members(good)
    del files["manifest.json"]
    return pack(target, files)


def escaping(name):
    """An archive with a member named `name`, listed in its manifest with a true checksum:
    only the name gives it away."""

    def archive_escaping(good, target):
        files = read_members(good) | {name: b"escaped"}
        files["manifest.json"] = listed(files, json.loads(files["manifest.json"]))
        return pack(target, files)

    archive_escaping.__name__ = f"path {name}"
    return archive_escaping


def manifest_garbled(good, target):
    return pack(target, read_members(good) | {"manifest.json": b'{"files": ["database"]}'})


def clashing_names(good, target):
    return pack(target, read_members(good) | {"media/a": b"a file", "media/a/b": b"in a folder"})


def with_link(good, target):
    return pack(target, read_members(good), link="media/images/link.jpg")


@pytest.fixture
def archive_and_state(transactional_db, tmp_path, settings):
    """An archive of a blog with a post and an image, and the state it was made from."""
    PostFactory(title="Here before the restore")
    Image.from_upload(upload("harbour.jpg"), alt_text="Boats")
    backup_file = tmp_path / "backups" / "blog.tar.gz"
    call_command("backup", backup_file, stdout=StringIO())
    return backup_file, (list(Post.objects.values_list("title", flat=True)), media_files())


def assert_nothing_changed(before, tmp_path):
    assert (list(Post.objects.values_list("title", flat=True)), media_files()) == before
    assert Image.objects.count() == 1
    assert not list(tmp_path.rglob("escaped.txt"))
    assert not list(tmp_path.glob(".broadsheet-restore-*"))  # the unpacked files are gone


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (truncated, "cannot be read to the end"),
        (one_byte_changed, "is damaged and was not restored"),
        (not_an_archive, "cannot be read to the end (Not a gzipped file"),
        (media_member_missing, "is missing"),
        (media_member_changed, "differs from the manifest's checksum or size"),
        (not_in_manifest, "“media/extra.txt” is not in the manifest"),
        (without_manifest, "it has no manifest.json"),
        (manifest_garbled, "its manifest cannot be read"),
        (clashing_names, "“media/a/b” clashes with another file in it"),
        (escaping("../escaped.txt"), "would be written outside the folder"),
        (escaping("media/../../escaped.txt"), "would be written outside the folder"),
        (escaping("/tmp/escaped.txt"), "would be written outside the folder"),
        (with_link, "“media/images/link.jpg” is a link or a special file"),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_damaged_archive_is_refused_with_its_reason_and_nothing_changes(
    archive_and_state, tmp_path, damage, reason
):
    good, before = archive_and_state
    damaged = damage(good, tmp_path / "damaged.tar.gz")
    with pytest.raises(CommandError, match=re.escape(reason)) as refused:
        call_command("restore", damaged, "--force", stdout=StringIO())
    assert str(refused.value).endswith("Nothing was changed.")
    assert_nothing_changed(before, tmp_path)
    assert not Path("/tmp/escaped.txt").exists()


def with_manifest(**changes):
    def archive_with(good, target):
        files = read_members(good)
        manifest = json.loads(files["manifest.json"])
        for key, change in changes.items():
            manifest[key] = change(manifest[key])
        if manifest["database"]["engine"] != connection.vendor:  # its copy under its name
            database = files.pop(archive.DATABASE_FILES[connection.vendor])
            files[archive.DATABASE_FILES[manifest["database"]["engine"]]] = database
        files["manifest.json"] = listed(files, manifest)
        return pack(target, files)

    return archive_with


def test_archive_of_another_database_engine_is_refused(archive_and_state, tmp_path):
    good, before = archive_and_state
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    damaged = with_manifest(database=lambda _: {"engine": other})(good, tmp_path / "o.tar.gz")
    with pytest.raises(CommandError) as refused:
        call_command("restore", damaged, "--force", stdout=StringIO())
    assert f"holds a {names[other]} database and this install uses" in str(refused.value)
    assert "Restoring from one kind of database into another is not supported" in str(refused.value)
    assert_nothing_changed(before, tmp_path)


def test_archive_from_a_newer_version_is_refused(archive_and_state, tmp_path):
    good, before = archive_and_state
    newer = with_manifest(
        version=lambda _: "9.0.0",
        migrations=lambda applied: applied | {"blog": [*applied["blog"], "0099_future"]},
    )(good, tmp_path / "newer.tar.gz")
    with pytest.raises(CommandError, match=r"comes from a newer Broadsheet \(9\.0\.0\), with "
                       r"migrations this one doesn't have: blog\.0099_future"):  # fmt: skip
        call_command("restore", newer, "--force", stdout=StringIO())
    assert_nothing_changed(before, tmp_path)


def test_restore_over_content_is_refused_without_force(archive_and_state, tmp_path):
    good, before = archive_and_state
    with pytest.raises(CommandError) as refused:
        call_command("restore", good, stdout=StringIO())
    message = str(refused.value)
    assert "This install already holds 1 post, 1 image, " in message
    assert "restore again with --force" in message
    assert_nothing_changed(before, tmp_path)


def test_manifest_lists_version_migrations_engine_time_and_every_file(archive_and_state):
    good, _ = archive_and_state
    files = read_members(good)
    manifest = json.loads(files.pop("manifest.json"))
    assert manifest["format"] == 1
    assert manifest["application"] == "Broadsheet" and manifest["version"] == "0.1.0"
    assert manifest["database"] == {"engine": connection.vendor}
    assert "0001_initial" in manifest["migrations"]["blog"]
    assert datetime.fromisoformat(manifest["created"]).tzinfo is not None
    assert manifest["files"] == {
        name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in files.items()
    }
    assert {name.removeprefix("media/") for name in files if name != DATABASE} == set(media_files())
