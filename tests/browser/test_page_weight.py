"""The seed post with 50 readers' comments weighs under 60 KB as readers get it (compressed;
HTML, CSS, JavaScript and fonts, images aside), and nothing but one stylesheet holds up its first
paint."""

import brotli
import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from blog.models import Post
from tests.commenting import post_threads

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 60_000
STATIC = "/static/"


def compressed(body):
    """What WhiteNoise sends for a static file: the Brotli copy collectstatic made of it."""
    return len(brotli.compress(body))


def test_seed_post_with_fifty_comments_is_under_budget(live_server, demo_content, settings, page):
    post = Post.objects.get(slug="chinas-troublesome-neighbour")
    post_threads(settings, post, threads=10, depth=5)
    requested = []
    page.on("request", lambda request: requested.append(request))
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    page.wait_for_load_state("load")

    reader = Client(headers={"accept-encoding": "br"})
    reader.get(post.get_absolute_url())  # the page cache stores it, compressed once
    html = reader.get(post.get_absolute_url())
    assert html["Content-Encoding"] == "br"
    sizes = {"document": len(html.content)}
    for request in requested:
        path = request.url.removeprefix(live_server.url)
        if request.resource_type in ("image", "document") or not path.startswith(STATIC):
            continue
        found = finders.find(path.removeprefix(STATIC).split("?")[0])
        assert found, f"{path} is not a static file of ours"
        with open(found, "rb") as file:
            sizes[path] = compressed(file.read())
    total = sum(sizes.values())
    assert total < BUDGET, f"{total} bytes: {sizes}"

    blocking = page.evaluate(
        """() => [...document.head.querySelectorAll('link[rel=stylesheet], script[src]')]
            .filter(el => el.tagName === 'LINK' || !(el.defer || el.async || el.type === 'module'))
            .map(el => el.outerHTML)"""
    )
    assert len(blocking) == 1 and "stylesheet" in blocking[0], blocking
    body_scripts = page.evaluate(
        """() => [...document.body.querySelectorAll('script[src]')]
            .filter(el => !(el.defer || el.async || el.type === 'module')).length"""
    )
    assert body_scripts == 0
