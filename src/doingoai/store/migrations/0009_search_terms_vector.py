"""PostgreSQL search: a terms vector to match on, the positional vector to rank.

``search_document.terms`` holds, without positions, an article's exact and
~folded tokens, every pair of adjacent tokens ("hà nội", "~ha noi") and the
blocks of ids the article falls in (see doingoai.store.search.entries). Its
GIN index answers a phrase of two words and the newest matches of a common
word without reading the positional vector ``vec``, which keeps the
positions for ranking and for the check of longer phrases and loses its GIN
index. The terms of the articles already indexed are made from their stored
tokens. SQLite's index is unchanged.
"""

from django.db import migrations

_CHUNK = 1000


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from doingoai.store.search.entries import IndexText, bucket_lexemes

    execute = schema_editor.execute
    execute("ALTER TABLE search_document ADD COLUMN terms tsvector NOT NULL DEFAULT ''")
    with schema_editor.connection.cursor() as cursor:
        after = -1
        while True:
            cursor.execute(
                "SELECT article_id, tokens FROM search_document WHERE article_id > %s "
                "ORDER BY article_id LIMIT %s",
                [after, _CHUNK],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            updates = []
            for article_id, tokens in rows:
                title, _, body = tokens.partition("\n")
                text = IndexText.from_tokens(title.split(), body.split(), vector=False)
                updates.append((text.terms + " " + bucket_lexemes(article_id), article_id))
            cursor.executemany(
                "UPDATE search_document SET terms = CAST(%s AS tsvector) WHERE article_id = %s",
                updates,
            )
            after = rows[-1][0]
    execute("ALTER TABLE search_document ALTER COLUMN terms DROP DEFAULT")
    execute("CREATE INDEX search_document_terms ON search_document USING gin (terms)")
    execute("DROP INDEX IF EXISTS search_document_vec")


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE INDEX search_document_vec ON search_document USING gin (vec)")
    schema_editor.execute("ALTER TABLE search_document DROP COLUMN terms")


class Migration(migrations.Migration):
    dependencies = [("store", "0008_article_newest_index")]

    operations = [migrations.RunPython(_forward, _backward)]
