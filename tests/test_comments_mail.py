"""Comment mail: the author's notice, replies to followers, confirmation, and a broken server."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.models import Comment
from tests.commenting import BrokenMailBackend, form_data, make_comment

pytestmark = pytest.mark.django_db
POST_URL = "/comments/post/"


@pytest.fixture(autouse=True)
def comment_settings(settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = True
    settings.COMMENTS_RATE_LIMIT = (1000, 60)


@pytest.fixture
def send(client, django_capture_on_commit_callbacks, run_tasks):
    """A reader posts a comment; the worker then sends the mail it queued."""

    def send(post, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(POST_URL, form_data(post, **fields))
        run_tasks()
        return response

    return send


def test_author_is_mailed_when_a_comment_is_held(send, post, mailoutbox):
    send(post, comment="Please approve")
    [mail] = mailoutbox
    assert mail.to == ["writer@example.com"]
    assert "awaiting moderation" in mail.subject and "On neighbours" in mail.subject
    assert "Please approve" in mail.body and "/admin/comments/comment/" in mail.body


def test_author_is_not_mailed_for_published_comments_by_default(send, post, mailoutbox, settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    send(post)
    assert mailoutbox == []
    settings.COMMENTS_NOTIFY_AUTHOR = "all"
    send(post, comment="Another")
    assert len(mailoutbox) == 1 and "New comment" in mailoutbox[0].subject


def test_follower_gets_a_reply_mail_with_a_one_click_unsubscribe(
    send, post, mailoutbox, settings, client
):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    parent = make_comment(post, followup=True, user_email="asker@example.com")
    make_comment(post, followup=True, user_email="bystander@example.com")
    send(post, reply_to=str(parent.pk), comment="An answer", email="answerer@example.com")
    [mail] = mailoutbox
    assert mail.to == ["asker@example.com"]
    assert "An answer" in mail.body
    url = re.search(r"http://\S+/comments/unsubscribe/\S+/", mail.body).group(0)
    assert mail.extra_headers["List-Unsubscribe"] == f"<{url}>"
    path = url.removeprefix(settings.SITE_URL)
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200
    assert not Comment.objects.get(pk=parent.pk).followup
    mailoutbox.clear()
    send(post, reply_to=str(parent.pk), comment="Another answer", email="answerer@example.com")
    assert mailoutbox == []


def test_tampered_unsubscribe_link_is_refused(client):
    assert client.post("/comments/unsubscribe/forged/").status_code == 400


def test_broken_mail_server_neither_fails_nor_loses_the_comment(
    send, post, settings, run_tasks, admin_client
):
    settings.MAILERS = {"default": {"BACKEND": "tests.commenting.BrokenMailBackend"}}
    BrokenMailBackend.attempts = 0
    response = send(post, comment="Kept anyway")
    assert response.status_code == 200
    assert "awaiting moderation" in response.content.decode()
    assert Comment.objects.get().comment == "Kept anyway"
    assert BrokenMailBackend.attempts == 1  # tried by the worker, not in the request
    later = timezone.now()
    for delay in settings.TASK_RETRY_SECONDS:  # then again after each delay, and no more
        later += timedelta(seconds=delay + 1)
        with time_machine.travel(later):
            assert run_tasks() == 1
    assert BrokenMailBackend.attempts == 1 + len(settings.TASK_RETRY_SECONDS)
    [failed] = DBTaskResult.objects.failed()
    assert failed.task_path == "comments.tasks.notify_author"
    assert "ConnectionRefusedError" in failed.exception_class_path
    page = admin_client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED")
    assert "notify_author" in page.content.decode()
    assert "ConnectionRefusedError" in page.content.decode()


def test_confirmation_mail_carries_nothing_the_commenter_typed(send, post, mailoutbox, settings):
    settings.COMMENTS_XTD_CONFIRM_EMAIL = True
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    response = send(post, name="Buy pills", comment="Visit spam dot example")
    assert "Please confirm your comment" in response.content.decode()
    assert not Comment.objects.exists()
    [mail] = mailoutbox
    assert mail.to == ["ada@example.com"]
    assert "Buy pills" not in mail.body + mail.subject
    assert "Visit spam" not in mail.body + mail.subject
    url = re.search(r"http://\S+/comments/confirm/\S+/", mail.body).group(0)
    confirmer = Client()
    assert confirmer.get(url.removeprefix(settings.SITE_URL)).status_code == 200
    assert not Comment.objects.exists()
    confirmed = confirmer.post(url.removeprefix(settings.SITE_URL))
    comment = Comment.objects.get()
    assert confirmed["Location"].endswith(f"#c{comment.pk}")
    assert comment.comment == "Visit spam dot example"


def test_confirmation_mails_are_capped_per_address_and_ip(send, post, mailoutbox, settings):
    settings.COMMENTS_XTD_CONFIRM_EMAIL = True
    for n in range(settings.COMMENTS_CONFIRMATIONS_PER_DAY):
        send(post, comment=f"Try {n}", email=f"victim{n}@example.com")
    response = send(post, comment="One more", email="another@example.com")
    assert response.status_code == 429
    assert "Too many confirmation emails" in response.content.decode()
    assert len(mailoutbox) == settings.COMMENTS_CONFIRMATIONS_PER_DAY
