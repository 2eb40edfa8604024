from django.urls import path, register_converter

from . import views
from .cache import cache_for_readers


class Digits:
    """Zero-padded digits, kept as a string, as the date views expect."""

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):0{self.width}d}"


class Year(Digits):
    regex, width = "[0-9]{4}", 4


class MonthOrDay(Digits):
    regex, width = "[0-9]{2}", 2


register_converter(Year, "yyyy")
register_converter(MonthOrDay, "mm")

app_name = "blog"


def reader_page(route, view, name):
    return path(route, cache_for_readers(view.as_view()), name=name)


def paginated(route, view, name):
    """The route and its /page/N/ continuation, under one name: reverse() picks by kwargs."""
    return [reader_page(f"{route}page/<int:page>/", view, name), reader_page(route, view, name)]


urlpatterns = [
    *paginated("", views.HomeView, "home"),
    *paginated("<yyyy:year>/", views.YearArchiveView, "archive_year"),
    *paginated("<yyyy:year>/<mm:month>/", views.MonthArchiveView, "archive_month"),
    *paginated("<yyyy:year>/<mm:month>/<mm:day>/", views.DayArchiveView, "archive_day"),
    reader_page(
        "<yyyy:year>/<mm:month>/<mm:day>/<slug:slug>/", views.PostDetailView, "post_detail"
    ),
    *paginated("category/<path:path>/", views.CategoryView, "category"),
    *paginated("tag/<slug:slug>/", views.TagView, "tag"),
    *paginated("author/<slug:slug>/", views.AuthorView, "author"),
    reader_page("<slug:slug>/", views.PageView, "page"),
]
