"""What a restored blog holds, printed as JSON by another process of the blog:

manage.py shell --no-imports -c "from tests.restored import report; report()"
"""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import connection

from blog.models import Post
from comments.models import Comment
from images.models import Image

WRITTEN = "Written during the backup"


def integrity_problems():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            problems = [row for row in cursor.fetchall() if row != ("ok",)]
            cursor.execute("PRAGMA foreign_key_check")
            return problems + cursor.fetchall()
        cursor.execute("SELECT conname FROM pg_constraint WHERE NOT convalidated")
        return cursor.fetchall()


def media_files(root=None):
    """{relative path: SHA-256} of every file under MEDIA_ROOT."""
    root = Path(root or settings.MEDIA_ROOT)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def state():
    written = Post.objects.filter(title__startswith=WRITTEN)
    users = get_user_model().objects.order_by("username")
    return {
        "integrity_problems": integrity_problems(),
        "posts": Post.objects.count(),
        "comments": Comment.objects.count(),
        "written_posts": written.count(),
        "written_comments": Comment.objects.filter(comment__startswith=WRITTEN).count(),
        "written_posts_with_one_comment": sum(
            Comment.objects.filter(object_pk=str(pk), comment__startswith=WRITTEN).count() == 1
            for pk in written.values_list("pk", flat=True)
        ),
        "users": [list(user) for user in users.values_list("username", "password", "is_superuser")],
        "image_files": sorted(name for image in Image.objects.all() for name in image.file_names()),
        "image_files_missing": [
            name
            for image in Image.objects.all()
            for name in image.file_names()
            if not default_storage.exists(name)
        ],
        "media": media_files(),
    }


def report():
    print(json.dumps(state()))
