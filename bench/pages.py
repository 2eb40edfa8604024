"""Requests per second for reader pages, served by the real server, against a static ceiling.

    .venv/bin/python bench/pages.py [--seconds 10] [--connections 16]

Builds a throw-away blog with the demo content (SQLite, production settings), serves it with
gunicorn and with granian (when installed), and loads it with wrk from 127.0.0.1 only. The
ceiling is the same post page saved as a file and served by the same server through WhiteNoise.
Writes bench/results/pages.md.
"""

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PORT = 8097
POST = "/2024/11/05/chinas-troublesome-neighbour/"
WORKERS = os.cpu_count() or 2

TARGETS = {
    "static copy of the post page (ceiling)": "/static/bench/post.html",
    "post page, cached": POST,
    "home page, cached": "/",
    "category archive, cached": "/category/politics/",
    "post page, uncached (signed-in cookie)": POST,
    "health check (no template)": "/healthz",
}
SERVERS = {
    "gunicorn": [str(BIN / "gunicorn"), "config.wsgi", "--workers", str(WORKERS), "--bind"],
    "granian": [
        str(BIN / "granian"), "--interface", "wsgi", "--workers", str(WORKERS), "--no-ws",
        "config.wsgi:application", "--host", "127.0.0.1", "--port",
    ],
}  # fmt: skip


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def build_site(workdir):
    env = os.environ | {
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "SQLITE_PATH": str(workdir / "db.sqlite3"),
        "CACHE_DIR": str(workdir / "cache"),
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_DEBUG", None)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo_content")
    manage(env, "collectstatic", "--noinput", "-v0")
    return env


def start(server, env):
    command = [*SERVERS[server], f"127.0.0.1:{PORT}" if server == "gunicorn" else str(PORT)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"{server} did not start")


def wrk(path, seconds, connections, cookie=None):
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", output).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", output).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, p50, p99, int(errors.group(1)) if errors else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        env = build_site(workdir)
        for server in SERVERS:
            if not Path(SERVERS[server][0]).exists():
                print(f"{server} is not installed: skipped")
                continue
            process = start(server, env)
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{PORT}{POST}").read()
                ceiling = workdir / "static/bench/post.html"
                ceiling.parent.mkdir(exist_ok=True)
                ceiling.write_bytes(page)
                process.terminate()
                process.wait()
                process = start(server, env)  # WhiteNoise indexes static files at start
                for label, path in TARGETS.items():
                    cookie = "sessionid=bench" if "uncached" in label else None
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}").read()  # warm up
                    rate, p50, p99, errors = wrk(path, options.seconds, options.connections, cookie)
                    rows.append((server, label, rate, p50, p99, errors))
                    print(f"{server:9} {label:42} {rate:9.0f} req/s  p50 {p50:>8}  p99 {p99:>8}")
            finally:
                process.terminate()
                process.wait()

    write_results(rows, options)


def write_results(rows, options):
    results = ROOT / "bench/results/pages.md"
    results.parent.mkdir(exist_ok=True)
    lines = [
        "# Reader pages: requests per second",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, "
        f"{os.cpu_count()} cores; {WORKERS} workers per server; wrk, 2 threads, "
        f"{options.connections} connections, {options.seconds} s per row, from 127.0.0.1. "
        "SQLite, demo content, production settings, file cache.",
        "",
        "| server | page | requests/s | p50 | p99 | non-2xx |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {server} | {label} | {rate:.0f} | {p50} | {p99} | {errors} |"
        for server, label, rate, p50, p99, errors in rows
    ]
    results.write_text("\n".join(lines) + "\n")
    print(f"written to {results.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
