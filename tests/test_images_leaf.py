"""The media library is a library: the blog uses it, it knows nothing of the blog."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.test.utils import CaptureQueriesContext

from images.models import Usage
from tests.factories import PageFactory, PostFactory, UserFactory
from tests.imagefiles import figure, library_image

IMAGES = Path(settings.BASE_DIR) / "images"
APPS_IT_MUST_NOT_KNOW = {"blog", "comments", "wordpress"}
# The migrations before the generic owner depend on blog; deployed databases have them applied.
LAST_MIGRATION_NAMING_BLOG = "0003_usage_on_pages"


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_images_imports_none_of_the_apps_that_use_it():
    sources = [path for path in IMAGES.rglob("*.py") if "migrations" not in path.parts]
    assert sources
    offending = {
        f"{path.relative_to(IMAGES)}: {module}"
        for path in sources
        for module in imported_modules(path)
        if module.split(".")[0] in APPS_IT_MUST_NOT_KNOW
    }
    assert not offending


def test_new_images_migrations_do_not_depend_on_blog():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    newer = [
        migration
        for (app, name), migration in loader.disk_migrations.items()
        if app == "images" and name > LAST_MIGRATION_NAMING_BLOG
    ]
    assert newer
    for migration in newer:
        assert not {app for app, _name in migration.dependencies} & APPS_IT_MUST_NOT_KNOW


@pytest.mark.django_db
def test_usages_of_a_post_and_a_page_are_recorded_and_deleting_the_post_removes_its_own():
    photo, other = library_image("photo.jpg"), library_image("other.jpg")
    post = PostFactory(featured_image=photo, body=figure(other))
    page = PageFactory(body=figure(photo))
    assert {(use.owner, use.image, use.role) for use in Usage.objects.all()} == {
        (post, photo, "featured"),
        (post, other, "body"),
        (page, photo, "body"),
    }
    post.delete()
    assert [(use.owner, use.image) for use in Usage.objects.all()] == [(page, photo)]
    assert not other.usages.exists()


@pytest.mark.django_db
def test_image_page_links_each_owner_to_its_admin_page(staff_client):
    photo = library_image()
    post = PostFactory(title="A post", featured_image=photo)
    page = PageFactory(title="A page", body=figure(photo))
    html = staff_client.get(f"/admin/images/image/{photo.pk}/change/").content.decode()
    assert f'<a href="/admin/blog/post/{post.pk}/change/">A post</a> (featured image)' in html
    assert f'<a href="/admin/blog/page/{page.pk}/change/">A page</a> (in the text)' in html


@pytest.mark.django_db
def test_owners_the_user_may_not_view_are_named_without_a_link():
    photo = library_image()
    post = PostFactory(title="Not theirs to see", body=figure(photo))
    user = UserFactory(staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename="change_image"))
    browser = Client()
    browser.force_login(user)
    html = browser.get(f"/admin/images/image/{photo.pk}/change/").content.decode()
    assert "Not theirs to see (in the text)" in html
    assert f"/admin/blog/post/{post.pk}/change/" not in html


@pytest.mark.django_db
def test_used_in_costs_the_same_queries_for_one_owner_or_many(staff_client):
    def change_page_queries(image):
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(f"/admin/images/image/{image.pk}/change/")
        return len(queries)

    few, many = library_image("few.jpg"), library_image("many.jpg")
    PostFactory(body=figure(few))
    PageFactory(body=figure(few))
    PostFactory.create_batch(5, featured_image=many, body=figure(many))
    PageFactory.create_batch(3, body=figure(many))
    change_page_queries(few)  # the content types and the user's permissions, once
    assert change_page_queries(many) == change_page_queries(few)


@pytest.mark.django_db
def test_library_counts_each_owner_once(staff_client):
    photo = library_image()
    PostFactory(featured_image=photo, body=figure(photo))
    PageFactory(body=figure(photo))
    library_image("unused.jpg")
    listing = staff_client.get("/admin/images/image/").content.decode()
    assert listing.count('<td class="field-use_count">2</td>') == 1
    assert listing.count('<td class="field-use_count">0</td>') == 1
