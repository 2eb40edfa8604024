"""Reader comments: posting, threading, moderation and what the reader sees."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from blog.models import Post
from comments import flow
from comments.models import Comment
from tests.commenting import form_data, make_comment
from tests.factories import PostFactory, UserFactory
from tests.pages import cold_caches, main_of

pytestmark = pytest.mark.django_db
POST_URL = "/comments/post/"


@pytest.fixture(autouse=True)
def comment_settings(settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    settings.COMMENTS_MAIL_RETRY_SECONDS = 0
    settings.COMMENTS_RATE_LIMIT = (1000, 60)
    settings.MANAGERS = [("Editor", "editor@example.com")]


@pytest.fixture
def post():
    return PostFactory(title="China's troublesome neighbour")


def count_of(post):
    return Post.objects.get(pk=post.pk).comment_count


def test_reader_posts_a_comment_and_lands_on_it(client, post):
    response = client.post(POST_URL, form_data(post, comment="First!\n\nSecond *para*."))
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#c{comment.pk}"
    assert count_of(post) == 1
    html = main_of(client.get(post.get_absolute_url()))
    assert f'id="c{comment.pk}"' in html
    assert "<p>First!</p><p>Second <em>para</em>.</p>" in html
    assert "1 comment" in html
    assert 'class="avatar avatar-hue-' in html and ">AR</span>" in html
    assert f'href="{post.get_absolute_url()}#c{comment.pk}"' in html
    assert "ada@example.com" not in client.get(post.get_absolute_url()).content.decode()


def test_commenters_website_is_linked_nofollow_ugc(client, post):
    make_comment(post, user_url="https://ada.example.org/")
    html = main_of(client.get(post.get_absolute_url()))
    assert '<a href="https://ada.example.org/" rel="nofollow ugc">Ada Reader</a>' in html


def test_reply_is_nested_under_its_parent(client, post):
    first = make_comment(post, comment="Top one")
    second = make_comment(post, comment="Top two")
    client.post(POST_URL, form_data(post, reply_to=str(first.pk), comment="A reply"))
    reply = Comment.objects.get(comment="A reply")
    assert (reply.parent_id, reply.level, reply.thread_id) == (first.pk, 1, first.pk)
    html = main_of(client.get(post.get_absolute_url()))
    nested = rf'id="c{first.pk}".*?<ol class="children">\s*<li id="c{reply.pk}"'
    assert re.search(nested, html, re.S)
    assert html.index("A reply") < html.index(f'id="c{second.pk}"')


def test_reply_link_without_javascript_puts_the_form_under_the_comment(client, post):
    first = make_comment(post)
    html = main_of(client.get(f"{post.get_absolute_url()}?reply_to={first.pk}"))
    assert html.index(f'id="c{first.pk}"') < html.index('id="respond"')
    assert f'name="reply_to" value="{first.pk}"' in html
    assert "Reply to Ada Reader" in html


def test_replies_stop_at_the_configured_depth(client, post, settings):
    parent = None
    for _level in range(settings.COMMENTS_THREAD_DEPTH):
        parent = make_comment(post, parent=parent)
    response = client.post(POST_URL, form_data(post, reply_to=str(parent.pk)))
    assert response.status_code == 400
    assert "can&#x27;t go any deeper" in response.content.decode()


def test_first_comment_is_held_until_one_is_approved(client, post, settings, admin_client):
    settings.COMMENTS_HOLD_FIRST_COMMENT = True
    response = client.post(POST_URL, form_data(post, comment="Hello there"))
    assert response.status_code == 200
    assert "Your comment is awaiting moderation" in response.content.decode()
    comment = Comment.objects.get()
    assert not comment.is_public and count_of(post) == 0
    assert "Hello there" not in client.get(post.get_absolute_url()).content.decode()

    admin_client.post(
        "/admin/comments/comment/",
        {"action": "approve", "_selected_action": [comment.pk]},
    )
    assert count_of(post) == 1
    assert "Hello there" in client.get(post.get_absolute_url()).content.decode()
    # Once approved, the same commenter is trusted.
    client.post(POST_URL, form_data(post, comment="Again"))
    assert Comment.objects.get(comment="Again").is_public


def test_comment_with_too_many_links_is_held(client, post, settings):
    settings.COMMENTS_MAX_LINKS = 1
    text = "See https://a.example and https://b.example"
    client.post(POST_URL, form_data(post, comment=text))
    assert not Comment.objects.get().is_public


@pytest.mark.parametrize(
    "fields",
    [{"comment": "Buy cheap viagra"}, {"email": "bot@spam.example"}, {"comment": "hi"}],
)
def test_blocklist_sends_words_emails_and_ips_to_spam(client, post, settings, fields):
    settings.COMMENTS_BLOCKLIST = ["viagra", "bot@spam.example", "127.0.0.1"]
    client.post(POST_URL, form_data(post, **fields))
    comment = Comment.objects.get()
    assert comment.is_spam and not comment.is_public
    assert count_of(post) == 0


def test_admin_moderation_queue_counts_and_bulk_actions(admin_client, post):
    held = make_comment(post, is_public=False, comment="Held one")
    published = make_comment(post, comment="Fine one")
    flow.refresh_comment_count([post.pk])
    html = admin_client.get("/admin/comments/comment/?status=held").content.decode()
    assert "Awaiting moderation (1)" in html and "Published (1)" in html
    assert "Held one" in html and "Fine one" not in html
    admin_client.post(
        "/admin/comments/comment/",
        {"action": "mark_spam", "_selected_action": [published.pk]},
    )
    assert Comment.objects.get(pk=published.pk).is_spam and count_of(post) == 0
    admin_client.post(
        "/admin/comments/comment/",
        {"action": "delete_selected_comments", "_selected_action": [held.pk, published.pk]},
    )
    assert not Comment.objects.exists()


def test_admin_shows_the_thread_around_a_comment(admin_client, post):
    parent = make_comment(post, comment="The parent")
    reply = make_comment(post, parent=parent, comment="The reply")
    html = admin_client.get(f"/admin/comments/comment/{reply.pk}/change/").content.decode()
    assert "The parent" in html and "→" in html


def test_comments_can_be_closed_per_post_and_still_show(client, post):
    make_comment(post, comment="Before closing")
    Post.objects.filter(pk=post.pk).update(allow_comments=False)
    html = main_of(client.get(post.get_absolute_url()))
    assert "Before closing" in html and "Comments are closed." in html
    assert 'class="comment-form"' not in html and "comment-reply-link" not in html
    response = client.post(POST_URL, form_data(post))
    assert response.status_code == 403
    assert "no longer takes comments" in response.content.decode()


def test_comments_close_by_themselves_after_n_days(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    old = PostFactory(publish_at=timezone.now() - timedelta(days=15))
    assert "Comments are closed." in main_of(client.get(old.get_absolute_url()))
    assert client.post(POST_URL, form_data(old)).status_code == 403


def test_long_threads_are_paginated_and_permalinks_find_the_page(client, post, settings):
    settings.COMMENTS_PER_PAGE = 2
    tops = [make_comment(post, comment=f"Top {n}") for n in range(5)]
    reply = make_comment(post, parent=tops[2], comment="Reply on page two")
    flow.refresh_comment_count([post.pk])
    first = main_of(client.get(post.get_absolute_url()))
    assert "Top 0" in first and "Top 2" not in first and "Page 1 of 3" in first
    response = client.get(f"/comments/c/{reply.pk}/")
    assert response["Location"] == f"{post.get_absolute_url()}?cpage=2#c{reply.pk}"
    second = main_of(client.get(f"{post.get_absolute_url()}?cpage=2"))
    assert "Top 2" in second and "Reply on page two" in second and "Top 0" not in second


def test_newest_first_puts_the_latest_thread_on_page_one(client, post, settings):
    settings.COMMENTS_PER_PAGE = 2
    settings.COMMENTS_NEWEST_FIRST = True
    tops = [make_comment(post, comment=f"Top {n}") for n in range(3)]
    html = main_of(client.get(post.get_absolute_url()))
    assert html.index("Top 2") < html.index("Top 1") and "Top 0" not in html
    assert client.get(f"/comments/c/{tops[0].pk}/")["Location"].endswith(f"?cpage=2#c{tops[0].pk}")


def test_home_shows_counts_without_a_query_per_post(client, django_assert_num_queries):
    posts = PostFactory.create_batch(3)
    for post in posts:
        make_comment(post)
    flow.refresh_comment_count([p.pk for p in posts])
    cold_caches()  # measure the page as rendered, not as served from the page cache
    with django_assert_num_queries(10) as small:
        client.get("/")
    PostFactory.create_batch(7)
    cold_caches()
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get("/").content.decode()
    assert html.count("1 comment") == 3


def _thread(post, size):
    tops = []
    while len(tops) * 4 < size:
        top = make_comment(post, comment=f"Top {len(tops)}")
        tops.append(top)
        reply = make_comment(post, parent=top)
        make_comment(post, parent=reply)
        make_comment(post, parent=top)
    flow.refresh_comment_count([post.pk])


def test_post_page_queries_are_the_same_for_1_and_200_comments(
    client, django_assert_num_queries, settings
):
    small, large = PostFactory(), PostFactory()
    make_comment(small)
    _thread(large, 200)
    assert Comment.objects.for_post(large).count() == 200
    cold_caches()  # measure the page as rendered, not as served from the page cache
    with django_assert_num_queries(12) as queries:
        client.get(small.get_absolute_url())
    cold_caches()
    with django_assert_num_queries(len(queries.captured_queries)):
        html = client.get(large.get_absolute_url()).content.decode()
    assert html.count('class="comment depth-') == 200


def test_feeds_list_recent_comments_of_the_blog_and_of_a_post(client, post):
    make_comment(post, comment="In the feed")
    other = PostFactory(title="Other post")
    make_comment(other, comment="Elsewhere")
    site = client.get("/comments/feed/").content.decode()
    assert "In the feed" in site and "Elsewhere" in site
    assert "Ada Reader on “China&#x27;s troublesome neighbour”" in site or "Ada Reader on" in site
    own = client.get(f"{post.get_absolute_url()}feed/").content.decode()
    assert "In the feed" in own and "Elsewhere" not in own


def test_reader_flags_a_comment_and_the_moderator_sees_it(client, admin_client, post):
    comment = make_comment(post)
    assert client.get(f"/comments/c/{comment.pk}/flag/").status_code == 200
    response = client.post(f"/comments/c/{comment.pk}/flag/")
    assert "reported to the moderator" in response.content.decode()
    assert Comment.objects.get().flag_count == 1
    queue = admin_client.get("/admin/comments/comment/").content.decode()
    assert "Reported by readers (1)" in queue


def test_flagging_is_rate_limited(client, post):
    comment = make_comment(post)
    for _n in range(10):
        client.post(f"/comments/c/{comment.pk}/flag/")
    assert client.post(f"/comments/c/{comment.pk}/flag/").status_code == 429


def test_commenter_export_and_erase(post, capsys):
    make_comment(post, user_email="gone@example.com", comment="Mine")
    make_comment(post, user_email="stays@example.com")
    flow.refresh_comment_count([post.pk])
    call_command("commenter", "export", "GONE@example.com")
    assert '"comment": "Mine"' in capsys.readouterr().out
    call_command("commenter", "erase", "gone@example.com")
    assert list(Comment.objects.values_list("user_email", flat=True)) == ["stays@example.com"]
    assert count_of(post) == 1


def test_typing_an_approved_commenters_address_is_held_as_a_first_comment(client, post, settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = True
    make_comment(post, user_email="regular@example.com", comment="Approved long ago")
    impostor = Client()
    data = form_data(post, name="Regular", email="regular@example.com", comment="Fake")
    response = impostor.post(POST_URL, data)
    assert "Your comment is awaiting moderation" in response.content.decode()
    assert not Comment.objects.get(comment="Fake").is_public


def test_returning_commenter_in_the_browser_of_their_approved_comment_is_published(
    client, post, settings, admin_client
):
    settings.COMMENTS_HOLD_FIRST_COMMENT = True
    client.post(POST_URL, form_data(post, email="regular@example.com", comment="First"))
    first = Comment.objects.get()
    assert not first.is_public
    client.post(POST_URL, form_data(post, email="regular@example.com", comment="Too soon"))
    assert not Comment.objects.get(comment="Too soon").is_public  # nothing approved yet
    flow.approve([first])
    client.post(POST_URL, form_data(post, email="Regular@Example.com", comment="Back again"))
    assert Comment.objects.get(comment="Back again").is_public
    # The cookie names their comments, not an address: another address is a first comment.
    client.post(POST_URL, form_data(post, email="other@example.com", comment="Someone else"))
    assert not Comment.objects.get(comment="Someone else").is_public


def test_signed_in_user_with_an_approved_comment_is_published(post, settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = True
    user = UserFactory(email="member@example.com")
    make_comment(post, user=user, user_email=user.email)
    member = Client()
    member.force_login(user)
    member.post(POST_URL, form_data(post, email=user.email, comment="Signed in"))
    assert Comment.objects.get(comment="Signed in").is_public
