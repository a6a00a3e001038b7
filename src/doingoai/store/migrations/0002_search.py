"""Search index tables, per database vendor (see doingoai.store.search.backends).

SQLite: an FTS5 table over exact and folded tokens, and a small table of the
fields search filters on. PostgreSQL: a table of tsvectors (exact lexemes and
their ~folded twins) under a GIN index, with those fields. Both: the
vocabulary of written forms used to read unaccented queries.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, title_f, body_f, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TABLE search_vocab ("
    "folded TEXT NOT NULL, form TEXT NOT NULL, n INTEGER NOT NULL, "
    "PRIMARY KEY (folded, form)) WITHOUT ROWID",
    "CREATE TABLE search_meta ("
    "id INTEGER PRIMARY KEY, language TEXT NOT NULL, outlet_id INTEGER NULL, "
    "topic TEXT NOT NULL, published_at TEXT NULL)",
]
SQLITE_DROP = [
    "DROP TABLE IF EXISTS search_meta",
    "DROP TABLE IF EXISTS search_vocab",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES = [
    "CREATE TABLE search_document ("
    "article_id bigint PRIMARY KEY, vec tsvector NOT NULL, tokens text NOT NULL, "
    "language text NOT NULL, outlet_id bigint NULL, topic text NOT NULL, "
    "published_at timestamp with time zone NULL)",
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
