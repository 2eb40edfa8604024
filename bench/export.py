"""Exports at size: the seconds and peak memory of `export_wordpress` and `export_json`.

For each size, writes a WordPress export of that many posts and comments (a third of them
replies), imports it into a scratch SQLite blog with `import_wordpress`, then runs each export
command as a process of its own and reads its peak resident memory from the kernel. The seconds
include starting Python and Django.

    .venv/bin/python bench/export.py          # writes bench/results/export.md
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULT = ROOT / "bench" / "results" / "export.md"
SIZES = [(300, 3000), (1200, 12000)]  # (posts, comments)
BODY = "<p>" + "A paragraph of a post, of the length posts have. " * 12 + "</p>\n"


def wxr(posts, comments):
    parts = [
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
        "<channel><title>Bench</title><link>https://bench.example.com</link>"
        "<wp:wxr_version>1.2</wp:wxr_version>"
        "<wp:base_blog_url>https://bench.example.com</wp:base_blog_url>"
    ]
    per_post = comments // posts
    for number in range(1, posts + 1):
        day = f"20{10 + number % 14:02d}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        parts.append(
            f"<item><title>Post {number}</title><dc:creator>bench</dc:creator>"
            f"<content:encoded><![CDATA[{BODY * 4}]]></content:encoded>"
            f"<wp:post_id>{number}</wp:post_id><wp:post_date>{day} 10:00:00</wp:post_date>"
            f"<wp:post_date_gmt>{day} 10:00:00</wp:post_date_gmt>"
            f"<wp:post_name>post-{number}</wp:post_name><wp:status>publish</wp:status>"
            "<wp:post_type>post</wp:post_type>"
        )
        for c in range(per_post):
            wp_id = number * per_post + c
            parent = wp_id - 1 if c % 3 == 2 else 0
            parts.append(
                f"<wp:comment><wp:comment_id>{wp_id}</wp:comment_id>"
                f"<wp:comment_author>Reader {c}</wp:comment_author>"
                f"<wp:comment_author_email>r{c}@example.com</wp:comment_author_email>"
                f"<wp:comment_date_gmt>{day} 11:{c % 60:02d}:00</wp:comment_date_gmt>"
                "<wp:comment_content>A comment of a few sentences, as readers write them."
                "</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
                f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
            )
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "".join(parts)


def manage(env, *args):
    """(wall seconds, CPU seconds, peak resident MB) of one manage.py command, run as its own
    process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)  # this process's own usage, not its siblings'
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed ({process.returncode})")
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - start, cpu, usage.ru_maxrss / 1024


def main():
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for posts, comments in SIZES:
            folder = Path(scratch) / f"{posts}"
            folder.mkdir()
            env = {
                **os.environ,
                "DJANGO_DEBUG": "1",
                "DATABASE_URL": "",
                "SQLITE_PATH": str(folder / "db.sqlite3"),
                "CACHE_DIR": str(folder / "cache"),
                "MEDIA_ROOT": str(folder / "media"),
                "TIME_ZONE": "UTC",
            }
            source = folder / "wordpress.xml"
            source.write_text(wxr(posts, comments))
            manage(env, "migrate")
            manage(env, "import_wordpress", str(source))
            rows.append((posts, comments, "check", *manage(env, "check"), 0))
            print(rows[-1], flush=True)
            for command, name in (("export_wordpress", "blog.xml"), ("export_json", "blog.json")):
                measured = manage(env, command, str(folder / name))
                size = (folder / name).stat().st_size / 1e6
                rows.append((posts, comments, command, *measured, size))
                print(rows[-1], flush=True)
    lines = [
        "# Exports at size",
        "",
        "`bench/export.py`: a blog imported from a generated WordPress export (SQLite), then",
        "each export command run as its own process. Seconds include starting Python and Django",
        "(`check` alone is that cost); CPU is user + system time, which a busy machine does not",
        "inflate as it does the wall-clock time; peak memory is the process's largest resident",
        "size.",
        "",
        "| posts | comments | command | seconds | CPU seconds | peak memory (MB) | file (MB) |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {p} | {c} | `{cmd}` | {s:.1f} | {cpu:.1f} | {m:.0f} | {f:.1f} |"
        for p, c, cmd, s, cpu, m, f in rows
    ]
    RESULT.write_text("\n".join(lines) + "\n")
    print(RESULT.read_text())


if __name__ == "__main__":
    main()
