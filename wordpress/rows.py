"""Many rows written with few statements: the import's largest tables (comments, and the
records of WordPress ids: one per comment).

bulk_create() compiles every value of every row into its SQL, which at tens of thousands of rows
was a good part of the import's time; executemany() is no better on PostgreSQL, where each row
is then a statement of its own for the server. Here each INSERT carries up to ROWS rows (fewer
where the database takes fewer parameters), its SQL made once per size, and each value is
prepared as Django prepares it for an INSERT (the field's pre_save(), so auto_now_add dates are
set, then get_db_prep_save()). For rows whose ids are not needed back: a column the database
fills (an auto-increment id) is left to it.
"""

from django.db import connection

ROWS = 500  # rows per INSERT: well under PostgreSQL's 65,535 parameters


def insert_rows(model, objects):
    """Write `objects` into `model`'s own table (not its parents')."""
    fields = [f for f in model._meta.local_concrete_fields if not f.db_returning]
    rows = [
        [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
        for obj in objects
    ]
    if not rows:
        return
    quote = connection.ops.quote_name
    insert = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608 (quoted names; values apart)
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    row = "({})".format(", ".join(["%s"] * len(fields)))
    size = min(ROWS, connection.ops.bulk_batch_size(fields, rows))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            cursor.execute(insert + ", ".join([row] * len(chunk)), [v for r in chunk for v in r])
