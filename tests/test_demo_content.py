"""The demo content, and the seed post the blog was made for, rendered exactly."""

from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from blog.demo import seed
from blog.models import Category, Page, Post

pytestmark = pytest.mark.django_db

SHARED_SEED = Path(__file__).resolve().parents[2] / "shared/seed/000_51a9fe28756a9bb6.txt"


class Paragraphs(HTMLParser):
    """The text of each <p> in the post body, and whether it sits in a <blockquote>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_body = self.in_p = False
        self.quote_depth = 0
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "div" and ("class", "entry-content") in attrs:
            self.in_body = True
        elif self.in_body and tag == "blockquote":
            self.quote_depth += 1
        elif self.in_body and tag == "p":
            self.in_p = True
            self.found.append(["", self.quote_depth > 0])

    def handle_endtag(self, tag):
        if tag == "blockquote" and self.in_body:
            self.quote_depth -= 1
        elif tag == "p":
            self.in_p = False
        elif tag == "div" and self.in_body and not self.in_p:
            self.in_body = False

    def handle_data(self, data):
        if self.in_body and self.in_p:
            self.found[-1][0] += data


def seed_paragraphs():
    lines = seed.SEED_TEXT.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()]


def test_project_keeps_an_exact_copy_of_the_seed():
    if not SHARED_SEED.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    assert seed.SEED_TEXT.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_post_renders_every_character_with_its_quotations_in_blockquotes(client, demo_content):
    post = Post.objects.get(slug="chinas-troublesome-neighbour")
    assert post.get_absolute_url() == "/2024/11/05/chinas-troublesome-neighbour/"
    response = client.get(post.get_absolute_url())
    parser = Paragraphs()
    parser.feed(response.content.decode())

    expected = seed_paragraphs()
    assert expected[-2:] == ["Posted in", "Leave a comment"]
    body = expected[:-2]
    assert [text for text, _ in parser.found] == body
    quoted = [number for number, (_, in_quote) in enumerate(parser.found, 1) if in_quote]
    assert quoted == [*range(2, 11), 12, 13]
    for character in "“”’…–":
        assert character in response.content.decode()
    assert "10,000" in parser.found[10][0]
    assert "Mr [Aidan] Foster-Carter" in parser.found[9][0]
    assert "followed and our footage deleted…." in parser.found[3][0]


def test_seed_post_is_posted_in_world_under_politics(demo_content):
    post = Post.objects.get(slug="chinas-troublesome-neighbour")
    assert post.title == "China's troublesome neighbour"
    world = post.categories.get()
    assert (world.name, world.parent.name) == ("World", "Politics")
    assert post.tags.count() >= 3


def test_demo_content_fills_two_home_pages_and_every_archive(client, demo_content):
    assert Post.objects.published().count() > 10  # posts per page
    assert client.get("/page/2/").status_code == 200
    assert Page.objects.filter(slug="about").exists()
    assert Category.objects.filter(parent__parent__isnull=False).exists()  # three levels
    days = Post.objects.dates("publish_at", "day")
    assert len(days) < Post.objects.count(), "some day holds two posts"


def test_demo_content_loads_only_into_an_empty_blog(demo_content):
    Post.objects.filter(slug="chinas-troublesome-neighbour").update(title="Edited by the author")
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert "not loaded" in out.getvalue()
    assert Post.objects.get(slug="chinas-troublesome-neighbour").title == "Edited by the author"


def test_admin_account_is_made_once_and_its_password_shown_once(demo_content):
    first, second = StringIO(), StringIO()
    call_command("ensure_admin", stdout=first)
    call_command("ensure_admin", stdout=second)
    assert "password:" in first.getvalue()
    assert second.getvalue() == ""
