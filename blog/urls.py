from django.urls import path, register_converter

from . import feeds, views
from .views_search import search


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
    path("feed/", feeds.LatestPosts(), name="feed"),
    path("feed/atom/", feeds.AtomLatestPosts(), name="feed_atom"),
    path("search/", search, name="search"),
    *paginated("<yyyy:year>/", views.YearArchiveView.as_view(), "archive_year"),
    *paginated("<yyyy:year>/<mm:month>/", views.MonthArchiveView.as_view(), "archive_month"),
    *paginated("<yyyy:year>/<mm:month>/<mm:day>/", views.DayArchiveView.as_view(), "archive_day"),
    path(
        "<yyyy:year>/<mm:month>/<mm:day>/<slug:slug>/",
        views.PostDetailView.as_view(),
        name="post_detail",
    ),
    # Before the category archive, whose <path:path> would take "…/feed/" as a category.
    path("category/<path:path>/feed/", feeds.CategoryPosts(), name="category_feed"),
    path("category/<path:path>/feed/atom/", feeds.AtomCategoryPosts(), name="category_feed_atom"),
    *paginated("category/<path:path>/", views.CategoryView.as_view(), "category"),
    path("tag/<slug:slug>/feed/", feeds.TagPosts(), name="tag_feed"),
    path("tag/<slug:slug>/feed/atom/", feeds.AtomTagPosts(), name="tag_feed_atom"),
    *paginated("tag/<slug:slug>/", views.TagView.as_view(), "tag"),
    path("author/<slug:slug>/feed/", feeds.AuthorPosts(), name="author_feed"),
    path("author/<slug:slug>/feed/atom/", feeds.AtomAuthorPosts(), name="author_feed_atom"),
    *paginated("author/<slug:slug>/", views.AuthorView.as_view(), "author"),
    path("<slug:slug>/", views.PageView.as_view(), name="page"),
]
