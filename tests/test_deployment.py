"""What a deployment relies on: settings from the environment, headers, health checks."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import PostFactory

ROOT = Path(__file__).resolve().parents[1]


def production_env(**env):
    """This process's environment without the blog's settings, plus `env`."""
    names = ("DJANGO_", "PYTEST", "EMAIL_URL", "SITE_URL", "DATABASE_URL", "REDIS_URL")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(names)}
    return clean | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env


def start_django(**env):
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=production_env(**env),
        capture_output=True,
        text=True,
    )


def readme_recipe():
    """The variables the README's "Deploying behind a reverse proxy" recipe exports, with its
    placeholders (…) filled in."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Deploying behind a reverse proxy", 1)[1]
    commands = section.split("```sh", 1)[1].split("make prepare", 1)[0]
    filled = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://blog@127.0.0.1:5432/blog",
        "EMAIL_URL": "smtps://blog:password@mail.example.com",
    }
    recipe = dict(re.findall(r"\b([A-Z_]+)=(\S+)", commands))
    assert "DJANGO_SECRET_KEY" in recipe and "SITE_URL" in recipe, commands
    return {name: filled[name] if "…" in value else value for name, value in recipe.items()}


def test_production_start_refuses_to_run_without_a_secret_key():
    result = start_django(EMAIL_URL="console:")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_start_refuses_to_run_without_a_mail_server():
    for email_url in ({}, {"EMAIL_URL": "smpt://mail.example.com"}):
        result = start_django(DJANGO_SECRET_KEY="x" * 50, **email_url)
        assert result.returncode != 0
        assert "EMAIL_URL is not set" in result.stderr


def test_production_start_runs_with_a_secret_key_and_a_mail_server_or_the_console():
    for email_url in ("smtp://mail.example.com", "console:"):
        assert start_django(DJANGO_SECRET_KEY="x" * 50, EMAIL_URL=email_url).returncode == 0


def test_check_deploy_reports_nothing_for_the_readme_recipe():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=production_env(**readme_recipe()),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout


def test_make_run_puts_its_own_address_in_canonical_links():
    dry_run = subprocess.run(
        ["make", "-n", "run", "dev", "HOST=127.0.0.2", "PORT=8765"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    gunicorn = next(line for line in dry_run.splitlines() if "gunicorn config.wsgi" in line)
    runserver = next(line for line in dry_run.splitlines() if "manage.py runserver" in line)
    for command in (gunicorn, runserver):
        assert 'SITE_URL="${SITE_URL:-http://127.0.0.2:8765}"' in command


def test_plain_http_is_redirected_to_https_except_the_health_check(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/about/")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/about/"
    assert client.get("/healthz").status_code == 200


def test_https_responses_carry_hsts_as_configured(client, settings, db):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/healthz", secure=True)
    assert response.headers["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains")


@pytest.mark.django_db
def test_reader_pages_carry_a_strict_content_security_policy(client):
    post = PostFactory()
    response = client.get(post.get_absolute_url())
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "style-src 'self';" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_load_nothing_from_other_sites(client):
    PostFactory(body='<p>See <a href="https://example.org/">this</a>.</p>')
    html = client.get("/").content.decode()
    assert 'src="http' not in html and 'href="//' not in html
    assert '<link rel="stylesheet" href="/static/' in html


@pytest.mark.django_db
def test_health_check_is_200_when_the_database_and_the_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"database: ok\ncache: ok\n"


def test_favicon_request_is_sent_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("favicon.svg")


@pytest.mark.django_db
def test_the_503_page_is_themed_and_rendered_without_the_database(rf, django_assert_num_queries):
    from config.unavailable import service_unavailable

    with django_assert_num_queries(0):
        response = service_unavailable(rf.get("/2024/11/05/a-post/"))
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "no-store" in response.headers["Cache-Control"]
    html = response.content.decode()
    assert "Back in a moment" in html and 'class="site-title"' in html
    assert '<link rel="stylesheet" href="/static/css/broadsheet.css">' in html


@pytest.mark.django_db
def test_comment_feeds_link_to_site_url_not_example_com(client, post):
    from tests.commenting import make_comment

    make_comment(post, comment="Seen in a feed reader")
    feed = client.get("/comments/feed/").content.decode()
    assert "example.com" not in feed
    assert "<link>http://127.0.0.1:8000/</link>" in feed  # SITE_URL in the tests' settings
    assert "<guid>http://127.0.0.1:8000/comments/c/" in feed


@pytest.mark.django_db
def test_migrate_makes_the_site_follow_site_url(settings):
    from django.contrib.sites.models import Site
    from django.core.management import call_command

    settings.SITE_URL = "https://blog.example.com"
    call_command("migrate", verbosity=0)
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("blog.example.com", settings.BLOG_TITLE)
