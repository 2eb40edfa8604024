"""Path converters shared by the blog's and the comments' URLs (registered on import), and
the same rule for ids that come in query strings, forms and cookies."""

import re

from django.urls import register_converter
from django.urls.converters import IntConverter, StringConverter

# A slug in any script, as SlugField(allow_unicode=True) and slugify(…, allow_unicode=True) make
# them: letters and digits of every alphabet, "_" and "-". Never a NUL, which PostgreSQL refuses.
SLUG = re.compile(r"[-\w]+")


class Digits:
    """Zero-padded digits, kept as a string, as the date views expect."""

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):0{self.width}d}"


class Year(Digits):
    # 1000-2999: the date views compute the next year, month or day, which 9999 overflows.
    regex, width = "[12][0-9]{3}", 4


class MonthOrDay(Digits):
    regex, width = "[0-9]{2}", 2


class RowId(IntConverter):
    """A primary key: at most 18 digits, so a longer number is a 404, not a database error."""

    regex = "[0-9]{1,18}"


class Slug(StringConverter):
    """<uslug:…>: Django's own <slug:…> takes ASCII only; "новости" is a slug too."""

    regex = SLUG.pattern


class CategoryPath(StringConverter):
    """<category_path:…>: a category's slugs from the top, "world" or "world/europe"."""

    regex = rf"{SLUG.pattern}(?:/{SLUG.pattern})*"


def parse_id(value):
    """A row id from request data (a query parameter, a form field, a cookie name), or None.

    Only what RowId matches: ASCII digits (str.isdigit() also takes "²", which int() refuses,
    and "٣", which it takes), at most 18 of them so the number fits every database's integer,
    and not 0. Whoever gets None answers with a 404 or the page without the parameter.
    """
    if isinstance(value, str) and re.fullmatch(RowId.regex, value) and int(value):
        return int(value)
    return None


register_converter(Year, "yyyy")
register_converter(MonthOrDay, "mm")
register_converter(RowId, "id")
register_converter(Slug, "uslug")
register_converter(CategoryPath, "category_path")
