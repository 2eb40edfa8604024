"""The door: only whole, real images of an accepted kind and size get into the library.

What an upload may cost is known from its header before a pixel is decoded: its width, height
and number of frames, against IMAGE_MAX_PIXELS. Past that it is refused at once (a
decompression bomb is never inflated); within it, every frame is decoded once, so a damaged or
truncated file is refused while the author is still there. The renditions, which cost several
times the decoding, are made later by the background worker (images.tasks).
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError, features

ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", *(("AVIF",) if features.check("avif") else ()))
# EXIF orientations that turn the picture a quarter: its upright width is its stored height.
QUARTER_TURNS = {5, 6, 7, 8}
EXIF_ORIENTATION = 0x0112


@dataclass(frozen=True)
class Checked:
    """What the door learnt of an accepted upload: its kind and its upright size."""

    format: str
    width: int
    height: int
    frames: int


def accepted_formats_text():
    return ", ".join(ACCEPTED_FORMATS)


def _refuse(upload, message, **params):
    params["name"] = upload.name
    raise ValidationError(message, params=params, code="invalid_image")


def check(upload):
    """The upload's Checked facts, or a ValidationError saying why it is refused.

    Checked once per upload (the form and the library both ask): the result is kept on it.
    Pillow reads a copy of the bytes: closing an animation closes the file it was opened from,
    and the upload must stay open for whoever stores it.
    """
    if (checked := getattr(upload, "checked_image", None)) is not None:
        return checked
    if upload.size > settings.IMAGE_MAX_UPLOAD_BYTES:
        _refuse(
            upload,
            _("“%(name)s” is %(size)s; the largest file accepted is %(limit)s."),
            size=filesizeformat(upload.size),
            limit=filesizeformat(settings.IMAGE_MAX_UPLOAD_BYTES),
        )
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=ACCEPTED_FORMATS) as probe:
                _check_size(upload, probe)
                probe.verify()
            with Image.open(io.BytesIO(content), formats=ACCEPTED_FORMATS) as image:
                for frame in range(getattr(image, "n_frames", 1)):
                    image.seek(frame)
                    image.load()
                image.seek(0)
                checked = _checked(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(upload, _("“%(name)s” has too many pixels to be processed safely."))
    except UnidentifiedImageError:
        _refuse(
            upload,
            _("“%(name)s” is not an image of an accepted kind (%(formats)s)."),
            formats=accepted_formats_text(),
        )
    except (OSError, SyntaxError, ValueError, EOFError):
        _refuse(upload, _("“%(name)s” is damaged or incomplete (truncated): upload it again."))
    upload.checked_image = checked
    return checked


def _checked(image):
    frames = getattr(image, "n_frames", 1)
    width, height = image.size
    if frames == 1 and image.getexif().get(EXIF_ORIENTATION) in QUARTER_TURNS:
        width, height = height, width
    return Checked(image.format, width, height, frames)


def _check_size(upload, probe):
    """Width × height × frames against IMAGE_MAX_PIXELS, from the header alone."""
    width, height = probe.size
    frames = getattr(probe, "n_frames", 1)  # counted from the file's structure, not decoded
    if frames > 1 and width * height * frames > settings.IMAGE_MAX_PIXELS:
        _refuse(
            upload,
            _(
                "“%(name)s” has %(frames)d frames of %(width)d×%(height)d pixels, more than the "
                "%(limit)s million accepted in all: shorten or shrink the animation first."
            ),
            frames=frames,
            width=width,
            height=height,
            limit=f"{settings.IMAGE_MAX_PIXELS / 1_000_000:g}",
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        _refuse(
            upload,
            _(
                "“%(name)s” is %(width)d×%(height)d pixels, more than the %(limit)s million "
                "accepted: resize it first."
            ),
            width=width,
            height=height,
            limit=f"{settings.IMAGE_MAX_PIXELS / 1_000_000:g}",
        )


def open_image(file):
    """A file that passed the door, decoded in full and turned upright, for the renditions."""
    image = Image.open(file, formats=ACCEPTED_FORMATS)
    image.load()
    if getattr(image, "is_animated", False):
        # Turning an animation upright would keep only its first frame; GIFs carry no
        # orientation, and animated WebPs with one are rare enough to be shown as stored.
        return image
    return ImageOps.exif_transpose(image)
