"""Media files for readers, when no web server or object store in front serves MEDIA_URL.

Files go through the storage API, so the view works for any storage; only image, sound and
video files of the accepted kinds are served (nothing an upload could turn into a page), never
a listing.
"""

import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from .models import UPLOADS_FOLDER

CONTENT_TYPES = {
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    # Sound and video (images.sniffing chose the extension from the bytes).
    ".m4a": "audio/mp4",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
    ".ogg": "audio/ogg",
    ".ogv": "video/ogg",
    ".webm": "video/webm",
}
# Library files carry their content hash in their folder name: they never change.
IMMUTABLE = "public, max-age=31536000, immutable"


@require_safe
def media(request, path):
    name = posixpath.normpath(path)
    if (
        name != path
        or name.startswith(("/", "../"))
        or "\\" in name
        or "\x00" in name
        or posixpath.splitext(name)[1].lower() not in CONTENT_TYPES
        or name.startswith(f"{UPLOADS_FOLDER}/")  # uploads as they came, metadata and all
    ):
        raise Http404
    try:
        file = default_storage.open(name, "rb")
    except (OSError, SuspiciousFileOperation) as error:
        raise Http404 from error
    response = FileResponse(file, content_type=CONTENT_TYPES[posixpath.splitext(name)[1].lower()])
    response["Cache-Control"] = (
        IMMUTABLE if name.startswith(("images/", "av/")) else "public, max-age=3600"
    )
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
