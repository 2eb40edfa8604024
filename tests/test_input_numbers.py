"""Numbers in addresses, query strings, cookies and forms: only ASCII digits that fit a database
integer name anything. "²" and "٣" (str.isdigit() says yes, int() says no or yes) and 23-digit
numbers get the page without them or a 404, never a 500."""

import pytest

from blog.converters import parse_id
from blog.models import Category
from comments.models import Comment
from tests.commenting import form_data, make_comment
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

NOT_IDS = ["²", "١٢", "٣", "1²", "99999999999999999999999", "9223372036854775808", "0", "-1",
           " 1", "1\n", "", "0x10", "1_000"]  # fmt: skip


@pytest.mark.parametrize("value", NOT_IDS)
def test_parse_id_is_none_for_anything_but_ascii_digits_that_fit(value):
    assert parse_id(value) is None


def test_parse_id_is_the_number_for_ascii_digits():
    assert parse_id("42") == 42
    assert parse_id("999999999999999999") == 999_999_999_999_999_999


@pytest.mark.parametrize("parameter", ["cpage", "reply_to"])
@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999999", "-3"])
def test_post_page_with_a_bad_number_is_the_page_without_it(client, parameter, value):
    post = PostFactory()
    make_comment(post)
    response = client.get(post.get_absolute_url(), {parameter: value})
    assert response.status_code == 200
    assert "Stored comment." in response.content.decode()


@pytest.mark.parametrize("value", ["²", "99999999999999999999999"])
def test_comment_replying_to_a_bad_number_is_refused_with_the_form(client, value):
    post = PostFactory()
    response = client.post("/comments/post/", form_data(post, reply_to=value))
    assert response.status_code == 400
    assert "A thoughtful comment." in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("cookie", ["comment_²", "comment_99999999999999999999999"])
def test_form_state_ignores_cookies_with_bad_numbers(client, cookie):
    post = PostFactory()
    header = f"{cookie}=x".encode().decode("latin-1")  # UTF-8 bytes, as WSGI hands them over
    response = client.get("/comments/form-state/", {"post": post.pk}, HTTP_COOKIE=header)
    assert response.status_code == 200
    assert response.json()["own"] == []


@pytest.mark.parametrize("parameter", ["p", "page_id", "cat"])
@pytest.mark.parametrize("value", ["²", "١٢", "99999999999999999999999"])
def test_wordpress_address_with_a_bad_id_is_404(client, parameter, value):
    Category.objects.create(name="News", slug="news")
    assert client.get("/", {parameter: value}).status_code == 404


@pytest.mark.parametrize("value", ["²", "99999999999999999999999"])
def test_post_body_naming_a_bad_image_number_is_saved_as_written(value):
    post = PostFactory(body=f'<p>Text</p><img src="/x.jpg" alt="x" data-file="{value}">')
    post.refresh_from_db()
    assert "Text" in post.body
