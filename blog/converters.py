"""Path converters shared by the blog's and the comments' URLs (registered on import)."""

from django.urls import register_converter
from django.urls.converters import IntConverter


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


register_converter(Year, "yyyy")
register_converter(MonthOrDay, "mm")
register_converter(RowId, "id")
