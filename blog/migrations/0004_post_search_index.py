"""A GIN index on the posts' weighted full-text vector, on PostgreSQL only.

Its expression must stay the one blog.search.search_vector() builds, or searches stop using it.
SQLite has no full-text vector: there the search falls back to plain matching and the index is
not made. The index is not in Post.Meta for that reason, so migrations state knows nothing of it.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(
    SearchVector("title", weight="A", config="english")
    + SearchVector("excerpt", weight="B", config="english")
    + SearchVector("body", weight="C", config="english"),
    name="post_search",
)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("blog", "Post"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("blog", "Post"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("blog", "0003_post_featured_image")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
