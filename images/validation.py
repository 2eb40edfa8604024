"""The door: only whole, real images of an accepted kind and size get into the library."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError, features

ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP", *(("AVIF",) if features.check("avif") else ()))


def accepted_formats_text():
    return ", ".join(ACCEPTED_FORMATS)


def _refuse(upload, message, **params):
    params["name"] = upload.name
    raise ValidationError(message, params=params, code="invalid_image")


def open_image(upload):
    """The upload decoded in full and turned upright, or a ValidationError saying why not.

    Pillow reads only the header on open, so the size and pixel checks run before the
    pixels are decoded: a decompression bomb is refused without being inflated.
    """
    if upload.size > settings.IMAGE_MAX_UPLOAD_BYTES:
        _refuse(
            upload,
            _("“%(name)s” is %(size)s; the largest file accepted is %(limit)s."),
            size=filesizeformat(upload.size),
            limit=filesizeformat(settings.IMAGE_MAX_UPLOAD_BYTES),
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=ACCEPTED_FORMATS) as probe:
                _check_pixels(upload, probe.width, probe.height)
                probe.verify()
            upload.seek(0)
            image = Image.open(upload, formats=ACCEPTED_FORMATS)
            image.load()
            if getattr(image, "is_animated", False):
                _check_frames(upload, image)
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
    finally:
        upload.seek(0)
    if getattr(image, "is_animated", False):
        # Turning an animation upright would keep only its first frame; GIFs carry no
        # orientation, and animated WebPs with one are rare enough to be shown as stored.
        return image
    return ImageOps.exif_transpose(image)


def _check_frames(upload, image):
    """Every frame of an animation decodes, and all of them together are not too many pixels."""
    if image.width * image.height * image.n_frames > settings.IMAGE_MAX_PIXELS:
        _refuse(
            upload,
            _(
                "“%(name)s” has %(frames)d frames of %(width)d×%(height)d pixels, more than the "
                "%(limit)s million accepted in all: shorten or shrink the animation first."
            ),
            frames=image.n_frames,
            width=image.width,
            height=image.height,
            limit=f"{settings.IMAGE_MAX_PIXELS / 1_000_000:g}",
        )
    for frame in range(image.n_frames):
        image.seek(frame)
        image.load()
    image.seek(0)


def _check_pixels(upload, width, height):
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
