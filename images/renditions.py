"""Renditions: the files readers download, made once at upload and never at request time.

Every file is re-encoded from the decoded pixels, so nothing of the upload's metadata (EXIF
with GPS position and camera serial, XMP, comments) survives; only the colour profile does.
Names carry the upload's content hash, so a file never changes under a name and can be cached
for a year.

Animated GIFs and WebPs keep their animation: every frame is resized for every width, in WebP
and in GIF (the fallback), rather than serving the original. That costs frames × widths
encodings at upload, once; the door bounds it by counting the pixels of all frames against
IMAGE_MAX_PIXELS, and readers get animations a fraction of the original's bytes.
"""

import io

from django.core.files.base import ContentFile
from django.utils.text import slugify
from PIL import Image, ImageSequence

WIDTHS = (320, 640, 960, 1280, 1920)
QUALITY = {"WEBP": 78, "JPEG": 82}
MASTER_QUALITY = 90
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
DEFAULT_FRAME_MS = 100


def has_alpha(image):
    return image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )


def rendition_widths(width):
    """The standard widths below the image's own, and its own if it is not larger: no upscaling."""
    smaller = [w for w in WIDTHS if w < width]
    return [*smaller, width] if width <= WIDTHS[-1] else smaller


def is_animated(image):
    return getattr(image, "is_animated", False)


def frames_of(image):
    """The image as RGB(A) frames stripped of metadata, and the frames' durations in ms."""
    if not is_animated(image):
        frame = image.convert("RGBA" if has_alpha(image) else "RGB")
        frame.info = {}  # nothing of the upload's metadata travels further
        return [frame], None
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        converted = frame.convert("RGBA")  # loads the frame: WebP reads its duration then
        converted.info = {}  # a GIF writer would copy a frame's comment into the file
        frames.append(converted)
        durations.append(frame.info.get("duration") or DEFAULT_FRAME_MS)
    return frames, durations


def encode(frames, image_format, quality=None, icc_profile=None, durations=None):
    """One file from one frame, or an endlessly looping animation from several."""
    image, rest = frames[0], frames[1:]
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if rest:
        options |= {"save_all": True, "append_images": rest, "duration": durations, "loop": 0}
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
    animated = is_animated(image)
    icc_profile = (
        image.info.get("icc_profile") if image.mode in {"RGB", "RGBA"} and not animated else None
    )
    fallback = "GIF" if animated else "PNG" if has_alpha(image) else "JPEG"
    frames, durations = frames_of(image)
    image = frames[0]
    folder = f"images/{content_hash[:2]}/{content_hash[2:16]}"
    stem = slugify(original_name.rsplit(".", 1)[0])[:60] or "image"
    written, renditions = [], []

    def save(name, content):
        written.append(storage.save(name, content))
        return written[-1], content.size

    try:
        master, _ = save(
            f"{folder}/{stem}.{EXTENSIONS[fallback]}",
            encode(frames, fallback, MASTER_QUALITY, icc_profile, durations),
        )
        for width in rendition_widths(image.width):
            height = max(1, round(image.height * width / image.width))
            resized = (
                frames
                if width == image.width
                else [
                    frame.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
                    for frame in frames
                ]
            )
            for image_format in ("WEBP", fallback):
                name, size = save(
                    f"{folder}/{stem}-{width}w.{EXTENSIONS[image_format]}",
                    encode(resized, image_format, icc_profile=icc_profile, durations=durations),
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
