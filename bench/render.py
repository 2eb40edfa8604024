"""Milliseconds to render reader pages in one process, for bench/pages.py.

    .venv/bin/python bench/render.py PATH...   (with the blog's environment)

For each address, the median of several renders for a signed-in reader's browser (a session
cookie: the page cache is skipped): "cold" just after a content change, with nothing cached
for the new version, and "warm" when the comment thread, the sidebar and the navigation are.
Prints one JSON line: {"cold": [...], "warm": [...]} in milliseconds of wall time, and the same
in this process's CPU time ("cold_cpu", "warm_cpu"), steadier on a machine shared with others.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMES = 9


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from config.page_cache import content_changed

    client = Client(HTTP_HOST=settings.SITE_URL.split("//")[1])
    client.cookies["sessionid"] = "not-a-session"  # any session cookie skips the page cache

    cpu = {}

    def timed(path):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        cpu.setdefault(path, []).append((time.process_time() - start_cpu) * 1000)
        return (time.perf_counter() - start) * 1000

    paths = sys.argv[1:]
    for path in paths:
        timed(path)  # templates loaded, connections open: a server that has served once
    result = {"cold": [], "warm": [], "cold_cpu": [], "warm_cpu": []}
    for path in paths:
        samples = []
        cpu.clear()
        for _ in range(TIMES):
            content_changed()
            samples.append(timed(path))
        result["cold"].append(statistics.median(samples))
        result["cold_cpu"].append(statistics.median(cpu.pop(path)))
        result["warm"].append(statistics.median(timed(path) for _ in range(TIMES)))
        result["warm_cpu"].append(statistics.median(cpu.pop(path)))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
