"""A consistent copy of the database in one file, and loading one back.

SQLite: the online backup API copies the whole database in one step, under one read
transaction: a snapshot of one moment, while writers carry on (WAL). PostgreSQL: pg_dump (custom
format) reads everything in one snapshot too; pg_restore loads it in a single transaction, so a
restore that fails changes nothing. The connection details come from Django's settings; the
password goes to the client programs through PGPASSWORD, never on their command line.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.db.backends.postgresql.client import DatabaseClient

from .archive import DamagedArchive

SUPPORTED = ("sqlite", "postgresql")


class DatabaseError(Exception):
    """The database could not be copied or loaded; the message says why."""


def dump(connection, target):
    """Write a consistent copy of `connection`'s database to the file `target`."""
    if connection.vendor == "sqlite":
        _sqlite_dump(connection.settings_dict, target)
    else:
        _run("pg_dump", connection, ["--format=custom", "--compress=0", f"--file={target}"])


def check(vendor, copy):
    """Raise DamagedArchive unless `copy` is a whole database of this kind."""
    if vendor == "sqlite":
        try:
            with closing(sqlite3.connect(f"{Path(copy).as_uri()}?mode=ro", uri=True)) as db:
                result = db.execute("PRAGMA integrity_check").fetchall()
        except sqlite3.DatabaseError as error:
            raise DamagedArchive(f"its database cannot be read ({error})") from error
        if result != [("ok",)]:
            raise DamagedArchive(f"its database fails SQLite's integrity check: {result[:3]}")
    else:
        completed = subprocess.run(  # noqa: S603 (a PostgreSQL tool found by name, no shell)
            [_program("pg_restore"), "--list", str(copy)], capture_output=True, text=True
        )
        if completed.returncode:
            raise DamagedArchive(f"pg_restore cannot read its database: {completed.stderr}")


def load(connection, copy):
    """Replace everything in `connection`'s database with the copy."""
    connection.close()
    if connection.vendor == "sqlite":
        target = Path(connection.settings_dict["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(copy)) as source, closing(sqlite3.connect(target)) as live:
            live.execute("PRAGMA busy_timeout = 20000")
            source.backup(live)  # in one transaction of the target's: whole, or not at all
    else:
        _run(
            "pg_restore",
            connection,
            # Drops what is there (a migrated empty install) and loads the copy, as one
            # transaction; owners and grants are the restoring user's, as on a new server.
            ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}", str(copy)],
        )  # fmt: skip


def _sqlite_dump(settings_dict, target):
    source_uri = f"{Path(settings_dict['NAME']).resolve().as_uri()}?mode=rw"
    try:
        with (
            closing(sqlite3.connect(source_uri, uri=True, timeout=20)) as source,
            closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)  # pages=-1: everything in one step, one snapshot
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
            result = copy.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.Error as error:
        raise DatabaseError(f"SQLite could not copy {settings_dict['NAME']}: {error}") from error
    if result != [("ok",)]:
        raise DatabaseError(f"The database fails SQLite's integrity check: {result[:3]}")


def _program(name):
    """The PostgreSQL client program: on PATH, or the newest in Debian's versioned folders."""
    found = shutil.which(name) or max(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
        default=None,
    )
    if found is None:
        raise DatabaseError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def _run(name, connection, arguments):
    settings_dict = connection.settings_dict
    # Django's own psql settings give the password, service and SSL options as PG* variables.
    _, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    where = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGDATABASE": settings_dict.get("NAME"),
    }
    env = os.environ | {key: str(value) for key, value in where.items() if value} | (env or {})
    completed = subprocess.run(  # noqa: S603 (a PostgreSQL tool found by name, no shell)
        [_program(name), *arguments], env=env, capture_output=True, text=True
    )
    if completed.returncode:
        raise DatabaseError(f"{name} failed: {completed.stderr.strip()}")
