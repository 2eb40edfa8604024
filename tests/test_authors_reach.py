"""What an author (the Author group) reaches beyond their own work: nothing they could change
or read that another author has not published. Editors and superusers reach everything."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from blog.models import Status
from images.models import Image
from tests.factories import AuthorFactory, PageFactory, PostFactory, UserFactory
from tests.imagefiles import library_image, upload

pytestmark = pytest.mark.django_db


def member(group, username):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    browser = Client()
    browser.force_login(user)
    return user, browser


@pytest.fixture
def jane():
    return member("Author", "jane")


@pytest.fixture
def others_posts():
    other = AuthorFactory(user=UserFactory(username="john", is_staff=True))
    return [
        PostFactory(author=other, title="John's draft", status=Status.DRAFT),
        PostFactory(author=other, title="John's private post", status=Status.PRIVATE),
        PostFactory(author=other, title="John's scheduled post", scheduled=True),
    ]


def test_author_cannot_preview_another_authors_hidden_posts(jane, others_posts):
    _user, browser = jane
    for post in others_posts:
        response = browser.get(post.get_absolute_url())
        assert response.status_code == 404, post.title


def test_author_previews_their_own_hidden_posts(jane):
    user, browser = jane
    own = AuthorFactory(user=user)
    for post in [
        PostFactory(author=own, title="Jane's draft", status=Status.DRAFT),
        PostFactory(author=own, title="Jane's private post", status=Status.PRIVATE),
        PostFactory(author=own, title="Jane's scheduled post", scheduled=True),
    ]:
        response = browser.get(post.get_absolute_url())
        assert response.status_code == 200, post.title
        assert "no-cache" in response["Cache-Control"]


def test_author_still_reads_everyones_published_posts(jane):
    _user, browser = jane
    post = PostFactory(title="Out in the open")
    assert browser.get(post.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("who", ["editor", "superuser"])
def test_editors_and_superusers_preview_every_post_and_page(who, others_posts):
    if who == "editor":
        _user, browser = member("Editor", "eve")
    else:
        browser = Client()
        browser.force_login(UserFactory(superuser=True, username="root"))
    for post in others_posts:
        assert browser.get(post.get_absolute_url()).status_code == 200, post.title
    page = PageFactory(status=Status.DRAFT)
    assert browser.get(page.get_absolute_url()).status_code == 200


def test_author_cannot_preview_draft_pages(jane):
    _user, browser = jane
    page = PageFactory(title="Unfinished page", status=Status.DRAFT)
    assert browser.get(page.get_absolute_url()).status_code == 404


def image_form(image, **fields):
    return {"alt_text": image.alt_text, "caption": image.caption, **fields}


def test_author_cannot_change_an_image_someone_else_uploaded(jane):
    _user, browser = jane
    image = library_image("harbour.jpg", alt_text="Boats", caption="Morning")
    url = f"/admin/images/image/{image.pk}/change/"
    page = browser.get(url)
    assert page.status_code == 200  # they may see it, to use it
    assert 'name="alt_text"' not in page.content.decode()
    response = browser.post(url, image_form(image, alt_text="Vandalised", caption="Mine now"))
    assert response.status_code == 403
    image.refresh_from_db()
    assert (image.alt_text, image.caption) == ("Boats", "Morning")


def test_author_changes_the_images_they_uploaded(jane):
    user, browser = jane
    response = browser.post("/admin/images/image/upload/", {"files": [upload("own.jpg")]})
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.uploaded_by == user
    url = f"/admin/images/image/{image.pk}/change/"
    assert browser.post(url, image_form(image, alt_text="A quay")).status_code == 302
    assert Image.objects.get().alt_text == "A quay"


def test_editor_changes_any_image(jane):
    _user, browser = member("Editor", "eve")
    image = library_image("harbour.jpg", alt_text="Boats")
    url = f"/admin/images/image/{image.pk}/change/"
    assert browser.post(url, image_form(image, alt_text="Fishing boats")).status_code == 302
    assert Image.objects.get().alt_text == "Fishing boats"
