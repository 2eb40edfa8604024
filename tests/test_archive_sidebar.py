"""The sidebar's archives at fifteen years of writing: a line per year, each opening on its
months, the newest open."""

import re
from datetime import datetime

import pytest
from django.utils import timezone

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_fifteen_years_of_months_are_grouped_by_year(client):
    for year in range(2010, 2025):
        for month in (1, 6, 11):
            PostFactory(publish_at=timezone.make_aware(datetime(year, month, 15, 12)))
    PostFactory(publish_at=timezone.make_aware(datetime(2024, 11, 20, 12)))
    html = client.get("/").content.decode()
    archives = html[html.index('id="widget-archives"') :]
    archives = archives[: archives.index("</section>")]
    years = re.findall(
        r"<details( open)?>\s*<summary>(\d{4}) <span class=\"count\">\((\d+)\)", archives
    )
    assert [year for _, year, _ in years] == [str(year) for year in range(2024, 2009, -1)]
    assert [bool(opened) for opened, _, _ in years] == [True] + [False] * 14
    assert years[0][2] == "4" and years[1][2] == "3"  # posts in 2024, in 2023
    assert (
        archives.count('href="/2024/11/"') == 1
        and '>November</a> <span class="count">(2)' in archives
    )
    assert 'href="/2010/"' in archives and 'href="/2010/01/"' in archives
