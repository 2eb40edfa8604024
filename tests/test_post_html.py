"""Post bodies are stored sanitised, with their derived fields computed at save time."""

import pytest

from blog import html
from tests.factories import PostFactory


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener">x</a>'),
        ('<p style="color:red">x</p>', "<p>x</p>"),
        ("<iframe src='https://evil.example'></iframe><p>x</p>", "<p>x</p>"),
        ("<p>“Quotes” – dashes… and ’s</p>", "<p>“Quotes” – dashes… and ’s</p>"),
        ('<p>Say "hi" & it\'s fine</p>', '<p>Say "hi" &amp; it\'s fine</p>'),
        ("<blockquote><p>Quoted</p></blockquote>", "<blockquote><p>Quoted</p></blockquote>"),
    ],
)
def test_sanitize_keeps_writing_and_drops_everything_else(dirty, clean):
    assert html.sanitize(dirty) == clean


def test_excerpt_ends_on_a_whole_paragraph():
    body = "<p>" + "word " * 40 + "</p><p>" + "more " * 40 + "</p><p>last</p>"
    excerpt = html.excerpt(body, 55)
    assert excerpt.count("<p>") == 2
    assert "last" not in excerpt


def test_excerpt_does_not_stop_on_a_quotation():
    body = "<p>Intro:</p><blockquote><p>" + "q " * 80 + "</p></blockquote><p>Comment.</p>"
    assert html.excerpt(body, 20).endswith("<p>Comment.</p>")


@pytest.mark.django_db
def test_saving_a_post_computes_summary_and_reading_time():
    post = PostFactory(body="<p>" + "word " * 690 + "</p><script>x</script>")
    assert "<script>" not in post.body
    assert post.reading_minutes == 3
    assert post.summary.startswith("<p>word")
