"""An index in the office inbox's default order (newest publication date first,
articles without a date last, then the newest id), so that its first page is
read from the index instead of sorting every match. PostgreSQL puts NULL first
in a descending index unless told; SQLite keeps NULL last there already and
refuses the words ``NULLS LAST`` in an index."""

from django.db import migrations

NAME = "store_article_newest"
CREATE = {
    "postgresql": (
        f"CREATE INDEX IF NOT EXISTS {NAME} "
        "ON store_article (published_at DESC NULLS LAST, id DESC)"
    ),
    "sqlite": f"CREATE INDEX IF NOT EXISTS {NAME} ON store_article (published_at DESC, id DESC)",
}
DROP = f"DROP INDEX IF EXISTS {NAME}"


def _create(apps, schema_editor):
    sql = CREATE.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor in CREATE:
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("store", "0007_article_entities_index")]

    operations = [migrations.RunPython(_create, _drop)]
