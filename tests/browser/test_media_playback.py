"""Imported sound and video play in Chromium from our own origin, under the strict CSP."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from blog.models import Post
from tests.test_wordpress_media import export, run, uploads  # noqa: F401 (fixtures)
from tests.worker import committed

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_FOR_METADATA = """player => new Promise(resolve => {
  const done = () => resolve({duration: player.duration, error: player.error && player.error.code});
  if (player.readyState >= 1 || player.error) done();
  player.addEventListener("loadedmetadata", done);
  player.addEventListener("error", done);
})"""


@pytest.mark.usefixtures("uploads")
def test_imported_players_play_a_second_of_our_copy(live_server, browser, export, run_tasks):  # noqa: F811
    run(export, "--media", Path(export).parent / "uploads")
    with committed():
        run_tasks()
    post = Post.objects.get()
    tab = browser.new_page()
    refused = []
    tab.on("console", lambda message: message.type == "error" and refused.append(message.text))
    tab.goto(f"{live_server.url}{post.get_absolute_url()}")
    for selector in ("audio", "video"):
        player = tab.locator(f"{selector}[controls]")
        expect(player).to_have_count(1)
        assert player.get_attribute("src").startswith("/media/av/")
        loaded = player.evaluate(WAIT_FOR_METADATA)
        assert loaded["error"] is None, loaded
        assert 0.9 < loaded["duration"] < 1.2
    # Only the one image the uploads folder lacked is refused (the old site is not loaded).
    assert all("lost.jpg" in message or "img-src" in message for message in refused), refused
    tab.close()
