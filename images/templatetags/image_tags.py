"""Library images in templates: `{% picture image %}` and `{% image_url image 1280 %}`."""

from django import template
from django.conf import settings

from images import markup

register = template.Library()


@register.simple_tag
def picture(image, sizes=markup.CONTENT_SIZES, loading="lazy", fetchpriority=None, css_class=None):
    """Responsive markup for an image; `loading="eager"` for the one above the fold."""
    if not image:
        return ""
    return markup.picture(
        image, sizes=sizes, loading=loading, fetchpriority=fetchpriority, css_class=css_class
    )


@register.simple_tag(takes_context=True)
def image_url(context, image, width=1280, absolute=False):
    """The URL of the JPEG (or PNG) rendition at least `width` wide: for og:image and the like.

    `absolute=True` gives a full URL, as Open Graph and Twitter cards require.
    """
    if not image:
        return ""
    url = image.url(width)
    if absolute and url.startswith("/"):
        request = context.get("request")
        url = request.build_absolute_uri(url) if request else settings.SITE_URL + url
    return url
