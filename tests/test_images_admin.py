"""The media library in the admin: uploads, search, usage, safe deletion, alt text on publish."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from blog.models import Post, Status
from images.models import Image
from tests.factories import AuthorFactory, PostFactory
from tests.imagefiles import figure, library_image, upload

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/images/image/"


def test_admin_uploads_several_files_at_once(staff_client):
    files = [
        upload("one.jpg"), upload("two.png", image_format="PNG"),
        upload("three.webp", image_format="WEBP"),
    ]  # fmt: skip
    response = staff_client.post(f"{CHANGELIST}add/", {"files": files, "alt_text": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}?alt=missing"
    assert sorted(Image.objects.values_list("original_name", flat=True)) == [
        "one.jpg", "three.webp", "two.png",
    ]  # fmt: skip
    listing = staff_client.get(response["Location"]).content.decode()
    assert "3 images uploaded." in listing
    assert listing.count('class="image-thumbnail"') == 3


def test_one_bad_file_in_a_batch_saves_nothing_and_is_named(staff_client, settings):
    files = [upload("good.jpg"), upload("fake.jpg", content=b"not an image")]
    response = staff_client.post(f"{CHANGELIST}upload/", {"files": files, "alt_text": "Kept"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was uploaded" in html
    assert "“fake.jpg” is not an image of an accepted kind" in html
    assert 'value="Kept"' in html
    assert not Image.objects.exists()
    assert not any(path.is_file() for path in settings.MEDIA_ROOT.rglob("*"))


def test_upload_without_files_asks_for_them(staff_client):
    response = staff_client.post(f"{CHANGELIST}upload/", {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_library_search_finds_by_file_name_alt_text_and_caption(staff_client):
    library_image("harbour.jpg", alt_text="Boats")
    library_image("market.jpg", alt_text="Stalls", caption="Saturday morning")
    for query, expected in [("harbour", "harbour.jpg"), ("stalls", "market.jpg"),
                            ("saturday", "market.jpg")]:  # fmt: skip
        html = staff_client.get(CHANGELIST, {"q": query}).content.decode()
        assert expected in html
        assert ({"harbour.jpg", "market.jpg"} - {expected}).pop() not in html


def test_image_page_lists_the_posts_that_use_it(staff_client):
    image = library_image()
    featured = PostFactory(title="Featured here", featured_image=image)
    inside = PostFactory(title="Inside the text", body=figure(image))
    html = staff_client.get(f"{CHANGELIST}{image.pk}/change/").content.decode()
    assert (
        f'href="/admin/blog/post/{featured.pk}/change/">Featured here</a> (featured image)' in html
    )
    assert f'href="/admin/blog/post/{inside.pk}/change/">Inside the text</a> (in the text)' in html


def test_image_in_use_cannot_be_deleted(staff_client):
    image = library_image("used.jpg")
    PostFactory(title="Uses it", body=figure(image))
    response = staff_client.post(f"{CHANGELIST}{image.pk}/delete/", {"post": "yes"})
    html = response.content.decode()
    assert "would require deleting the following protected related objects" in html
    assert "“Uses it” (in the text)" in html
    assert Image.objects.filter(pk=image.pk).exists()


def test_bulk_delete_refuses_images_in_use_and_keeps_all_files(staff_client, settings):
    used, unused = library_image("used.jpg"), library_image("unused.jpg")
    PostFactory(featured_image=used)
    response = staff_client.post(
        CHANGELIST,
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [used.pk, unused.pk], "post": "yes"},
    )
    assert "protected related objects" in response.content.decode()
    assert Image.objects.count() == 2


def test_deleting_an_unused_image_removes_its_files(
    staff_client, settings, django_capture_on_commit_callbacks
):
    image = library_image()
    paths = [settings.MEDIA_ROOT / name for name in image.file_names()]
    assert all(path.exists() for path in paths)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"{CHANGELIST}{image.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not any(path.exists() for path in paths)


def post_form(post, **changes):
    data = {
        "title": post.title, "slug": post.slug, "body": post.body, "excerpt": "",
        "status": Status.PUBLISHED, "publish_at_0": "2024-11-05", "publish_at_1": "08:30:00",
        "author": post.author.pk, "allow_comments": "on",
        "featured_image": post.featured_image_id or "",
    }  # fmt: skip
    return data | changes


def test_a_post_using_an_image_without_alt_text_cannot_be_published(staff_client):
    bare = library_image("bare.jpg", alt_text="")
    post = PostFactory(draft=True, body=figure(bare), featured_image=bare)
    response = staff_client.post(f"/admin/blog/post/{post.pk}/change/", post_form(post))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("The image “bare.jpg” has no alt text") == 2  # featured, and in the text
    post.refresh_from_db()
    assert post.status == Status.DRAFT
    draft = staff_client.post(
        f"/admin/blog/post/{post.pk}/change/", post_form(post, status=Status.DRAFT)
    )
    assert draft.status_code == 302


def test_alt_text_in_the_editor_or_a_decorative_mark_allows_publishing(staff_client):
    bare = library_image("bare.jpg", alt_text="")
    ornament = library_image("rule.png", alt_text="", decorative=True)
    post = PostFactory(draft=True, body=figure(bare, alt="Typed in the editor"))
    post.featured_image = ornament
    response = staff_client.post(f"/admin/blog/post/{post.pk}/change/", post_form(post))
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).status == Status.PUBLISHED


def test_publish_action_skips_posts_whose_images_lack_alt_text(staff_client):
    bare = library_image("bare.jpg", alt_text="")
    blocked = PostFactory(draft=True, title="Blocked", featured_image=bare)
    fine = PostFactory(draft=True, title="Fine")
    response = staff_client.post(
        "/admin/blog/post/",
        {"action": "publish", ACTION_CHECKBOX_NAME: [blocked.pk, fine.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "“Blocked”: The image “bare.jpg” has no alt text" in html
    assert "1 post published." in html
    assert Post.objects.get(pk=blocked.pk).status == Status.DRAFT
    assert Post.objects.get(pk=fine.pk).status == Status.PUBLISHED


def test_editor_picker_lists_the_library_and_takes_uploads(staff_client):
    library_image("harbour.jpg", alt_text="Boats", caption="The harbour")
    picker = "/admin/images/image/picker/?CKEditorFuncNum=-1"
    html = staff_client.get(picker).content.decode()
    assert 'data-alt="Boats"' in html and 'data-caption="The harbour"' in html
    assert "images/picker.js" in html
    response = staff_client.post(picker, {"files": [upload("new.jpg")]})
    assert response.status_code == 200
    assert 'class="is-new"' in response.content.decode()
    assert Image.objects.filter(original_name="new.jpg").exists()


def test_post_editor_offers_figures_with_the_library_picker(staff_client):
    html = staff_client.get("/admin/blog/post/add/").content.decode()
    assert "Figure" in html and "/admin/images/image/picker/" in html


def test_featured_image_can_be_uploaded_from_the_post_form_popup(staff_client):
    response = staff_client.post(
        f"{CHANGELIST}add/?_to_field=id&_popup=1",
        {"files": [upload("popup.jpg")], "_popup": "1", "_to_field": "id"},
    )
    assert response.status_code == 200
    assert "popup_response" in response.content.decode()
    assert Image.objects.filter(original_name="popup.jpg").exists()


def test_author_can_upload_but_not_delete(client):
    from django.contrib.auth.models import Group

    author = AuthorFactory()
    from tests.factories import UserFactory

    user = UserFactory(staff=True)
    user.groups.add(Group.objects.get(name="Author"))
    author.user = user
    author.save()
    client.force_login(user)
    assert client.get(f"{CHANGELIST}add/").status_code == 200
    image = library_image()
    assert client.post(f"{CHANGELIST}{image.pk}/delete/", {"post": "yes"}).status_code == 403
