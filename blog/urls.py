from django.urls import path

from . import converters, feeds, views  # noqa: F401 (converters registers yyyy and mm)
from .cache import cache_for_readers
from .views_search import search

app_name = "blog"


def reader_page(route, view, name):
    return path(route, cache_for_readers(view.as_view()), name=name)


def paginated(route, view, name):
    """The route and its /page/N/ continuation, under one name: reverse() picks by kwargs."""
    return [reader_page(f"{route}page/<int:page>/", view, name), reader_page(route, view, name)]


urlpatterns = [
    *paginated("", views.HomeView, "home"),
    path("feed/", feeds.LatestPosts(), name="feed"),
    path("feed/atom/", feeds.AtomLatestPosts(), name="feed_atom"),
    path("search/", search, name="search"),
    *paginated("<yyyy:year>/", views.YearArchiveView, "archive_year"),
    *paginated("<yyyy:year>/<mm:month>/", views.MonthArchiveView, "archive_month"),
    *paginated("<yyyy:year>/<mm:month>/<mm:day>/", views.DayArchiveView, "archive_day"),
    reader_page(
        "<yyyy:year>/<mm:month>/<mm:day>/<slug:slug>/", views.PostDetailView, "post_detail"
    ),
    # Before the category archive, whose <path:path> would take "…/feed/" as a category.
    path("category/<path:path>/feed/", feeds.CategoryPosts(), name="category_feed"),
    path("category/<path:path>/feed/atom/", feeds.AtomCategoryPosts(), name="category_feed_atom"),
    *paginated("category/<path:path>/", views.CategoryView, "category"),
    path("tag/<slug:slug>/feed/", feeds.TagPosts(), name="tag_feed"),
    path("tag/<slug:slug>/feed/atom/", feeds.AtomTagPosts(), name="tag_feed_atom"),
    *paginated("tag/<slug:slug>/", views.TagView, "tag"),
    path("author/<slug:slug>/feed/", feeds.AuthorPosts(), name="author_feed"),
    path("author/<slug:slug>/feed/atom/", feeds.AtomAuthorPosts(), name="author_feed_atom"),
    *paginated("author/<slug:slug>/", views.AuthorView, "author"),
    reader_page("<slug:slug>/", views.PageView, "page"),
]
