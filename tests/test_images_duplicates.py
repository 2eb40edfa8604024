"""The same file uploaded again is the image already in the library, not a copy of it."""

import re

import pytest

from images.models import Image
from tests.imagefiles import library_image, upload

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/images/image/upload/"


def stored_files(settings):
    return sorted(path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file())


def test_uploading_the_same_file_again_reuses_the_library_image(staff_client, settings):
    first = library_image("photo.jpg")
    files_before = stored_files(settings)
    response = staff_client.post(UPLOAD, {"files": [upload("copy.jpg", size=(1400, 1050))]})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/images/image/{first.pk}/change/"
    assert list(Image.objects.values_list("pk", flat=True)) == [first.pk]
    assert stored_files(settings) == files_before
    html = staff_client.get(response["Location"]).content.decode()
    assert "Already in the library, so not added again: “copy.jpg” (as “photo.jpg”)." in html
    assert "uploaded." not in html


def test_multi_upload_names_the_files_already_in_the_library(staff_client):
    library_image("harbour.jpg")
    files = [
        upload("new.png", image_format="PNG"),
        upload("harbour.jpg", size=(1400, 1050)),
        upload("again.jpg", size=(1400, 1050)),
    ]
    response = staff_client.post(UPLOAD, {"files": files}, follow=True)
    html = response.content.decode()
    assert "1 image uploaded." in html
    assert "Already in the library, so not added again: “harbour.jpg”, “again.jpg” (as " in html
    assert sorted(Image.objects.values_list("original_name", flat=True)) == [
        "harbour.jpg",
        "new.png",
    ]


def test_the_same_file_twice_in_one_batch_is_stored_once(staff_client):
    files = [upload("a.jpg"), upload("b.jpg")]
    response = staff_client.post(UPLOAD, {"files": files}, follow=True)
    assert Image.objects.count() == 1
    html = response.content.decode()
    assert "1 image uploaded." in html
    assert "“b.jpg” (as “a.jpg”)" in html


def test_a_different_file_is_a_new_image(staff_client):
    library_image("photo.jpg")
    staff_client.post(UPLOAD, {"files": [upload("photo.jpg", size=(1400, 1051))]})
    assert Image.objects.count() == 2


def test_the_picker_points_at_the_existing_image(staff_client):
    existing = library_image("harbour.jpg")
    picker = "/admin/images/image/picker/?CKEditorFuncNum=1"
    response = staff_client.post(picker, {"files": [upload("dup.jpg", size=(1400, 1050))]})
    html = response.content.decode()
    assert Image.objects.count() == 1
    new = re.findall(r'<li class="is-new">\s*<button [^>]*data-id="(\d+)"', html)
    assert new == [str(existing.pk)]
    assert "“dup.jpg” (as “harbour.jpg”)" in html


def test_the_post_form_popup_gets_the_existing_image(staff_client):
    existing = library_image("harbour.jpg")
    response = staff_client.post(
        "/admin/images/image/add/?_to_field=id&_popup=1",
        {"files": [upload("dup.jpg", size=(1400, 1050))], "_popup": "1", "_to_field": "id"},
    )
    assert response.status_code == 200
    assert f"&quot;value&quot;: &quot;{existing.pk}&quot;" in response.content.decode()
    assert Image.objects.count() == 1
