"""Search index tables, per database vendor (see doingoai.store.search.backends).

SQLite: an FTS5 table over exact and folded tokens. PostgreSQL: a table of
tsvectors (exact lexemes and their ~folded twins) under a GIN index. Both: the
vocabulary of written forms used to read unaccented queries.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, title_f, body_f, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TABLE search_vocab ("
    "folded TEXT NOT NULL, form TEXT NOT NULL, n INTEGER NOT NULL, "
    "PRIMARY KEY (folded, form)) WITHOUT ROWID",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_vocab", "DROP TABLE IF EXISTS search_fts"]

POSTGRES = [
    "CREATE TABLE search_document ("
    "article_id bigint PRIMARY KEY, vec tsvector NOT NULL, tokens text NOT NULL)",
    "CREATE INDEX search_document_vec ON search_document USING gin (vec)",
    "CREATE TABLE search_vocab ("
    "folded text NOT NULL, form text NOT NULL, n integer NOT NULL, "
    "PRIMARY KEY (folded, form))",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS search_vocab", "DROP TABLE IF EXISTS search_document"]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("store", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
