"""The blog at size: the import's rate and memory, and reader pages small vs large.

    .venv/bin/python bench/size.py [--posts 5000] [--comments 45000] [--export FILE]

Builds two throw-away blogs (SQLite, production settings): the small one from the demo content
(23 posts, the seed post with 50 comments), the large one by importing a generated WordPress
export through `manage.py import_wordpress` (timed: posts/s, comments/s, peak memory). The
export is made by make_wxr.py (--generator; by default the one in the shared tools beside the
checkout) unless --export names one. Then each reader page is rendered uncached (a signed-in
cookie passes the page cache by) on both blogs, the median of --repeat requests in-process.
Writes bench/results/size.md.
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT.parent / "shared" / "tools" / "make_wxr.py"
SEED_POST = "/2024/11/05/chinas-troublesome-neighbour/"
PAGES = {
    "home": "/",
    "the seed post, 50 comments": SEED_POST,
    "category archive": "/category/politics/",
    "year archive": "/2024/",
    "search": "/search/?q=border",
    "RSS feed": "/feed/",
    "sitemap.xml": "/sitemap.xml",
    "sitemap of posts, first 1,000": "/sitemap-posts.xml",
}


PEAK = """
import resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(time.monotonic() - started, peak, file=sys.stderr)
sys.exit(done.returncode)
"""


def environment(workdir):
    env = os.environ | {
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "SQLITE_PATH": str(workdir / "db.sqlite3"),
        "CACHE_DIR": str(workdir / "cache"),
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "EMAIL_URL": "console:",
        "SITE_URL": "http://127.0.0.1:8000",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_DEBUG", None)
    return env


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def build_small(workdir):
    env = environment(workdir)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_demo_content")
    manage(env, "load_demo_comments")
    return env


def build_large(workdir, export):
    env = environment(workdir)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    # The import runs under a process of its own, whose only child it is: the peak memory of
    # its children is the import's.
    measured = subprocess.run(
        [sys.executable, "-c", PEAK, sys.executable, "manage.py", "import_wordpress", str(export)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    summary, seconds, peak_kib = measured.stdout, *map(float, measured.stderr.split()[-2:])
    rates = {
        kind: (int(done.replace(",", "")), float(took))
        for done, kind, took in re.findall(r"([\d,]+) (posts|comments) in ([\d.]+) s", summary)
    }
    return env, {
        "seconds": seconds,
        "rates": rates,
        "peak_mib": peak_kib / 1024,
        "size_mib": export.stat().st_size / 2**20,
    }


def render_times(env, repeat):
    """Median uncached render of each page, in a process of its own against this blog."""
    script = f"""
import json, statistics, time
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
client.cookies[settings.SESSION_COOKIE_NAME] = "bench"  # passes the page cache by
times = {{}}
for name, url in {PAGES!r}.items():
    assert client.get(url).status_code == 200, url
    runs = []
    for _ in range({repeat}):
        started = time.perf_counter()
        client.get(url)
        runs.append(time.perf_counter() - started)
    times[name] = statistics.median(runs) * 1000
print(json.dumps(times))
"""
    env = env | {"DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True)
    if out.returncode:
        sys.exit(f"Rendering the pages failed:\n{out.stderr.decode()[-3000:]}")
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--comments", type=int, default=45000)
    parser.add_argument("--export", type=Path, help="a WordPress export to import instead")
    parser.add_argument("--generator", type=Path, default=GENERATOR)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "bench/results/size.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        export = args.export
        if export is None:
            if not args.generator.exists():
                sys.exit(f"No export generator at {args.generator}: pass --export or --generator")
            export = tmp / "export.xml"
            subprocess.run(
                [sys.executable, args.generator, export, str(args.posts), str(args.comments)],
                check=True,
                capture_output=True,
            )
        (tmp / "small").mkdir()
        (tmp / "large").mkdir()
        small = build_small(tmp / "small")
        large, imported = build_large(tmp / "large", export)
        small_times = render_times(small, args.repeat)
        large_times = render_times(large, args.repeat)
    write(args, export, imported, small_times, large_times)


def write(args, export, imported, small, large):
    lines = [
        "# The blog at size: import, and reader pages small vs large",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; SQLite, production "
        f"settings. Export: {export.name}, {imported['size_mib']:.0f} MiB.",
        "",
        "| import | done | seconds | per second |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, (done, seconds) in imported["rates"].items():
        lines.append(f"| {kind} | {done:,} | {seconds:.1f} | {done / max(seconds, 1e-6):,.0f} |")
    peak = imported["peak_mib"]
    lines += [
        f"| whole command | | {imported['seconds']:.1f} | |",
        "",
        f"Peak memory of the import (resident): {peak:.0f} MiB.",
        "",
        f"Uncached renders (median of {args.repeat}, in-process, signed-in cookie):",
        "",
        "| page | small | large | large / small |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name in PAGES:
        lines.append(
            f"| {name} | {small[name]:.1f} ms | {large[name]:.1f} ms | "
            f"{large[name] / small[name]:.2f} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("a") as file:
        file.write(text + "\n")


if __name__ == "__main__":
    main()
