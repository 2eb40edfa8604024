"""Two app servers on one PostgreSQL and one Redis, as the README recommends for more than one:
a post published through one is on the other's cached pages on the very next request."""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from tests.processes import ROOT
from tests.services import REDIS, redis_answers
from tests.test_background_work import free_port

POSTGRES = "postgres://postgres@127.0.0.1:5432"
# Names of this run's own: another test run on the machine (CI's, say) may be using its own.
DATABASE = f"test_bs_two_servers_{os.getpid()}"
REDIS_URL = f"redis://{REDIS[0]}:{REDIS[1]}/0"
REDIS_KEY_PREFIX = f"test-two-servers-{os.getpid()}"


def postgres_answers():
    try:
        import psycopg

        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=2).close()
        return True
    except Exception:  # any reason it does not answer
        return False


pytestmark = pytest.mark.skipif(
    not (redis_answers() and postgres_answers()), reason="needs PostgreSQL and Redis"
)


def shell(env, code):
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True
    )


@pytest.fixture
def two_servers(tmp_path):
    """Two gunicorn servers of the blog on one database and one Redis: their addresses."""
    import psycopg
    import redis

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    ports = [free_port(), free_port()]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "tests.settings_served",
        "DJANGO_SECRET_KEY": "x" * 50,
        "EMAIL_URL": "console:",
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "REDIS_URL": REDIS_URL,
        "REDIS_KEY_PREFIX": REDIS_KEY_PREFIX,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SITE_URL": f"http://127.0.0.1:{ports[0]}",
        "ADMIN_REQUIRE_2FA": "0",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "load_demo_content"], cwd=ROOT, env=env, check=True
    )
    shell(
        env,
        "from django.contrib.auth.models import User; from blog.models import *; "
        "User.objects.create_superuser('editor', 'editor@example.com', 'a long password 42'); "
        "Post.objects.create(title='Fresh from the other server', slug='fresh', "
        "author=Author.objects.first(), body='<p>New.</p>', status=Status.DRAFT)",
    )
    servers = []
    try:
        for port in ports:
            log = (tmp_path / f"gunicorn-{port}.log").open("w")
            command = [sys.executable, "-m", "gunicorn", "config.wsgi"]
            command += ["--bind", f"127.0.0.1:{port}", "--workers", "2"]
            servers.append(
                subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            )
        addresses = [f"http://127.0.0.1:{port}" for port in ports]
        for address in addresses:
            for _ in range(150):
                try:
                    urllib.request.urlopen(f"{address}/healthz", timeout=5).close()
                    break
                except OSError:
                    time.sleep(0.2)
        yield addresses
    finally:
        for server in servers:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        shared = redis.Redis.from_url(REDIS_URL)
        for key in shared.scan_iter(f"{REDIS_KEY_PREFIX}:*"):
            shared.delete(key)


def signed_in_editor(address):
    """A browser signed in to the admin of the server at `address`."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    browser.open(f"{address}/admin/login/").read()
    browser.open(
        f"{address}/admin/login/",
        urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf_token(jar),
                "username": "editor",
                "password": "a long password 42",
                "next": "/admin/",
            }
        ).encode(),
    ).read()
    assert any(cookie.name == "sessionid" for cookie in jar), "the editor could not sign in"
    return browser, jar


def csrf_token(jar):
    return next(cookie.value for cookie in jar if cookie.name == "csrftoken")


def page(address, path="/"):
    with urllib.request.urlopen(f"{address}{path}", timeout=15) as response:
        return response.read().decode(), response.headers


def test_a_post_published_through_one_server_is_on_the_others_cached_pages(two_servers):
    first, second = two_servers
    etags = {}
    for address in (first, second):  # both serve these pages from the cache
        for path in ("/", "/category/politics/"):
            page(address, path)
            html, headers = page(address, path)
            assert "Fresh from the other server" not in html
            etags[path] = headers["ETag"]

    browser, jar = signed_in_editor(first)
    changelist = browser.open(f"{first}/admin/blog/post/?q=Fresh").read().decode()
    pk = re.search(r'name="_selected_action" value="(\d+)"', changelist).group(1)
    browser.open(
        f"{first}/admin/blog/post/",
        urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf_token(jar),
                "action": "publish",
                "_selected_action": pk,
                "index": "0",
            }
        ).encode(),
    ).read()

    for path in ("/", "/category/politics/"):  # the list, and the sidebar's recent posts
        html, headers = page(second, path)
        assert "Fresh from the other server" in html, path
        assert headers["ETag"] != etags[path]
