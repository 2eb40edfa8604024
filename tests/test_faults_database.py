"""The database down: readers get a 503 page with Retry-After at once, cached pages are still
served, and the blog comes back by itself when the database does.

A throw-away PostgreSQL cluster of the test's own (never the shared server on 5432) serves a
blog run by gunicorn with the shipped settings, under a few threads of requests; the cluster is
stopped for a few seconds and started again.
"""

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.processes import ROOT

PG_BIN = next(reversed(sorted(glob.glob("/usr/lib/postgresql/*/bin"))), None)
OUTAGE_SECONDS = 5

pytestmark = pytest.mark.skipif(
    PG_BIN is None or not Path(PG_BIN, "initdb").exists(),
    reason="the PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed",
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """A private PostgreSQL server in a temporary folder, on a free port, trust auth."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="broadsheet-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_owner = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            owner = pwd.getpwnam("postgres")
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self.pg("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def pg(self, program, *args):
        subprocess.run(
            [*self.as_owner, f"{PG_BIN}/{program}", *map(str, args)],
            check=True,
            capture_output=True,
        )

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg("pg_ctl", "-D", self.data, "-l", self.dir / "log", "-o", options, "-w", "start")

    def stop(self, mode="fast"):
        self.pg("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop")

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def cluster():
    cluster = Cluster()
    cluster.start()
    yield cluster
    cluster.remove()


@pytest.fixture
def served_blog(cluster, tmp_path):
    """The blog on the private cluster, served by gunicorn as in production: its address."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.pop("REDIS_URL", None)
    env |= {
        "DJANGO_SETTINGS_MODULE": "tests.settings_served",
        "DJANGO_SECRET_KEY": "x" * 50,
        "EMAIL_URL": "console:",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{cluster.port}/postgres",
        "CACHE_DIR": str(tmp_path / "cache"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    for command in (["migrate", "-v0"], ["load_demo_content"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--threads", "4"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    address = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{address}/healthz", timeout=5).close()
                break
            except OSError:
                time.sleep(0.2)
        yield address
    finally:
        server.terminate()
        server.wait(10)
        log.close()


def get(url):
    """(status, Retry-After, body) of a GET; an error that is not an HTTP answer is raised."""
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.headers.get("Retry-After"), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After"), error.read()


class Load:
    """Threads requesting `urls` in turn until stopped; every answer is kept."""

    def __init__(self, urls):
        self.answers = []  # (url, sent, answered, status, retry_after)
        self.counter = itertools.count(1)  # shared: no two requests have the same number
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(url,)) for url in urls]

    def run(self, url):
        while not self.stopping.is_set():
            count = next(self.counter)
            sent = time.monotonic()
            try:
                status, retry_after, _body = get(url.format(count=count))
            except Exception as error:  # no HTTP answer at all: counted as a failure
                status, retry_after = repr(error), None
            self.answers.append((url, sent, time.monotonic(), status, retry_after))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join()


def test_database_outage_gives_503s_with_retry_after_and_the_blog_recovers_by_itself(
    cluster, served_blog
):
    status, _retry, home = get(f"{served_blog}/")
    assert status == 200
    post_url = served_blog + next(
        line.split('"')[1] for line in home.decode().split("<a href=") if "/20" in line[:8]
    ).removeprefix(served_blog)
    # A comment page the page cache has never seen: every number is asked for once.
    fresh = post_url + "?cpage={count}"
    cached = f"{served_blog}/"
    assert get(cached)[0] == 200  # now in the page cache

    with Load([fresh, fresh, fresh, cached]) as load:
        time.sleep(2)
        cluster.stop()
        stopped = time.monotonic()
        time.sleep(1)
        health = get(f"{served_blog}/healthz")
        page = get(fresh.format(count=0))
        time.sleep(max(0, OUTAGE_SECONDS - (time.monotonic() - stopped)))
        cluster.start()
        back = time.monotonic()
        while time.monotonic() - back < 15 and not any(
            url == fresh and answered > back and status == 200
            for url, _sent, answered, status, _retry in load.answers
        ):
            time.sleep(0.1)
        time.sleep(1)

    answers = load.answers
    assert {status for *_rest, status, _retry in answers} <= {200, 503}
    unavailable = [a for a in answers if a[3] == 503]
    assert unavailable, "the outage was not seen"
    assert all(retry_after for *_rest, retry_after in unavailable)
    slowest_503 = max(answered - sent for _url, sent, answered, _s, _r in unavailable)
    assert slowest_503 < 3.5
    assert all(status == 200 for url, *_rest, status, _retry in answers if url == cached)
    assert health[0] == 503 and health[2] == b"database: down\ncache: ok\n"
    assert page[0] == 503 and "Back in a moment" in page[2].decode()
    assert 'class="site-title"' in page[2].decode()  # the theme's header, without the database
    first_200 = min(
        answered
        for url, _sent, answered, status, _retry in answers
        if url == fresh and answered > back and status == 200
    )
    recovery = first_200 - back
    print(
        f"\nDatabase outage: {len(answers)} requests, {len(unavailable)} answered 503 "
        f"(slowest {slowest_503:.2f} s), {time.monotonic() - stopped:.1f} s in all; "
        f"first 200 {recovery:.2f} s after the database returned."
    )
    assert recovery < 5
