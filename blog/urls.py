from functools import lru_cache

from django.urls import path

from config.page_cache import cache_for_readers
from wordpress.redirects import HOME_QUERY  # /?p=123, /?s=…: WordPress's addresses, redirected

from . import converters, feeds, views  # converters registers yyyy, mm, uslug…
from .views_search import SearchForm, search

app_name = "blog"

# The query parameters a cached page reads, each with what makes its value canonical (None for
# an invalid one: the page without it). Any other parameter (utm_source, fbclid, ref…) is served
# the same cached page. A post page shows its comment thread's page ?cpage=N and, without
# JavaScript, the reply form under comment ?reply_to=N (comments/templatetags/comment_tags.py).
COMMENT_THREAD = {"cpage": converters.parse_id, "reply_to": converters.parse_id}


@lru_cache(maxsize=1024)  # asked on every cached hit of a search: the form is slow to build
def search_query(value):
    """?q= as the search form cleans it; as typed when it is refused, since the page shows it."""
    form = SearchForm({"q": value})
    return form.cleaned_data["q"] if form.is_valid() else value


# Search reads ?q= and ?page=N as given: a page that is not a number is a 404, never cached.
SEARCH = {"q": search_query, "page": str}


def reader_page(route, view, name, reads=None, unless=()):
    return path(route, cache_for_readers(view.as_view(), reads, unless), name=name)


def paginated(route, view, name, unless=()):
    """The route and its /page/N/ continuation, under one name: reverse() picks by kwargs."""
    return [
        reader_page(f"{route}page/<int:page>/", view, name, unless=unless),
        reader_page(route, view, name, unless=unless),
    ]


# Feeds are cached for anonymous readers like pages, with the page cache's validators.
urlpatterns = [
    *paginated("", views.HomeView, "home", unless=HOME_QUERY),
    path("feed/", cache_for_readers(feeds.LatestPosts()), name="feed"),
    path("feed/atom/", cache_for_readers(feeds.AtomLatestPosts()), name="feed_atom"),
    path("search/", cache_for_readers(search, SEARCH), name="search"),
    *paginated("<yyyy:year>/", views.YearArchiveView, "archive_year"),
    *paginated("<yyyy:year>/<mm:month>/", views.MonthArchiveView, "archive_month"),
    *paginated("<yyyy:year>/<mm:month>/<mm:day>/", views.DayArchiveView, "archive_day"),
    reader_page(
        "<yyyy:year>/<mm:month>/<mm:day>/<uslug:slug>/",
        views.PostDetailView,
        "post_detail",
        COMMENT_THREAD,
    ),
    # Before the category archive, whose <category_path:path> would take "…/feed/" as a category.
    path(
        "category/<category_path:path>/feed/",
        cache_for_readers(feeds.CategoryPosts()),
        name="category_feed",
    ),
    path(
        "category/<category_path:path>/feed/atom/",
        cache_for_readers(feeds.AtomCategoryPosts()),
        name="category_feed_atom",
    ),
    *paginated("category/<category_path:path>/", views.CategoryView, "category"),
    path("tag/<uslug:slug>/feed/", cache_for_readers(feeds.TagPosts()), name="tag_feed"),
    path(
        "tag/<uslug:slug>/feed/atom/", cache_for_readers(feeds.AtomTagPosts()), name="tag_feed_atom"
    ),
    *paginated("tag/<uslug:slug>/", views.TagView, "tag"),
    path("author/<slug:slug>/feed/", cache_for_readers(feeds.AuthorPosts()), name="author_feed"),
    path(
        "author/<slug:slug>/feed/atom/",
        cache_for_readers(feeds.AtomAuthorPosts()),
        name="author_feed_atom",
    ),
    *paginated("author/<slug:slug>/", views.AuthorView, "author"),
    reader_page("series/<uslug:slug>/", views.SeriesView, "series"),
    reader_page("<uslug:slug>/", views.PageView, "page"),
]
