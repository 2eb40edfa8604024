import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from config.backup import archive, database


def blog_version():
    with open(settings.BASE_DIR / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def applied_migrations():
    applied = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


class Command(BaseCommand):
    help = (
        "Write the database (a consistent copy, taken while the blog runs) and the media folder "
        "into one archive with a manifest of checksums. FILE may be a file name or a folder; "
        "without it the archive goes to BACKUP_DIR, named by the time."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the archive (.tar.gz) or a folder")
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="then delete all but the N newest time-named archives in the archive's folder",
        )

    def handle(self, *args, file, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep needs 1 or more: the archive just written is kept.")
        if connection.vendor not in database.SUPPORTED:
            raise CommandError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
        path = self.destination(file).resolve()
        if path.is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
            raise CommandError(
                f"{path} is inside MEDIA_ROOT, where readers could download it: choose another "
                "folder."
            )
        if path.exists():
            raise CommandError(f"{path} already exists: name another file.")
        path.parent.mkdir(parents=True, exist_ok=True)

        started = time.monotonic()
        manifest = {
            "application": "Broadsheet",
            "version": blog_version(),
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"engine": connection.vendor},
            "migrations": applied_migrations(),
        }
        copy_name = archive.DATABASE_FILES[connection.vendor]
        with TemporaryDirectory(prefix=".backup-", dir=path.parent) as scratch:
            copy = Path(scratch) / copy_name
            try:
                database.dump(connection, copy)
            except database.DatabaseError as error:
                raise CommandError(f"{error} No archive was written.") from error
            # The database first, then the media: every image it lists was on disk before
            # its row was saved, so the files are there (an upload during the backup may add
            # files that the database copy doesn't use yet: harmless).
            with archive.writing(path) as writer:
                writer.add_file(copy, copy_name)
                if Path(settings.MEDIA_ROOT).is_dir():
                    writer.add_folder(settings.MEDIA_ROOT, archive.MEDIA)
                writer.add_manifest(manifest)
        media_files = sum(name.startswith(f"{archive.MEDIA}/") for name in writer.files)
        self.stdout.write(
            f"Wrote {path} ({path.stat().st_size:,} bytes: the {connection.vendor} database and "
            f"{media_files} media files) in {time.monotonic() - started:.1f} s."
        )
        if keep:
            for old in archive.prune(path.parent, keep):
                self.stdout.write(f"Deleted {old}.")

    def destination(self, file):
        if file is None:
            return Path(settings.BACKUP_DIR) / archive.default_name()
        if file.endswith("/") or Path(file).is_dir():
            return Path(file) / archive.default_name()
        return Path(file)
