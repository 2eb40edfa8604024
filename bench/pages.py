"""Reader pages under load, cached and rendered, against the floor: `make bench`.

    .venv/bin/python bench/pages.py [--seconds 5] [--connections 16] [--servers]

Builds a throw-away blog (the demo content, and copies of the seed post with 10, 50 and 200
threaded comments posted through the comment flow: bench/threads.py), serves it with gunicorn
as `make run` does (gunicorn.conf.py), and loads it with wrk from 127.0.0.1 after a warm-up:
on SQLite with the file cache, then on PostgreSQL with Redis when they answer. Each page
cached (anonymous) and rendered (a signed-in author, whose pages are never cached), and a
shared link with utm_ parameters. Beside them the floor: the same bytes from memory by a plain
Django view, and as a static file by WhiteNoise, under the same server (bench/floor.py), served
at the same time and measured just before each page, so that a ratio compares figures taken
under the same conditions.
`--servers` also compares gunicorn's worker settings on the floor and a cached page.

Prints ratios to the floor and writes bench/results/pages.md.
"""

import argparse
import http.cookiejar
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PORT = 8097
FLOOR_PORT = 8098  # the floor runs beside the blog, so each page is measured next to its floor
SEED = "/2024/11/05/chinas-troublesome-neighbour"
POSTGRES = "postgres://postgres@127.0.0.1:5432/bs_speed_bench"
REDIS = "redis://127.0.0.1:6379/13"  # a database of its own, emptied by the benchmark

PAGES = {  # name: address
    "home": "/",
    "post 10c": f"{SEED}-10-comments/",
    "post 50c": f"{SEED}-50-comments/",
    "post 200c": f"{SEED}-200-comments/",
    "category": "/category/politics/",
    "comment page 2": f"{SEED}-200-comments/?cpage=2",
    "RSS feed": "/feed/",
    "search": "/search/?q=china",
}
SHARED_LINK = f"{SEED}-50-comments/?utm_source=newsletter&utm_medium=email&fbclid=abc123"
ONE_REQUEST = ("home", "post 50c", "post 200c")
SERVER_SETTINGS = {  # --servers: gunicorn.conf.py's choice first
    "sync, 1 worker per core": {},
    "sync, 2 per core + 1": {"WEB_WORKERS": str(2 * (os.cpu_count() or 2) + 1)},
    "gthread, 1 per core, 4 threads": {"WEB_WORKER_CLASS": "gthread", "WEB_THREADS": "4"},
}


def manage(env, *args, capture=False):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout if capture else None


def backends():
    """(label, environment overrides) of the set-ups that answer here."""
    found = [("SQLite + file cache", {})]
    try:
        import psycopg
        import redis

        with psycopg.connect(
            POSTGRES.rsplit("/", 1)[0] + "/postgres", connect_timeout=2, autocommit=True
        ) as connection:
            connection.execute("DROP DATABASE IF EXISTS bs_speed_bench WITH (FORCE)")
            connection.execute("CREATE DATABASE bs_speed_bench")
        redis.Redis.from_url(REDIS, socket_timeout=2).flushdb()
        found.append(("PostgreSQL + Redis", {"DATABASE_URL": POSTGRES, "REDIS_URL": REDIS}))
    except Exception as error:  # any reason it does not answer
        print(f"PostgreSQL + Redis skipped: {error}")
    return found


