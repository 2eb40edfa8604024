"""Dates in pages: valid HTML <time> elements, whatever precision the database keeps."""

import re

import pytest

from tests.commenting import form_data

pytestmark = pytest.mark.django_db
MACHINE_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


def test_a_comment_posted_through_the_form_has_a_valid_machine_readable_date(
    client, post, settings
):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    assert client.post("/comments/post/", form_data(post)).status_code == 302
    html = client.get(post.get_absolute_url()).content.decode()
    dates = re.findall(r'<time datetime="([^"]*)">', html)
    assert len(dates) >= 2  # the post's and the comment's
    for value in dates:
        assert MACHINE_DATE.fullmatch(value), value  # no microseconds: HTML allows three digits
