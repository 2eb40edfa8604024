"""Backups: `manage.py backup` takes a consistent copy while the blog is written to, `manage.py
restore` brings it back on an empty install (what it refuses: test_backup_refusals.py)."""

import json
import os
import re
import subprocess
import sys
import threading
from contextlib import contextmanager
from io import StringIO
from types import SimpleNamespace

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection, transaction

from blog.models import Post
from config.backup import database
from images.models import Image
from tests.commenting import make_comment
from tests.factories import AuthorFactory, PostFactory, UserFactory
from tests.imagefiles import upload
from tests.processes import ROOT, process_env
from tests.restored import WRITTEN, media_files, state
from tests.worker import run_due_tasks


def manage(*args, media, **env):
    """Run manage.py in another process of the blog, on the given database and media."""
    result = subprocess.run(
        [sys.executable, "manage.py", *map(str, args)],
        cwd=ROOT,
        env=process_env(MEDIA_ROOT=str(media), CACHE_DIR=str(media.parent / "cache"), **env),
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result


def restored_state(media, **env):
    code = "from tests.restored import report; report()"
    result = manage("shell", "--no-imports", "-c", code, media=media, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def scratch_database(tmp_path):
    """The environment of an empty database of the same kind as the tests': a new SQLite
    file, or a PostgreSQL database made for the test and dropped after it."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {"SQLITE_PATH": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{settings_dict['NAME']}_restore"
    server = {"host": settings_dict["HOST"], "port": settings_dict["PORT"]}
    server["user"] = settings_dict["USER"]
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield {"DATABASE_URL": f"postgres://{server['user']}@{server['host']}:"
                                   f"{server['port']}/{name}"}  # fmt: skip
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def blog_content(transactional_db, staff_client):
    """Demo posts and comments, users, and an image uploaded through the admin."""
    call_command("load_demo_content", stdout=StringIO())
    call_command("load_demo_comments", stdout=StringIO())
    UserFactory(username="reader")
    response = staff_client.post(
        "/admin/images/image/add/", {"files": [upload("harbour.jpg")], "alt_text": "Boats"}
    )
    assert response.status_code == 302
    run_due_tasks()  # the worker makes the renditions
    image = Image.objects.get()
    assert len(image.renditions) > 2
    return image


@contextmanager
def writing_posts_with_comments():
    """A thread that keeps saving a post and its comment, both in one transaction, until the
    block ends; yields the list of how many it has committed (its last item, as it goes)."""
    committed = [0]
    stop = threading.Event()
    author = AuthorFactory()

    def write():
        try:
            while not stop.is_set():
                n = committed[-1] + 1
                with transaction.atomic():
                    post = PostFactory(title=f"{WRITTEN} {n}", slug=f"written-{n}", author=author)
                    make_comment(post, comment=f"{WRITTEN}, on post {n}")
                committed.append(n)
        finally:
            close_old_connections()
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        yield committed
    finally:
        stop.set()
        writer.join()


def test_backup_while_the_blog_is_written_restores_a_state_that_existed(
    blog_content, tmp_path, scratch_database
):
    media = tmp_path / "media"
    backup_file = tmp_path / "blog.tar.gz"
    with writing_posts_with_comments() as committed:
        while committed[-1] < 3:  # some writes before the backup starts
            threading.Event().wait(0.01)
        before = committed[-1]
        backup = manage("backup", backup_file, media=media)
        after = committed[-1]
    assert backup.returncode == 0, backup.stderr
    assert after > before, "no write happened while the backup ran"

    restored_media = tmp_path / "restored-media"
    restore = manage("restore", backup_file, media=restored_media, **scratch_database)
    assert restore.returncode == 0, restore.stderr

    restored = restored_state(restored_media, **scratch_database)
    assert restored["integrity_problems"] == []
    written = restored["written_posts"]
    assert before <= written <= after
    assert restored["written_comments"] == written  # no post without its comment, nor after
    assert restored["written_posts_with_one_comment"] == written
    original = state()
    assert restored["posts"] == original["posts"] - original["written_posts"] + written
    assert restored["comments"] == original["comments"] - original["written_comments"] + written
    assert restored["users"] == original["users"]  # their password hashes too
    assert restored["image_files"] == original["image_files"]
    assert restored["image_files_missing"] == []
    assert restored["media"] == media_files(media)


def test_restore_into_a_migrated_empty_install_then_only_with_force_over_content(
    blog_content, tmp_path, scratch_database
):
    backup_file = tmp_path / "blog.tar.gz"
    call_command("backup", backup_file, stdout=StringIO())
    restored_media = tmp_path / "restored-media"
    migrate = manage("migrate", "-v0", media=restored_media, **scratch_database)
    assert migrate.returncode == 0, migrate.stderr

    first = manage("restore", backup_file, media=restored_media, **scratch_database)
    assert first.returncode == 0, first.stderr
    assert "17 posts" in first.stdout

    again = manage("restore", backup_file, media=restored_media, **scratch_database)
    assert again.returncode == 1
    assert (
        "already holds 17 posts, 2 pages, 8 comments, 1 image, 2 users, 7 media files"
        in again.stderr
    )
    assert "--force" in again.stderr

    forced = manage("restore", backup_file, "--force", media=restored_media, **scratch_database)
    assert forced.returncode == 0, forced.stderr
    restored = restored_state(restored_media, **scratch_database)
    assert restored["posts"] == Post.objects.count()
    assert restored["media"] == media_files(tmp_path / "media")


def test_backup_without_a_name_goes_to_backup_dir_and_keep_deletes_the_oldest(
    db, settings, tmp_path
):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_DIR.mkdir()
    old = ["broadsheet-20240101T031500Z.tar.gz", "broadsheet-20240102T031500Z.tar.gz"]
    for name in [*old, "keep-me.tar.gz"]:
        (settings.BACKUP_DIR / name).write_bytes(b"an older archive")
    output = StringIO()
    call_command("backup", keep=2, stdout=output)
    kept = sorted(path.name for path in settings.BACKUP_DIR.iterdir())
    assert len(kept) == 3 and kept[0] == old[1] and kept[-1] == "keep-me.tar.gz"
    assert re.fullmatch(r"broadsheet-\d{8}T\d{6}Z\.tar\.gz", kept[1])
    assert f"Deleted {settings.BACKUP_DIR / old[0]}." in output.getvalue()


def test_backup_is_never_written_where_readers_could_download_it(db, settings):
    with pytest.raises(CommandError, match="inside MEDIA_ROOT, where readers could download it"):
        call_command("backup", settings.MEDIA_ROOT / "backups/", stdout=StringIO())
    assert not settings.MEDIA_ROOT.exists()


def test_backup_refuses_to_overwrite_an_archive(db, tmp_path):
    existing = tmp_path / "blog.tar.gz"
    existing.write_bytes(b"last night's")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", existing, stdout=StringIO())
    assert existing.read_bytes() == b"last night's"


def test_postgresql_password_goes_to_pg_dump_in_the_environment_not_its_arguments(tmp_path):
    """pg_dump here is a stand-in that writes down what it was given (a process's arguments
    are visible to every user of the machine; its environment is not)."""
    fake = tmp_path / "bin" / "pg_dump"
    fake.parent.mkdir()
    fake.write_text(
        f'#!/bin/sh\necho "$@" > {tmp_path}/args\necho "$PGPASSWORD" > {tmp_path}/env\n'
    )
    fake.chmod(0o755)
    settings_dict = {
        "NAME": "blog", "USER": "blog", "PASSWORD": "s3cret-pass", "HOST": "db.internal",
        "PORT": "5432", "OPTIONS": {},
    }  # fmt: skip
    stand_in = SimpleNamespace(vendor="postgresql", settings_dict=settings_dict)
    path = os.environ["PATH"]
    os.environ["PATH"] = f"{fake.parent}:{path}"
    try:
        database.dump(stand_in, tmp_path / "copy.pgdump")
    finally:
        os.environ["PATH"] = path
    assert "s3cret-pass" not in (tmp_path / "args").read_text()
    assert (tmp_path / "env").read_text().strip() == "s3cret-pass"
