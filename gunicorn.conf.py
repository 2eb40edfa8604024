"""gunicorn's settings for `make run`, the systemd unit and the benchmark (read from the
working directory). The choice and its figures: README, "Serving it"; bench/results/pages.md.
"""

import os

# Sync workers, one per core: a cached page is a few hundred microseconds of Python, so more
# processes than cores only queue behind each other (bench/pages.py --servers).
workers = int(os.environ.get("WEB_WORKERS", 0)) or os.cpu_count() or 2
worker_class = os.environ.get("WEB_WORKER_CLASS", "sync")
threads = int(os.environ.get("WEB_THREADS", 1))
keepalive = 5  # seconds; used by the threaded worker only (sync closes after each response)
# Import the project once in the arbiter, then fork: workers start fast and share memory.
preload_app = True
