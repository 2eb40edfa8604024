from django.urls import path, register_converter

from . import views


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


def paginated(route, view, name):
    """The route and its /page/N/ continuation, under one name: reverse() picks by kwargs."""
    return [path(f"{route}page/<int:page>/", view, name=name), path(route, view, name=name)]


urlpatterns = [
    *paginated("", views.HomeView.as_view(), "home"),
    *paginated("<yyyy:year>/", views.YearArchiveView.as_view(), "archive_year"),
    *paginated("<yyyy:year>/<mm:month>/", views.MonthArchiveView.as_view(), "archive_month"),
    *paginated("<yyyy:year>/<mm:month>/<mm:day>/", views.DayArchiveView.as_view(), "archive_day"),
    path(
        "<yyyy:year>/<mm:month>/<mm:day>/<slug:slug>/",
        views.PostDetailView.as_view(),
        name="post_detail",
    ),
    *paginated("category/<path:path>/", views.CategoryView.as_view(), "category"),
    *paginated("tag/<slug:slug>/", views.TagView.as_view(), "tag"),
    *paginated("author/<slug:slug>/", views.AuthorView.as_view(), "author"),
    path("<slug:slug>/", views.PageView.as_view(), name="page"),
]
