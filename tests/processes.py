"""Running another process of this blog (a shell, the worker) on the test database."""

import os
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def process_env(**extra):
    """The environment of another process of this blog, on the test database."""
    database = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_SECRET_KEY": "x" * 50}
    env.setdefault("EMAIL_URL", "console:")
    if database["ENGINE"].endswith("sqlite3"):
        env["SQLITE_PATH"] = str(database["NAME"])
        env.pop("DATABASE_URL", None)
    else:
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}"
            f"/{database['NAME']}"
        )
    env.pop("REDIS_URL", None)
    return env | extra