def build_site(workdir, overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.pop("DJANGO_DEBUG", None)
    env |= {
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "SQLITE_PATH": str(workdir / "db.sqlite3"),
        "CACHE_DIR": str(workdir / "cache"),
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir.parent / "static"),  # collected once, for both
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "EMAIL_URL": "console:",
        **overrides,
    }
    manage(env, "migrate", "--noinput", "-v0")
    if not (workdir.parent / "static").exists():
        manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "load_demo_content")
    session = subprocess.run(
        [sys.executable, "bench/threads.py"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    return env, f"sessionid={session}"


def start(app, env, port=PORT):
    command = [str(BIN / "gunicorn"), app, "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except urllib.error.HTTPError:  # the floor has no /healthz: it answers, so it is up
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{app} did not start")


def stop(process):
    process.terminate()
    process.wait()


def fetch(path, cookie=None, port=PORT):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request) as response:  # noqa: S310  (http://127.0.0.1 only)
        return response.read(), response.headers


def wrk(path, seconds, connections, cookie=None, port=PORT):
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    command += ["--timeout", "5s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    failed = re.search(r"Socket errors: .*timeout (\d+)", output)
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": to_ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99": to_ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "errors": (int(errors.group(1)) if errors else 0) + (int(failed.group(1)) if failed else 0),
    }


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def load(label, path, options, cookie=None, port=PORT):
    fetch(path, cookie, port)
    wrk(path, 1, options.connections, cookie, port)  # warm-up
    result = wrk(path, options.seconds, options.connections, cookie, port)
    print(
        f"  {label:44} {result['rate']:8.0f} req/s  p50 {result['p50']:7.2f} ms  "
        f"p99 {result['p99']:7.2f} ms  errors {result['errors']}"
    )
    return result


def one_request(path, cookie, times=15):
    """The median time of one request at a time, as on an idle server."""
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        fetch(path, cookie)
        spent.append((time.perf_counter() - start) * 1000)
    return statistics.median(spent)


def render_cost(env):
    """Milliseconds per render in one process, just after a content change (nothing cached)
    and again (the comment thread and sidebar cached for this version): bench/render.py."""
    output = subprocess.run(
        [sys.executable, "bench/render.py", *(PAGES[name] for name in ONE_REQUEST)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.splitlines()[-1])


def floor_env(env, pages_dir):
    return env | {"BENCH_PAGES": str(pages_dir)}


def slug(name):
    return re.sub(r"\W+", "-", name)


def compare_servers(env, pages_dir, options):
    rows = []
    for label, overrides in SERVER_SETTINGS.items():
        floor = start("bench.floor:application", floor_env(env | overrides, pages_dir))
        try:
            floor_result = load(f"{label}: floor", "/floor/post-50c", options)
        finally:
            stop(floor)
        blog = start("config.wsgi", env | overrides)
        try:
            cached = load(f"{label}: post 50c cached", PAGES["post 50c"], options)
        finally:
            stop(blog)
        rows.append((label, floor_result, cached))
    return rows


def signed_in_editor(address):
    """A browser signed in to the admin at `address`, and its cookies."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    browser.open(f"{address}/admin/login/").read()
    form = {"username": "editor", "password": "a long password 42", "next": "/admin/"}
    form["csrfmiddlewaretoken"] = csrf_token(jar)
    browser.open(f"{address}/admin/login/", urllib.parse.urlencode(form).encode()).read()
    return browser, jar


def csrf_token(jar):
    return next(cookie.value for cookie in jar if cookie.name == "csrftoken")


def two_servers(env):
    """Whether a post published through one app server is on the other's cached home page on
    the very next request (PostgreSQL + Redis): the line for the report."""
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; from blog.models import *; "
        "User.objects.create_superuser('editor', 'editor@example.com', 'a long password 42'); "
        "Post.objects.create(title='Published through the first server', slug='two-servers', "
        "author=Author.objects.first(), body='<p>New.</p>', status=Status.DRAFT)",
    )
    first = start("config.wsgi", env)
    second = start("config.wsgi", env, PORT + 1)
    try:
        other = f"http://127.0.0.1:{PORT + 1}/"
        urllib.request.urlopen(other).read()
        before = urllib.request.urlopen(other).read().decode()
        browser, jar = signed_in_editor(f"http://127.0.0.1:{PORT}")
        changelist = browser.open(f"http://127.0.0.1:{PORT}/admin/blog/post/?q=Published")
        pk = re.search(r'name="_selected_action" value="(\d+)"', changelist.read().decode())
        browser.open(
            f"http://127.0.0.1:{PORT}/admin/blog/post/",
            urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": csrf_token(jar),
                    "action": "publish",
                    "_selected_action": pk.group(1),
                    "index": "0",
                }
            ).encode(),
        ).read()
        started = time.perf_counter()
        after = urllib.request.urlopen(other).read().decode()
        spent = (time.perf_counter() - started) * 1000
    finally:
        stop(first)
        stop(second)
    title = "Published through the first server"
    shown = title not in before and title in after
    return (
        f"Two app servers on one PostgreSQL and one Redis: a post published through the admin "
        f"of one {'is' if shown else 'is NOT'} on the other's cached home page on the next "
        f"request ({spent:.0f} ms; tests/test_two_app_servers.py)."
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--servers", action="store_true", help="compare gunicorn settings")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    started = time.monotonic()
    report = {"backends": [], "servers": []}
    pages_dir = None
    with tempfile.TemporaryDirectory() as tmp:
        for label, overrides in backends():
            workdir = Path(tmp) / slug(label)
            workdir.mkdir()
            print(f"{label}: building the blog")
            env, cookie = build_site(workdir, overrides)
            process = start("config.wsgi", env)
            floor = None
            rows = {}
            try:
                if pages_dir is None:  # the same bytes, saved once for the floor
                    pages_dir = Path(tmp) / "pages"
                    pages_dir.mkdir()
                    for name, path in PAGES.items():
                        (pages_dir / f"{slug(name)}.html").write_bytes(fetch(path)[0])
                floor = start("bench.floor:application", floor_env(env, pages_dir), FLOOR_PORT)
                print(f"{label}: load, each page beside the floor serving its bytes")
                for name, path in PAGES.items():
                    rows[name] = {
                        "floor": load(
                            f"floor: {name}", f"/floor/{slug(name)}", options, None, FLOOR_PORT
                        ),
                        "whitenoise": load(
                            f"WhiteNoise: {name}",
                            f"/static/{slug(name)}.html",
                            options,
                            None,
                            FLOOR_PORT,
                        ),
                        "cached": load(f"{name}, cached", path, options),
                        "rendered": load(f"{name}, signed in", path, options, cookie),
                    }
                rows["shared link (utm_…)"] = {
                    "cached": load("shared link with utm_", SHARED_LINK, options)
                }
                single = {name: one_request(PAGES[name], cookie) for name in ONE_REQUEST}
            finally:
                stop(process)
                if floor is not None:
                    stop(floor)
            report["backends"].append(
                {"label": label, "rows": rows, "one": single, "render": render_cost(env)}
            )
            if "REDIS_URL" in overrides:
                report["two_servers"] = two_servers(env)
                print(report["two_servers"])
            if options.servers and not report["servers"]:
                report["servers"] = compare_servers(env, pages_dir, options)
    report["minutes"] = (time.monotonic() - started) / 60
    report["load"] = os.getloadavg()
    write_results(report, options)


def ratio(result, floor):
    return f"{result['rate'] / floor['rate']:.0%}"


def write_results(report, options):
    lines = [
        "# Reader pages under load",
        "",
        f"`make bench`, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} cores; gunicorn as `make run` serves it (gunicorn.conf.py); wrk, 2 "
        f"threads, {options.connections} connections, {options.seconds} s per row after a 1 s "
        f"warm-up, from 127.0.0.1, on the same cores. Took {report['minutes']:.1f} minutes. "
        "Cached: an anonymous reader. Rendered: a signed-in author (a real session), whose "
        "pages are never cached; the comment thread, sidebar and navigation are fragments "
        "cached per content version. Floor: the same bytes from memory by a plain Django view "
        "under the same server; WhiteNoise: the same bytes as a static file.",
        "",
        "Load average at the end (1, 5, 15 minutes): "
        + ", ".join(f"{load:.1f}" for load in report["load"])
        + f" on {os.cpu_count()} cores. Other jobs on the same cores make every figure noisy, "
        "so each page's floor is measured just before it, and the ratio is of the two.",
        "",
    ]
    for backend in report["backends"]:
        lines += [
            f"## {backend['label']}",
            "",
            "| page | floor req/s | WhiteNoise | cached | cached / floor | p99 cached / floor "
            "| rendered req/s | rendered p99 | errors |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, row in backend["rows"].items():
            base = row if "floor" in row else backend["rows"]["post 50c"]  # the shared link
            cached, rendered = row["cached"], row.get("rendered")
            lines.append(
                f"| {name} | {base['floor']['rate']:.0f} | {base['whitenoise']['rate']:.0f} "
                f"| {cached['rate']:.0f} | {ratio(cached, base['floor'])} "
                f"| {cached['p99'] / base['floor']['p99']:.1f}× "
                f"| {rendered['rate']:.0f} | {rendered['p99']:.1f} ms "
                if rendered
                else f"| {name} | {base['floor']['rate']:.0f} | {base['whitenoise']['rate']:.0f} "
                f"| {cached['rate']:.0f} | {ratio(cached, base['floor'])} "
                f"| {cached['p99'] / base['floor']['p99']:.1f}× | – | – "
            )
            lines[-1] += f"| {cached['errors'] + (rendered['errors'] if rendered else 0)} |"
        one, render = backend["one"], backend["render"]
        lines += [
            "",
            "One request at a time, signed in (median of 15, over HTTP): "
            + ", ".join(f"{name} {ms:.1f} ms" for name, ms in one.items())
            + ".",
            "Render in one process (median): just after a change, nothing cached: "
            + ", ".join(
                f"{name} {ms:.1f} ms" for name, ms in zip(ONE_REQUEST, render["cold"], strict=True)
            )
            + "; again, fragments cached: "
            + ", ".join(
                f"{name} {ms:.1f} ms" for name, ms in zip(ONE_REQUEST, render["warm"], strict=True)
            )
            + ". The same in CPU time: "
            + ", ".join(
                f"{name} {ms:.1f}" for name, ms in zip(ONE_REQUEST, render["cold_cpu"], strict=True)
            )
            + " ms; "
            + ", ".join(
                f"{name} {ms:.1f}" for name, ms in zip(ONE_REQUEST, render["warm_cpu"], strict=True)
            )
            + " ms.",
            "",
        ]
    if report.get("two_servers"):
        lines += [report["two_servers"], ""]
    if report["servers"]:
        lines += [
            "## gunicorn settings (SQLite + file cache)",
            "",
            "| settings | floor req/s | floor p99 | post 50c cached req/s | p99 |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        lines += [
            f"| {label} | {floor_result['rate']:.0f} | {floor_result['p99']:.1f} ms "
            f"| {cached['rate']:.0f} | {cached['p99']:.1f} ms |"
            for label, floor_result, cached in report["servers"]
        ]
        lines.append("")
    results = ROOT / "bench/results/pages.md"
    results.parent.mkdir(exist_ok=True)
    results.write_text("\n".join(lines))
    print("\n".join(lines))
    print(f"written to {results.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
