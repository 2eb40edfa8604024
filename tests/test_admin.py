"""The author's side: writing, publishing and who may edit what."""

import pytest
from django.contrib.auth.models import Group

from blog.models import Author, Category, Post, Status
from tests.factories import AuthorFactory, CategoryFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db


def post_form(**overrides):
    data = {
        "title": "A new post",
        "slug": "a-new-post",
        "body": "<p>Hello <script>alert(1)</script><strong>world</strong></p>",
        "excerpt": "",
        "status": Status.PUBLISHED,
        "publish_at_0": "2024-11-05",
        "publish_at_1": "10:00:00",
        "sticky": "",
        "allow_comments": "on",
        "categories": [],
        "tags": [],
    }
    return data | overrides


def test_groups_author_and_editor_exist_from_the_first_migration():
    editor = Group.objects.get(name="Editor")
    author = Group.objects.get(name="Author")
    assert editor.permissions.filter(codename="edit_any_post").exists()
    assert not author.permissions.filter(codename="edit_any_post").exists()
    assert author.permissions.filter(codename="add_post").exists()


def test_editor_writes_a_post_that_is_stored_sanitised(staff_client):
    author = AuthorFactory()
    category, tag = CategoryFactory(), TagFactory()
    response = staff_client.post(
        "/admin/blog/post/add/",
        post_form(author=author.pk, categories=[category.pk], tags=[tag.pk]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    post = Post.objects.get(slug="a-new-post")
    assert post.body == "<p>Hello <strong>world</strong></p>"
    assert list(post.categories.all()) == [category]
    assert post.summary == post.body


def test_post_form_with_errors_keeps_what_was_typed(staff_client):
    response = staff_client.post("/admin/blog/post/add/", post_form(title="", author=""))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert "&lt;strong&gt;world&lt;/strong&gt;" in response.content.decode()
    assert not Post.objects.exists()


def test_editor_sees_list_with_filters_search_and_comment_counts(staff_client):
    PostFactory(title="Findable", body="<p>needle</p>", categories=[CategoryFactory(name="Asia")])
    PostFactory(title="Other")
    response = staff_client.get("/admin/blog/post/", {"q": "needle"})
    html = response.content.decode()
    assert "Findable" in html and "Other" not in html
    assert "Asia" in html
    assert "column-comment_count" in html
    assert staff_client.get("/admin/blog/post/", {"status__exact": "draft"}).status_code == 200


def test_bulk_publish_and_unpublish(staff_client):
    drafts = PostFactory.create_batch(2, draft=True)
    staff_client.post(
        "/admin/blog/post/",
        {"action": "publish", "_selected_action": [post.pk for post in drafts]},
    )
    assert Post.objects.filter(status=Status.PUBLISHED).count() == 2
    staff_client.post(
        "/admin/blog/post/",
        {"action": "unpublish", "_selected_action": [drafts[0].pk]},
    )
    assert Post.objects.get(pk=drafts[0].pk).status == Status.DRAFT


def test_author_group_member_edits_only_own_posts_and_is_their_author(client):
    user = UserFactory(username="jane", is_staff=True)
    user.groups.add(Group.objects.get(name="Author"))
    others = PostFactory(title="Someone else's")
    client.force_login(user)
    assert client.get(f"/admin/blog/post/{others.pk}/change/").status_code == 302
    assert "Someone else" not in client.get("/admin/blog/post/").content.decode()
    response = client.post("/admin/blog/post/add/", post_form(slug="mine", title="Mine"))
    assert response.status_code == 302
    mine = Post.objects.get(slug="mine")
    assert mine.author == Author.objects.get(user=user)
    assert client.get(f"/admin/blog/post/{mine.pk}/change/").status_code == 200


def test_category_cannot_nest_inside_itself_or_repeat_a_slug(staff_client):
    parent = CategoryFactory(slug="politics")
    child = CategoryFactory(slug="world", parent=parent)
    response = staff_client.post(
        f"/admin/blog/category/{parent.pk}/change/",
        {"name": parent.name, "slug": "politics", "parent": child.pk, "description": ""},
    )
    assert response.status_code == 200
    assert "inside itself" in response.content.decode()
    response = staff_client.post(
        "/admin/blog/category/add/",
        {"name": "World again", "slug": "world", "parent": parent.pk, "description": ""},
    )
    assert "already has a category with this slug" in response.content.decode()
    assert Category.objects.count() == 2


def test_renaming_a_parent_category_moves_its_children(client):
    parent = CategoryFactory(slug="politics")
    child = CategoryFactory(slug="world", parent=parent)
    parent.slug = "affairs"
    parent.save()
    child.refresh_from_db()
    assert child.path == "affairs/world"


def test_view_on_site_leads_staff_to_a_draft_preview(staff_client):
    draft = PostFactory(draft=True)
    change = staff_client.get(f"/admin/blog/post/{draft.pk}/change/").content.decode()
    assert "View on site" in change
    assert staff_client.get(draft.get_absolute_url()).status_code == 200


def test_reserved_page_slug_is_refused(staff_client):
    response = staff_client.post(
        "/admin/blog/page/add/",
        {
            "title": "Category",
            "slug": "category",
            "body": "<p>x</p>",
            "status": "published",
            "in_navigation": "on",
            "order": 0,
        },
    )
    assert response.status_code == 200
    assert "used by the blog itself" in response.content.decode()


def test_editor_group_moderates_comments(client):
    user = UserFactory(username="ed", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client.force_login(user)
    assert client.get("/admin/comments/comment/").status_code == 200
    assert user.has_perm("comments.change_comment")
    assert not user.has_perm("comments.add_comment")
