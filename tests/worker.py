"""The background worker, driven from tests as `manage.py db_worker` drives it."""

from django.test import TestCase
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_due_tasks():
    """Run the background work that is due, as `manage.py db_worker` does: returns how many
    tasks ran. (The worker's own loop also recycles database connections, which would end a
    test's transaction, so its task runner is driven directly.)"""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran


def committed():
    """Run what waits for the transaction's commit (queuing tasks) when the block ends: a
    test's transaction never commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)
