"""The translation memory's tables (tm_entry, and tm_posting on SQLite, or the
pg_trgm index on PostgreSQL), made by doingoai.translate.memory.schema_sql for
the database in use."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from doingoai.translate.memory import schema_sql


def create_memory(apps: Any, schema_editor: Any) -> None:
    for statement in schema_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def drop_memory(apps: Any, schema_editor: Any) -> None:
    for table in ("tm_posting", "tm_entry"):
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}", params=None)


class Migration(migrations.Migration):
    dependencies = [("translation", "0001_initial")]

    operations = [migrations.RunPython(create_memory, drop_memory)]
