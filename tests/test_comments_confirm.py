"""Email confirmation (COMMENTS_CONFIRM_EMAIL): the comment waits in the database, the mail
carries the address and an expiring link, the link opens a page whose button posts it, and the
post must still take comments when it does."""

import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from blog.models import Status
from comments.models import Comment, PendingComment
from tests.commenting import form_data
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db
POST_URL = "/comments/post/"


@pytest.fixture(autouse=True)
def comment_settings(settings):
    settings.COMMENTS_XTD_CONFIRM_EMAIL = True
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    settings.COMMENTS_RATE_LIMIT = (1000, 60)


@pytest.fixture
def post():
    return PostFactory(title="Secret plans")


@pytest.fixture
def ask(client, post, django_capture_on_commit_callbacks, run_tasks, mailoutbox, settings):
    """A reader comments; the worker mails the link, returned as a path on this site."""

    def ask(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(POST_URL, form_data(post, **fields), REMOTE_ADDR="203.0.113.77")
        assert "Please confirm your comment" in response.content.decode()
        run_tasks()
        url = re.search(r"http://\S+/comments/confirm/\S+/", mailoutbox[-1].body).group(0)
        return url.removeprefix(settings.SITE_URL)

    return ask


def test_following_the_link_changes_nothing_the_button_posts_the_comment(ask):
    link = ask(comment="Worth the wait")
    assert PendingComment.objects.count() == 1 and not Comment.objects.exists()
    confirmer = Client(enforce_csrf_checks=True)
    page = confirmer.get(link)
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    html = page.content.decode()
    assert "Worth the wait" in html and "Confirm and post" in html
    assert not Comment.objects.exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', html).group(1)
    response = confirmer.post(link, {"csrfmiddlewaretoken": token})
    comment = Comment.objects.get()
    assert response["Location"].endswith(f"#c{comment.pk}")
    assert comment.comment == "Worth the wait" and comment.is_public
    assert comment.ip_address == "203.0.113.0"
    assert not PendingComment.objects.exists()


def test_confirmation_mail_task_carries_only_the_address_and_the_link(ask, mailoutbox):
    link = ask(name="Buy pills", comment="Visit spam dot example")
    [task] = DBTaskResult.objects.all()
    assert task.args_kwargs["args"][0] == "ada@example.com"
    assert task.args_kwargs["args"][1].endswith(link) and len(task.args_kwargs["args"]) == 2
    [mail] = mailoutbox
    for secret in ("Buy pills", "Visit spam", "Secret plans", "203.0.113"):
        assert secret not in mail.body + mail.subject + link


def test_a_second_press_stores_the_comment_once(ask, client):
    link = ask()
    assert client.post(link).status_code == 302
    again = client.post(link)
    assert again.status_code == 400
    assert Comment.objects.count() == 1


def test_confirmation_link_expires_and_the_comment_is_purged(ask, client):
    link = ask(comment="Too late")
    later = timezone.now() + PendingComment.LIFETIME + timedelta(minutes=1)
    with time_machine.travel(later):
        response = client.post(link)
        assert response.status_code == 400
        assert "expired" in response.content.decode()
        call_command("purge_comment_ips", stdout=StringIO())
    assert not Comment.objects.exists()
    assert not PendingComment.objects.exists()


def test_tampered_confirmation_link_is_refused(ask, client):
    link = ask()
    forged = link.replace("/confirm/", "/confirm/x")
    assert client.post(forged).status_code == 400
    assert client.get("/comments/confirm/1/").status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.parametrize("how", ["draft", "private", "scheduled", "closed"])
def test_confirming_onto_a_post_that_no_longer_takes_comments_is_refused(ask, client, post, how):
    link = ask()
    if how == "closed":
        post.allow_comments = False
    elif how == "scheduled":
        post.publish_at = timezone.now() + timedelta(days=1)
    else:
        post.status = Status.DRAFT if how == "draft" else Status.PRIVATE
    post.save()
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 403
        if how != "closed":
            assert "Secret plans" not in response.content.decode()
    assert not Comment.objects.exists()
