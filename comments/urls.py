from django.urls import path

import blog.converters  # noqa: F401 (registers the id and uslug converters)

from . import feeds, views, views_confirm, views_reader

app_name = "comments"

urlpatterns = [
    path("post/", views.post_comment, name="post"),
    path("form-state/", views.form_state, name="form_state"),
    path("confirm/<str:token>/", views_confirm.confirm, name="confirm"),
    path("c/<id:pk>/", views.permalink, name="permalink"),
    path("c/<id:pk>/edit/", views_reader.edit, name="edit"),
    path("c/<id:pk>/delete/", views_reader.delete, name="delete"),
    path("c/<id:pk>/flag/", views_reader.flag, name="flag"),
    path("unsubscribe/<str:token>/", views_reader.unsubscribe, name="unsubscribe"),
    path("feed/", feeds.LatestComments(), name="feed"),
]

# Included by config/urls.py at the site's root: a post's comment feed is at <post URL>feed/.
post_feed_urlpatterns = [
    path(
        "<yyyy:year>/<mm:month>/<mm:day>/<uslug:slug>/feed/",
        feeds.PostComments(),
        name="post_comments_feed",
    ),
]
