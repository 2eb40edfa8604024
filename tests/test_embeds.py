"""Embeds become link cards that name the service and link out: no iframe, no script, nothing
asked of the other site until the reader follows the link."""

import pytest

from blog.embeds import service
from blog.html import sanitize
from tests.factories import PostFactory


@pytest.mark.parametrize(
    "url, name",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube"),
        ("https://youtu.be/dQw4w9WgXcQ", "YouTube"),
        ("https://vimeo.com/22439234", "Vimeo"),
        ("https://twitter.com/WordPress/status/1", "X (Twitter)"),
        ("https://x.com/WordPress/status/1", "X (Twitter)"),
        ("https://mastodon.social/@Gargron/109999", "Mastodon"),
        ("https://fosstodon.org/@someone@example.org/1234", "Mastodon"),
        ("https://example.com/some/page", None),
    ],
)
def test_services_are_known_by_their_address(url, name):
    assert service(url) == name


def test_a_service_link_alone_on_a_line_becomes_a_card():
    body = sanitize(
        "<p>https://www.youtube.com/watch?v=abc&amp;t=30</p>"
        '<p><a href="https://vimeo.com/1">https://vimeo.com/1</a></p>'
        "<p>See https://vimeo.com/2 for more.</p>"
        "<p>https://example.com/page</p>"
    )
    assert (
        '<figure class="embed-card embed-youtube"><a href="https://www.youtube.com/watch?v=abc'
        '&amp;t=30" rel="noopener"><span class="embed-service">YouTube</span> '
        '<span class="embed-address">youtube.com/watch?v=abc&amp;t=30</span></a></figure>'
    ) in body
    assert '<figure class="embed-card embed-vimeo"><a href="https://vimeo.com/1"' in body
    assert "<p>See https://vimeo.com/2 for more.</p>" in body  # a link in a sentence stays
    assert "<p>https://example.com/page</p>" in body  # an unknown site is not an embed


def test_embed_blocks_and_shortcodes_become_cards_keeping_their_caption():
    body = sanitize(
        '<figure class="wp-block-embed is-type-rich is-provider-twitter wp-block-embed-twitter">'
        '<div class="wp-block-embed__wrapper">\nhttps://twitter.com/WordPress/status/1\n</div>'
        "<figcaption>A tweet<script>alert(1)</script></figcaption></figure>"
        "<p>[embed]https://some.blog.example/post/4[/embed]</p>"
    )
    assert '<figure class="embed-card embed-x-twitter">' in body
    assert "<figcaption>A tweet</figcaption></figure>" in body
    assert "<script" not in body and "wp-block-embed__wrapper" not in body
    assert '<span class="embed-service">some.blog.example</span>' in body


def test_cards_are_made_once_and_stay_as_they_are():
    once = sanitize("<p>https://youtu.be/abc</p>")
    assert sanitize(once) == once


@pytest.mark.django_db
def test_a_saved_post_shows_a_card_and_loads_nothing_from_the_service(client):
    post = PostFactory(body="<p>Watch this:</p><p>https://www.youtube.com/watch?v=abc</p>")
    page = client.get(post.get_absolute_url()).text
    assert '<span class="embed-service">YouTube</span>' in page
    assert "<iframe" not in page
    assert 'src="https://www.youtube' not in page
