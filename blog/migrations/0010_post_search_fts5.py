"""SQLite's full-text index of the posts (FTS5), on SQLite only: PostgreSQL has its GIN index.

An external-content table: it keeps the index, not a copy of the text, and reads the text from
blog_post. Triggers keep it in step with every write to blog_post (a save, an update(), an
import's bulk writes), so nothing has to remember to. blog.search searches it.
"""

from django.db import migrations

CREATE = [
    """CREATE VIRTUAL TABLE blog_post_fts USING fts5(
        title, excerpt, body, content='blog_post', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER blog_post_fts_insert AFTER INSERT ON blog_post BEGIN
        INSERT INTO blog_post_fts(rowid, title, excerpt, body)
        VALUES (new.id, new.title, new.excerpt, new.body);
    END""",
    """CREATE TRIGGER blog_post_fts_delete AFTER DELETE ON blog_post BEGIN
        INSERT INTO blog_post_fts(blog_post_fts, rowid, title, excerpt, body)
        VALUES ('delete', old.id, old.title, old.excerpt, old.body);
    END""",
    """CREATE TRIGGER blog_post_fts_update AFTER UPDATE OF title, excerpt, body ON blog_post
    BEGIN
        INSERT INTO blog_post_fts(blog_post_fts, rowid, title, excerpt, body)
        VALUES ('delete', old.id, old.title, old.excerpt, old.body);
        INSERT INTO blog_post_fts(rowid, title, excerpt, body)
        VALUES (new.id, new.title, new.excerpt, new.body);
    END""",
    "INSERT INTO blog_post_fts(blog_post_fts) VALUES ('rebuild')",  # the posts already here
]
DROP = [
    "DROP TRIGGER IF EXISTS blog_post_fts_insert",
    "DROP TRIGGER IF EXISTS blog_post_fts_delete",
    "DROP TRIGGER IF EXISTS blog_post_fts_update",
    "DROP TABLE IF EXISTS blog_post_fts",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("blog", "0009_blog_settings")]

    operations = [migrations.RunPython(run(CREATE), run(DROP), elidable=False)]
