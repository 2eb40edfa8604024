from django.db import migrations

# The comment tables are the libraries' (django-contrib-comments', django-comments-xtd's), so
# the indexes their queries need are made here:
# - django-comments-xtd looks comments up by parent_id when a comment is saved again (approved,
#   removed, edited) and when a thread is walked: without an index each such save scanned
#   every comment;
# - a post's comments are found by (content_type_id, object_pk): with an index on each column
#   alone, the planner may take content_type_id's, which every comment on a post shares.
INDEXES = {
    "xtdcomment_parent_id": "django_comments_xtd_xtdcomment (parent_id)",
    "comment_target": "django_comments (content_type_id, object_pk)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0003_pending_comment"),
        ("django_comments", "0004_add_object_pk_is_removed_index"),
        ("django_comments_xtd", "0008_auto_20200920_2037"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {columns}",
            f"DROP INDEX IF EXISTS {name}",
            elidable=False,
        )
        for name, columns in INDEXES.items()
    ]
