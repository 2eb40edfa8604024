import shutil
import time
from pathlib import Path
from tempfile import mkdtemp

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from blog.models import Page, Post
from comments.models import Comment
from config.backup import archive, database
from config.page_cache import content_changed
from images.models import Image


def content_counts():
    """What this install holds that a restore would replace: '3 posts', '1 user'…"""
    tables = set(connection.introspection.table_names())
    counts = []
    for model in (Post, Page, Comment, Image, get_user_model()):
        if model._meta.db_table in tables and (count := model._base_manager.count()):
            meta = model._meta
            counts.append(
                f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"
            )
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and (files := sum(path.is_file() for path in media.rglob("*"))):
        counts.append(f"{files} media file{'s' if files > 1 else ''}")
    return counts


def unknown_migrations(manifest):
    """Migrations applied in the backup that this version of the blog doesn't have."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    )


def replace_folder_contents(folder, new, old):
    """Move what is in `folder` into `old`, then what is in `new` into `folder` (entry by
    entry, so MEDIA_ROOT may be a mount point or a link to another disk)."""
    folder.mkdir(parents=True, exist_ok=True)
    old.mkdir()
    for entry in folder.iterdir():
        shutil.move(entry, old / entry.name)
    for entry in new.iterdir() if new.is_dir() else []:
        shutil.move(entry, folder / entry.name)


class Command(BaseCommand):
    help = (
        "Bring back an archive written by `manage.py backup`: on an empty install (new, "
        "migrated or not) using the same kind of database, with the same or a newer version "
        "of the blog. A damaged archive is refused and nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="an archive written by manage.py backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database and the media folder even though they have content",
        )

    def handle(self, *args, file, force, **options):
        started = time.monotonic()
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        if connection.vendor not in database.SUPPORTED:
            raise CommandError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
        if not force and (counts := content_counts()):
            raise CommandError(
                f"This install already holds {', '.join(counts)}. A restore replaces the whole "
                "database and the media folder, so it is meant for a new, empty install, and "
                "nothing was changed. To replace what is here anyway, back it up first "
                "(manage.py backup), then restore again with --force."
            )
        media_root = Path(settings.MEDIA_ROOT)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        # Unpacked beside MEDIA_ROOT, so that moving the files in is a rename on the same disk.
        staging = Path(mkdtemp(prefix=".broadsheet-restore-", dir=media_root.parent))
        try:
            manifest = self.unpack(file, staging)
            try:
                database.load(connection, staging / archive.DATABASE_FILES[connection.vendor])
            except database.DatabaseError as error:
                raise CommandError(f"{error} The database was left as it was.") from error
            replace_folder_contents(media_root, staging / archive.MEDIA, staging / "replaced")
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        content_changed()  # cached pages showed what was here before
        self.report(file, manifest, time.monotonic() - started)

    def unpack(self, file, staging):
        """Unpack and check everything before anything is changed."""
        try:
            manifest = archive.unpack(file, staging)
            engine = manifest["database"]["engine"]
            if engine != connection.vendor:
                names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
                raise CommandError(
                    f"{file} holds a {names.get(engine, engine)} database and this install uses "
                    f"{names[connection.vendor]}. Restoring from one kind of database into "
                    "another is not supported: point DATABASE_URL at an empty database of the "
                    "archive's kind (unset for SQLite). Nothing was changed."
                )
            if unknown := unknown_migrations(manifest):
                raise CommandError(
                    f"{file} comes from a newer Broadsheet ({manifest.get('version')}), with "
                    f"migrations this one doesn't have: {', '.join(unknown[:5])}. Install that "
                    "version or a newer one, then restore. Nothing was changed."
                )
            database.check(engine, staging / archive.DATABASE_FILES[engine])
        except archive.DamagedArchive as error:
            raise CommandError(
                f"{file} is damaged and was not restored: {error}. Nothing was changed."
            ) from error
        return manifest

    def report(self, file, manifest, seconds):
        counts = ", ".join(content_counts()) or "nothing"
        self.stdout.write(
            f"Restored {file} (Broadsheet {manifest.get('version')}, backed up "
            f"{manifest.get('created')}) in {seconds:.1f} s: {counts}."
        )
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write(
                "This version of the blog has newer migrations: run manage.py migrate "
                "(make run and make prepare do)."
            )
