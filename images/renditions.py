"""Renditions: the files readers download, made once at upload and never at request time.

Every file is re-encoded from the decoded pixels, so nothing of the upload's metadata (EXIF
with GPS position and camera serial, XMP, comments) survives; only the colour profile does.
Names carry the upload's content hash, so a file never changes under a name and can be cached
for a year.
"""

import io

from django.core.files.base import ContentFile
from django.utils.text import slugify
from PIL import Image

WIDTHS = (320, 640, 960, 1280, 1920)
QUALITY = {"WEBP": 78, "JPEG": 82}
MASTER_QUALITY = 90
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def has_alpha(image):
    return image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )


def rendition_widths(width):
    """The standard widths below the image's own, and its own if it is not larger: no upscaling."""
    smaller = [w for w in WIDTHS if w < width]
    return [*smaller, width] if width <= WIDTHS[-1] else smaller


def encode(image, image_format, quality=None, icc_profile=None):
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        options |= {"quality": quality or QUALITY["JPEG"], "optimize": True, "progressive": True}
    elif image_format == "WEBP":
        options |= {"quality": quality or QUALITY["WEBP"], "method": 5}
    elif image_format == "PNG":
        options |= {"optimize": True}
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return ContentFile(buffer.getvalue())


def make_files(image, content_hash, original_name, storage):
    """Write the cleaned master and every rendition of an upright, decoded image.

    Returns (master name, renditions) where renditions is a list of dicts with width,
    height, format, name and bytes. On any failure the files already written are removed,
    so a refused or broken upload leaves nothing behind.
    """
    icc_profile = image.info.get("icc_profile") if image.mode in {"RGB", "RGBA"} else None
    alpha = has_alpha(image)
    image = image.convert("RGBA" if alpha else "RGB")
    image.info = {}  # nothing of the upload's metadata travels further
    fallback = "PNG" if alpha else "JPEG"
    folder = f"images/{content_hash[:2]}/{content_hash[2:16]}"
    stem = slugify(original_name.rsplit(".", 1)[0])[:60] or "image"
    written, renditions = [], []

    def save(name, content):
        written.append(storage.save(name, content))
        return written[-1], content.size

    try:
        master, _ = save(
            f"{folder}/{stem}.{EXTENSIONS[fallback]}",
            encode(image, fallback, MASTER_QUALITY, icc_profile),
        )
        for width in rendition_widths(image.width):
            height = max(1, round(image.height * width / image.width))
            resized = (
                image
                if width == image.width
                else image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            )
            for image_format in ("WEBP", fallback):
                name, size = save(
                    f"{folder}/{stem}-{width}w.{EXTENSIONS[image_format]}",
                    encode(resized, image_format, icc_profile=icc_profile),
                )
                renditions.append(
                    {
                        "width": width,
                        "height": height,
                        "format": image_format.lower(),
                        "name": name,
                        "bytes": size,
                    }
                )
    except BaseException:
        delete_files(storage, written)
        raise
    return master, renditions


def delete_files(storage, names):
    for name in names:
        storage.delete(name)
