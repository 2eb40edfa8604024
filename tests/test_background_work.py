"""Background work: a reader's request never waits on another server; the worker sends the
mail later, tries again when the server is down, survives a restart and shows what gave up."""

import socket
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.tasks import notify_author
from tests.commenting import form_data, make_comment
from tests.processes import ROOT, process_env

POST_URL = "/comments/post/"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server_port(settings):
    port = free_port()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 1},
        }
    }
    return port


@pytest.fixture
def silent_mail_server(mail_server_port):
    """A mail server that accepts connections and never says a word."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", mail_server_port))
    server.listen(16)
    yield server
    server.close()


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.mark.django_db
def test_a_comment_does_not_wait_for_a_mail_server_that_never_answers(
    client, post, settings, silent_mail_server, mail_server_port, run_tasks,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.COMMENTS_HOLD_FIRST_COMMENT = True  # held: the author is mailed
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(POST_URL, form_data(post, comment="Worth a look"))
    assert time.monotonic() - started < 1
    assert "awaiting moderation" in response.content.decode()
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "comments.tasks.notify_author" and queued.status == "READY"

    run_tasks()  # the worker waits for the silent server, gives up on it for now
    queued.refresh_from_db()
    assert queued.status == "READY" and queued.run_after > timezone.now()
    assert "timed out" in queued.traceback

    silent_mail_server.close()  # the mail server comes back, answering this time
    inbox = Inbox()
    answering = Controller(inbox, hostname="127.0.0.1", port=mail_server_port)
    answering.start()
    try:
        with time_machine.travel(timezone.now() + timedelta(seconds=5)):
            assert run_tasks() == 1
    finally:
        answering.stop()
    [mail] = inbox.messages
    assert mail.rcpt_tos == ["writer@example.com"]
    assert "Worth a look" in mail.content.decode()
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"


def test_a_task_queued_before_the_worker_stops_runs_when_it_starts_again(
    transactional_db, post, mailoutbox, settings
):
    settings.COMMENTS_NOTIFY_AUTHOR = "all"
    comment = make_comment(post)
    notify_author.enqueue(comment.pk)  # nothing is running: the task waits in the database
    assert DBTaskResult.objects.get().status == "READY"
    # A new worker process, as after a restart; config.settings prints mail to the console.
    result = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--queue-name", "*",
         "--no-startup-delay", "--no-reload"],
        cwd=ROOT, env=process_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert "New comment" in result.stdout


@pytest.mark.django_db
def test_a_failed_task_can_be_tried_again_from_the_admin(admin_client, post, run_tasks, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.commenting.BrokenMailBackend"}}
    settings.TASK_RETRY_SECONDS = []  # give up at once
    settings.COMMENTS_NOTIFY_AUTHOR = "all"
    notify_author.enqueue(make_comment(post).pk)
    run_tasks()
    failed = DBTaskResult.objects.get()
    assert failed.status == "FAILED"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    response = admin_client.post(
        "/admin/django_tasks_database/dbtaskresult/",
        {"action": "try_again", "_selected_action": [failed.pk]},
        follow=True,
    )
    assert "1 task queued again." in response.content.decode()
    assert run_tasks() == 1
    failed.refresh_from_db()
    assert failed.status == "SUCCESSFUL"
