"""Backup and restore round trip: the archive's size and the seconds each command takes.

Builds a scratch blog with the demo content, its demo discussion and 300 more comments, on
SQLite and on PostgreSQL, runs `manage.py backup`, then `manage.py restore` into a new empty
database, and checks that the counts came back. Each command runs as a cron job would, so its
seconds include starting Python and Django (given alone on the first line of each table).

    .venv/bin/python bench/backup.py                  # writes bench/results/backup.md
    BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432 BENCH_DB_PREFIX=bench_backup \
        .venv/bin/python bench/backup.py              # the PostgreSQL server and database names
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
RESULT = ROOT / "bench" / "results" / "backup.md"
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PREFIX = os.environ.get("BENCH_DB_PREFIX", "broadsheet_bench_backup")
COMMENTS = 300
RUNS = 3

ADD_COMMENTS = f"""
from django.utils import timezone
from blog.models import Post
from comments.models import Comment
posts = list(Post.objects.published())
for n in range({COMMENTS}):
    Comment(content_object=posts[n % len(posts)], site_id=1, user_name=f"Reader {{n}}",
            user_email=f"reader{{n}}@example.com", submit_date=timezone.now(),
            comment="A comment of a few sentences, as readers write them. " * 4).save()
"""
COUNTS = """
import json
from blog.models import Post
from comments.models import Comment
print(json.dumps([Post.objects.count(), Comment.objects.count()]))
"""


def own_seconds(output):
    """The seconds the command reports for its own work ("… in 0.4 s")."""
    return float(re.search(r" in ([0-9.]+) s", output).group(1))


def manage(env, *args):
    """Run manage.py; return (seconds, stdout)."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", *map(str, args)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode:
        sys.exit(f"manage.py {' '.join(map(str, args))} failed:\n{result.stderr}")
    return time.monotonic() - started, result.stdout


def environment(scratch, database):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_SECRET_KEY": "b" * 50}
    env |= {"CACHE_DIR": str(scratch / "cache"), "MEDIA_ROOT": str(scratch / "media")}
    return env | database


def databases(engine, scratch):
    """The environments of the blog's database and of an empty one to restore into."""
    if engine == "sqlite":
        return [{"SQLITE_PATH": str(scratch / name)} for name in ("blog.sqlite3", "new.sqlite3")]
    names = [f"{PREFIX}", f"{PREFIX}_restore"]
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as server:
        for name in names:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            server.execute(f'CREATE DATABASE "{name}"')
    return [{"DATABASE_URL": f"{POSTGRES}/{name}"} for name in names]


def fresh(engine, scratch, new):
    """Empty the database to restore into again."""
    if engine == "sqlite":
        Path(new["SQLITE_PATH"]).unlink(missing_ok=True)
        return
    name = new["DATABASE_URL"].rsplit("/", 1)[1]
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')


def measure(engine):
    scratch = Path(tempfile.mkdtemp(prefix=f"broadsheet-bench-backup-{engine}-"))
    blog, new = databases(engine, scratch)
    env = environment(scratch, blog)
    manage(env, "migrate", "-v0")
    manage(env, "load_demo_content")
    manage(env, "load_demo_comments")
    manage(env, "shell", "--no-imports", "-c", ADD_COMMENTS)
    _, counts = manage(env, "shell", "--no-imports", "-c", COUNTS)
    startup = statistics.median(manage(env, "shell", "--no-imports", "-c", "")[0] for _ in "abc")
    backups, restores, sizes, own = [], [], [], {"backup": [], "restore": []}
    for run in range(RUNS):
        archive = scratch / f"run{run}.tar.gz"
        seconds, output = manage(env, "backup", archive)
        backups.append(seconds)
        own["backup"].append(own_seconds(output))
        sizes.append(archive.stat().st_size)
        fresh(engine, scratch, new)
        restore_env = environment(scratch / f"restored{run}", new)
        seconds, output = manage(restore_env, "restore", archive)
        restores.append(seconds)
        own["restore"].append(own_seconds(output))
        _, restored = manage(restore_env, "shell", "--no-imports", "-c", COUNTS)
        assert json.loads(restored) == json.loads(counts), (restored, counts)
    if engine == "postgresql":
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as server:
            for database in (blog, new):
                name = database["DATABASE_URL"].rsplit("/", 1)[1]
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    posts, comments = json.loads(counts)
    return {
        "posts": posts, "comments": comments, "startup": startup, "size": statistics.median(sizes),
        "backup": statistics.median(backups), "restore": statistics.median(restores),
        "backup_own": statistics.median(own["backup"]),
        "restore_own": statistics.median(own["restore"]),
    }  # fmt: skip


def main():
    rows = {"SQLite": measure("sqlite"), "PostgreSQL": measure("postgresql")}
    first = next(iter(rows.values()))
    lines = [
        "# Backup and restore round trip",
        "",
        f"The demo content ({first['posts']} posts, 2 pages) with {first['comments']} comments "
        f"(its discussion and {COMMENTS} more), no media files. `manage.py backup FILE`, then "
        "`manage.py restore FILE` into a new, unmigrated database; the counts are checked after "
        f"each restore. Median of {RUNS} runs: wall-clock seconds of the whole command as cron "
        "would run it (starting Python and Django, alone: the start-up column), and in brackets "
        "the seconds the command reports for its own work. Measured by `bench/backup.py` on "
        "this machine (2 cores, shared with other work).",
        "",
        "| database | archive | start-up | backup | restore |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, row in rows.items():
        lines.append(
            f"| {name} | {row['size'] / 1024:,.0f} KB | {row['startup']:.1f} s | "
            f"{row['backup']:.1f} s ({row['backup_own']:.1f} s) | "
            f"{row['restore']:.1f} s ({row['restore_own']:.1f} s) |"
        )
    RESULT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
