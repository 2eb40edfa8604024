"""Responsive markup for library images, and what a post body says about the images it uses.

Body images are rewritten when the post is saved, so a reader's request only sends stored
HTML. The editor marks a library image with `data-file="<pk>"` (django-prose-editor's own
attribute for picked files); that is what ties the markup to the library.
"""

import html
import re

from django.forms.utils import flatatt
from django.utils.html import format_html

from .models import Image

# The post column: full width less the gutters on phones, 40rem beside the sidebar.
CONTENT_SIZES = "(min-width: 60rem) 40rem, 92vw"

# nh3 serialises attributes as name="value", so these patterns see one consistent form.
_PICTURE = re.compile(r"<picture>(?:\s*<source\b[^>]*>)*\s*(<img\b[^>]*>)\s*</picture>")
_IMG = re.compile(r"<img\b[^>]*>")
_ATTRIBUTE = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
# A row id: ASCII digits that fit a database integer (str.isdigit() also takes "²").
_ID = re.compile("[0-9]{1,18}")


def srcset(image, image_format):
    url = image.file.storage.url
    return ", ".join(f"{url(r['name'])} {r['width']}w" for r in image.rendition_list(image_format))


def picture(
    image,
    *,
    alt=None,
    sizes=CONTENT_SIZES,
    loading="lazy",
    fetchpriority=None,
    css_class=None,
    default_width=960,
):
    """A <picture> offering WebP renditions, with JPEG (or PNG) ones as the fallback.

    An image whose renditions are still being made is a placeholder of its size, carrying
    what ties it to the library, so the next save of its post writes the real markup.
    """
    if image.pending:
        return format_html(
            "<img{}>",
            flatatt(
                {
                    "src": image.url(),
                    "width": image.width,
                    "height": image.height,
                    "alt": "" if image.decorative else (alt or image.alt_text),
                    "class": " ".join(filter(None, [css_class, "image-pending"])),
                    "data-file": image.pk,
                }
            ),
        )
    largest = image.renditions[-1]
    attributes = {
        "src": image.file.storage.url(image.rendition_for(default_width)["name"]),
        "srcset": srcset(image, image.fallback_format()),
        "sizes": sizes,
        "width": largest["width"],
        "height": largest["height"],
        "alt": "" if image.decorative else (alt or image.alt_text),
        "class": css_class,
        "loading": loading,
        "decoding": "async",
        "fetchpriority": fetchpriority,
        "data-file": image.pk,
    }
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}"><img{}></picture>',
        srcset(image, "webp"),
        sizes,
        flatatt(attributes),
    )


def _attributes(tag):
    return {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(tag)}


def body_images(body):
    """(pk, alt) of every library image in a body, in order."""
    found = []
    for match in _IMG.finditer(body or ""):
        attributes = _attributes(match.group(0))
        if _ID.fullmatch(attributes.get("data-file", "")):
            found.append((int(attributes["data-file"]), attributes.get("alt", "").strip()))
    return found


def body_image_ids(body):
    return {pk for pk, _ in body_images(body)}


def responsive_body(body):
    """The body with each library image as responsive markup; run on every save, idempotent."""
    body = _PICTURE.sub(r"\1", body or "")
    images = Image.objects.in_bulk(body_image_ids(body))
    if not images:
        return body

    def replace(match):
        attributes = _attributes(match.group(0))
        pk = attributes.get("data-file", "")
        image = images.get(int(pk)) if _ID.fullmatch(pk) else None
        if image is None:
            return match.group(0)
        return picture(image, alt=attributes.get("alt", "").strip())

    return _IMG.sub(replace, body)


def images_missing_alt(body, featured_image=None):
    """Images a post shows without any alt text, as (field, image) pairs."""
    missing = []
    if featured_image is not None and featured_image.needs_alt_text:
        missing.append(("featured_image", featured_image))
    without_alt = {pk for pk, alt in body_images(body) if not alt}
    missing += [
        ("body", image)
        for image in Image.objects.filter(pk__in=without_alt, alt_text="", decorative=False)
    ]
    return missing
