"""A NUL byte in an address or a query string is refused with a 4xx. PostgreSQL refuses NUL in
text, so a query carrying one would fail: these run on both databases, and matter on PostgreSQL."""

import pytest

from blog.models import Category, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def terms(db):
    Category.objects.create(name="World", slug="world")
    Tag.objects.create(name="Climate", slug="climate")


@pytest.mark.parametrize(
    "path",
    [
        "/category/a%00b/",
        "/category/world/a%00b/",
        "/category/a%00b/feed/",
        "/category/a%00b/page/2/",
        "/tag/a%00b/",
        "/author/a%00b/",
        "/a%00b/",
        "/2024/01/02/a%00b/",
        "/2024/01/02/a%00b/feed/",
    ],
)
def test_nul_in_an_address_is_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", ["tag=a%00b", "tag=a%00b&feed=rss2", "cat=1%00", "p=1%00"])
def test_nul_in_a_wordpress_address_is_404(client, query):
    assert client.get(f"/?{query}").status_code == 404


@pytest.mark.parametrize("url", ["/search/?q=a%00b", "/search/?q=climate&page=1%00", "/?s=a%00b"])
def test_nul_in_a_search_is_refused(client, url):
    response = client.get(url, follow=True)
    assert response.status_code in (400, 404)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/images/image/picker/?q=a%00b",
        "/admin/images/image/?q=a%00b",
        "/admin/blog/post/?q=a%00b",
        "/admin/blog/tag/?q=a%00b",
    ],
)
def test_nul_in_an_admin_search_is_refused_or_finds_nothing(staff_client, url):
    assert staff_client.get(url).status_code in (200, 400, 404)
