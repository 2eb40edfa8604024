"""Renditions, made by the background worker (django.tasks on django-tasks-db), never in a request.

An upload is stored as it came and queued here once its row is committed (Image.from_upload).
The task decodes it, writes the cleaned master and every rendition, records them, deletes the
upload, and has the posts and pages showing the image write its markup again. A task that
fails (storage down, the worker stopped) is tried again by the worker (config.task_retries);
running it twice is harmless: an image that has its renditions is left alone.
"""

from django.db import transaction
from django.tasks import task

from . import renditions, validation
from .illustrated import IllustratedBody
from .models import Image


@task
def make_renditions(image_pk):
    image = Image.objects.filter(pk=image_pk).first()
    if image is None or not image.pending:
        return
    storage = image.file.storage
    upload_name = image.file.name
    with storage.open(upload_name, "rb") as upload:
        picture = validation.open_image(upload)
        width, height = picture.size
        master, made = renditions.make_files(
            picture, image.content_hash, image.original_name, storage
        )
    try:
        with transaction.atomic():
            image = Image.objects.select_for_update().filter(pk=image_pk).first()
            if image is None or not image.pending:  # deleted meanwhile, or done by another run
                raise _Superseded
            image.file.name = master
            image.renditions = made
            image.width, image.height = width, height
            image.save(update_fields=["file", "renditions", "width", "height"])
            for usage in image.usages.all():
                if isinstance(usage.owner, IllustratedBody):
                    usage.owner.refresh_image_markup()
            transaction.on_commit(lambda: renditions.delete_files(storage, [upload_name]))
    except _Superseded:
        renditions.delete_files(storage, [master, *(r["name"] for r in made)])
    except BaseException:
        renditions.delete_files(storage, [master, *(r["name"] for r in made)])
        raise


class _Superseded(Exception):
    """The image no longer waits for these renditions."""
