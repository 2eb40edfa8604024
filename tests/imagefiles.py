"""Real image files for tests, made with Pillow."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from PIL import ImageDraw

from images.models import Image
from tests.worker import committed, run_due_tasks

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE, BODY_SERIAL = 0x010F, 0xA431


def exif_with_gps(orientation=1):
    exif = PillowImage.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "Testcam"
    exif.get_ifd(0x8769)[BODY_SERIAL] = "SN-123456"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})
    return exif


def image_bytes(size=(800, 600), image_format="JPEG", exif=None, mode="RGB"):
    """A picture with a coloured left half and a diagonal, so orientation can be checked."""
    picture = PillowImage.new(mode, size, "white")
    draw = ImageDraw.Draw(picture)
    draw.rectangle([0, 0, size[0] // 2, size[1]], fill="red")
    draw.line([0, 0, size[0], size[1]], fill="blue", width=5)
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    picture.save(buffer, image_format, **options)
    return buffer.getvalue()


def upload(name="photo.jpg", content=None, **kwargs):
    content = image_bytes(**kwargs) if content is None else content
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def rendered(file, **fields):
    """An upload in the library with its renditions, made by the worker as after an upload."""
    with committed():
        image = Image.from_upload(file, **fields)
    with committed():
        run_due_tasks()
    image.refresh_from_db()
    return image


def library_image(name="photo.jpg", alt_text="A red field and a blue line", **kwargs):
    size = kwargs.pop("size", (1400, 1050))
    return rendered(upload(name, size=size), alt_text=alt_text, **kwargs)


def figure(image, alt="", caption="A caption"):
    """What the editor stores for a figure picked from the library."""
    caption_html = f'<figcaption class="figure-caption">{caption}</figcaption>' if caption else ""
    return (
        f'<figure class="figure"><img src="{image.url()}" alt="{alt}" data-file="{image.pk}">'
        f"{caption_html}</figure>"
    )


def opened(content):
    return PillowImage.open(io.BytesIO(content))
