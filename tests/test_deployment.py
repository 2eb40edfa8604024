"""What a deployment relies on: settings from the environment, headers, health checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import PostFactory

ROOT = Path(__file__).resolve().parents[1]


def start_django(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        capture_output=True,
        text=True,
    )


def test_production_start_refuses_to_run_without_a_secret_key():
    result = start_django()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_start_runs_with_a_secret_key():
    assert start_django(DJANGO_SECRET_KEY="x" * 50).returncode == 0


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
def test_health_check_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_favicon_request_is_sent_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("favicon.svg")
