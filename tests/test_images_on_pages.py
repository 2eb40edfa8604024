"""Pages ("About" and the like) take library images the way posts do, by the same code."""

import re

import pytest

from blog.models import Page, Status
from images.models import Usage
from tests.factories import PageFactory
from tests.imagefiles import figure, library_image
from tests.pages import main_of

pytestmark = pytest.mark.django_db


def page_form(page, **changes):
    data = {
        "title": page.title, "slug": page.slug, "body": page.body, "status": Status.PUBLISHED,
        "in_navigation": "on", "order": 0,
    }  # fmt: skip
    return data | changes


def test_page_editor_offers_figures_with_the_library_picker(staff_client):
    html = staff_client.get("/admin/blog/page/add/").content.decode()
    assert "Figure" in html and "/admin/images/image/picker/" in html


def test_page_body_figures_become_responsive_when_the_page_is_saved(client):
    photo = library_image("harbour.jpg", alt_text="Boats in the harbour")
    page = PageFactory(slug="about", body=f"<p>Hello.</p>{figure(photo)}")
    assert '<figure class="figure"><picture><source type="image/webp"' in page.body
    img = re.search(r"<img [^>]*>", page.body).group(0)
    assert 'width="1400"' in img and 'loading="lazy"' in img and 'decoding="async"' in img
    assert 'alt="Boats in the harbour"' in img
    assert img in main_of(client.get("/about/"))


def test_usage_is_recorded_for_pages_and_follows_their_body():
    photo = library_image()
    page = PageFactory(body=figure(photo))
    assert [(use.image, use.owner, use.role) for use in Usage.objects.all()] == [
        (photo, page, "body")
    ]
    page.body = "<p>No image now.</p>"
    page.save()
    assert not Usage.objects.exists()


def test_an_image_used_on_a_page_cannot_be_deleted_and_the_page_is_listed(staff_client):
    photo = library_image("used.jpg")
    page = PageFactory(title="About us", body=figure(photo))
    change = staff_client.get(f"/admin/images/image/{photo.pk}/change/").content.decode()
    assert f'href="/admin/blog/page/{page.pk}/change/">About us</a> (in the text)' in change
    listing = staff_client.get("/admin/images/image/").content.decode()
    assert '<td class="field-use_count">1</td>' in listing
    response = staff_client.post(f"/admin/images/image/{photo.pk}/delete/", {"post": "yes"})
    assert "“About us” (in the text)" in response.content.decode()
    assert photo.usages.exists()


def test_a_page_using_an_image_without_alt_text_cannot_be_published(staff_client):
    bare = library_image("bare.jpg", alt_text="")
    page = PageFactory(status=Status.DRAFT, body=figure(bare))
    url = f"/admin/blog/page/{page.pk}/change/"
    response = staff_client.post(url, page_form(page))
    assert response.status_code == 200
    assert "The image “bare.jpg” has no alt text" in response.content.decode()
    assert Page.objects.get(pk=page.pk).status == Status.DRAFT
    assert staff_client.post(url, page_form(page, status=Status.DRAFT)).status_code == 302
    typed = page_form(page, body=figure(bare, alt="Typed in the editor"))
    assert staff_client.post(url, typed).status_code == 302
    assert Page.objects.get(pk=page.pk).status == Status.PUBLISHED


def test_deleting_a_page_frees_its_images(staff_client):
    photo = library_image()
    page = PageFactory(body=figure(photo))
    page.delete()
    assert not photo.usages.exists()
