"""PostgreSQL: a GIN index over the named entities of the articles, so that the
office inbox's filter by a person, organisation or place (``entities @>``)
reads the articles naming it instead of every article's list. SQLite reads
the lists (``json_each``) as before."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS store_article_entities "
    "ON store_article USING gin (entities jsonb_path_ops)"
)
DROP = "DROP INDEX IF EXISTS store_article_entities"


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("store", "0006_names_in_the_office_languages")]

    operations = [migrations.RunPython(_on_postgres(CREATE), _on_postgres(DROP))]
