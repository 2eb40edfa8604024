"""Background work that fails is tried again later, then kept for a person to look at.

django-tasks-db records a task that raised as failed. This gives it another go after each of
TASK_RETRY_SECONDS in turn (the row goes back to the queue, keeping its last error, so the
admin shows why it is waiting); once they are used up it stays failed, visible under
"Task results" in the admin, where "Try again" queues it once more.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


def attempts(db_result):
    """How many times the task has run: each run is claimed by a worker."""
    return len(db_result.worker_ids)


def retry_or_give_up(sender, task_result, **kwargs):
    """task_finished receiver."""
    db_result = getattr(task_result, "db_result", None)
    if db_result is None or task_result.status != TaskResultStatus.FAILED:
        return
    delays = settings.TASK_RETRY_SECONDS
    tried = attempts(db_result)
    if tried > len(delays):
        logger.error(
            "Task %s (%s) gave up after %d attempts: %s",
            db_result.task_name,
            db_result.id,
            tried,
            db_result.exception_class_path,
        )
        return
    run_after = timezone.now() + timedelta(seconds=delays[tried - 1])
    DBTaskResult.objects.filter(pk=db_result.pk).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None
    )
    logger.warning(
        "Task %s (%s) failed (attempt %d), trying again at %s: %s",
        db_result.task_name,
        db_result.id,
        tried,
        run_after.isoformat(timespec="seconds"),
        db_result.exception_class_path,
    )


def try_again(db_results):
    """Queue failed tasks once more, now."""
    return db_results.filter(status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None
    )
