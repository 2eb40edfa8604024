"""A post's list entry shows its featured image once: the summary leaves the body's images out."""

import re

import pytest

from tests.factories import PostFactory
from tests.imagefiles import figure, library_image
from tests.pages import main_of

pytestmark = pytest.mark.django_db

WORDS = " ".join(["word"] * 30)


@pytest.fixture
def photo():
    return library_image("harbour.jpg", alt_text="Boats")


def test_summary_of_a_post_with_a_featured_image_has_no_figures_or_images(photo):
    body = (
        f"{figure(photo)}<p>First {WORDS}.</p><p>{figure(photo)}</p>"
        f'<p>Inline <img src="/elsewhere.png" alt="x"> picture, second {WORDS}.</p>'
    )
    post = PostFactory(featured_image=photo, body=body)
    assert post.summary == f"<p>First {WORDS}.</p><p>Inline  picture, second {WORDS}.</p>"
    assert not re.search(r"<(figure|picture|img)\b", post.summary)


def test_without_a_featured_image_the_summary_keeps_the_body_figure(photo):
    post = PostFactory(body=f"{figure(photo)}<p>First {WORDS}.</p><p>Second {WORDS}.</p>")
    assert post.summary.startswith('<figure class="figure"><picture>')


def test_summary_follows_the_featured_image_when_it_is_added_or_removed(photo):
    post = PostFactory(body=f"{figure(photo)}<p>First {WORDS}.</p><p>Second {WORDS}.</p>")
    post.featured_image = photo
    post.save()
    assert "<figure" not in post.summary
    post.featured_image = None
    post.save()
    assert "<figure" in post.summary


def test_home_and_archives_show_the_thumbnail_alone(client, photo):
    PostFactory(
        featured_image=photo,
        body=f"{figure(photo)}<p>First {WORDS}.</p>",
        publish_at="2024-11-05T08:30:00Z",
    )
    for url in ["/", "/2024/", "/2024/11/"]:
        html = main_of(client.get(url))
        summary = re.search(r'<div class="entry-summary">(.*?)</div>', html, re.DOTALL).group(1)
        assert "<picture>" not in summary and "<figure" not in summary, url
        assert html.count("<picture>") == 1, url  # the thumbnail
        assert f"First {WORDS}." in summary, url
