from django.urls import path

import blog.converters  # noqa: F401 (registers the id converter)

from . import feeds, views, views_reader

app_name = "comments"

urlpatterns = [
    path("post/", views.post_comment, name="post"),
    path("form-state/", views.form_state, name="form_state"),
    path("confirm/<str:key>/", views.confirm, name="confirm"),
    path("c/<id:pk>/", views.permalink, name="permalink"),
    path("c/<id:pk>/edit/", views_reader.edit, name="edit"),
    path("c/<id:pk>/delete/", views_reader.delete, name="delete"),
    path("c/<id:pk>/flag/", views_reader.flag, name="flag"),
    path("unsubscribe/<str:token>/", views_reader.unsubscribe, name="unsubscribe"),
    path("feed/", feeds.LatestComments(), name="feed"),
]
