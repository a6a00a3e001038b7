"""A corpus of up to millions of articles on PostgreSQL, for bench_search and
bench_inbox (``--postgres URL``).

The articles are made as ``bench_search.build`` makes them (VNTC news texts of
../shared/data/topics recombined: a headline with paragraphs drawn from
several documents; each naming three people, organisations or places of a
pool of 300, as ``bench_inbox`` gives them), but written with COPY in large
batches: a pool of processes makes the articles and their search index
entries with the product's own function (``doingoai.store.search.entries.
index_text``, what ``index_articles`` stores), and this process copies them
into ``store_rawdocument``, ``store_article``, ``search_document`` and, at
the end, the document counts of ``search_vocab``. Only the batching differs
from ``index_articles``: the secondary indexes of those tables are dropped
during the load and made again after it from their own definitions, and the
row triggers (the reports' change marks) and foreign-key checks are off for
the load (``session_replication_role = replica``: the URL's user must be a
superuser); every row is the one the ORM and ``index_articles`` would store.

With ``reuse`` a database that already holds the corpus of that size is
timed again without building it.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import random
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

#: articles per batch handed to a worker process
BATCH = 4000
#: people, organisations and places the articles name (as bench_inbox)
KINDS = ("PER", "ORG", "LOC")
_POOL = [
    (kind, f"{name} {n}")
    for n in range(100)
    for kind, name in zip(KINDS, ("Người", "Sở", "Phường"), strict=False)
]
_START = datetime(2006, 1, 1, 8, tzinfo=UTC)
_TABLES = ("store_rawdocument", "store_article", "search_document")

_docs: list[tuple[str, str, str, list[str]]] = []
_outlets: dict[str, tuple[int, str]] = {}


def postgres_database(url: str, name: str, *, reuse: bool) -> str:
    """The URL of database ``name`` on the server of ``url`` (a socket
    directory may be given as the host, percent-encoded), made empty unless
    ``reuse`` (then made only if it is missing)."""
    import dj_database_url
    import psycopg

    conf = dj_database_url.parse(url)
    with psycopg.connect(
        host=conf.get("HOST") or "",
        port=int(conf.get("PORT") or 5432),
        user=conf.get("USER") or "",
        password=conf.get("PASSWORD") or "",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found and not reuse:
            conn.execute(f'DROP DATABASE "{name}"')
        if not found or not reuse:
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(url)._replace(path=f"/{quote(name)}"))


def bench_database(postgres: str | None, work: str, *, reuse: bool) -> str:
    """The database URL of the search and inbox benchmarks: the articles'
    database on the PostgreSQL server of ``postgres``, else a SQLite file in
    the folder ``work``."""
    if postgres:
        return postgres_database(postgres, "doingoai_bench_articles", reuse=reuse)
    return f"sqlite:///{work}/bench.sqlite3"


def _field(value: Any) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def _line(values: tuple[Any, ...]) -> str:
    return "\t".join(map(_field, values)) + "\n"


def _batch(first: int, last: int, seed: int) -> tuple[int, str, str, str, Counter[str]]:
    """COPY text of raw documents, articles and index rows of articles
    first..last-1 (ids first+1..last), and their vocabulary counts."""
    from doingoai.store.search.entries import bucket_lexemes, index_text

    docs = _docs
    rng = random.Random(seed * 1_000_003 + first)
    raws, arts, index = io.StringIO(), io.StringIO(), io.StringIO()
    vocab: Counter[str] = Counter()
    for i in range(first, last):
        pk = i + 1
        code, topic, head, paras = docs[i % len(docs)]
        body = "\n\n".join(list(paras[:2]) + [rng.choice(rng.choice(docs)[3]) for _ in range(3)])
        title = head if i < len(docs) else f"{head} (kỳ {i // len(docs) + 1})"
        outlet_id, domain = _outlets[code]
        url = f"https://{domain}/bai-{i}.html"
        published = (_START + timedelta(hours=(i * 7919) % (2 * 365 * 24))).isoformat()
        created = (_START + timedelta(days=800, seconds=i)).isoformat()
        entities = json.dumps(
            [{"kind": k, "text": t} for k, t in rng.sample(_POOL, 3)], ensure_ascii=False
        )
        raws.write(_line((pk, f"{i:064x}", url, "", created, "{}", "", 0, "\\x", "", "", created)))
        empty = ("[]",) * 8  # paragraphs .. warnings, as bulk_create leaves them
        arts.write(
            _line(
                (
                    *(pk, url, title, "", body, *empty, entities, published, "vi", topic),
                    *(None, 0, f"{i:040x}", created, created, None, outlet_id, pk, "[]", None),
                )
            )
        )
        text = index_text(title, body)
        terms = text.terms + " " + bucket_lexemes(pk)
        index.write(
            _line((pk, text.tsvector, terms, text.tokens, "vi", outlet_id, topic, published))
        )
        vocab.update(text.vocabulary)
    return last - first, raws.getvalue(), arts.getvalue(), index.getvalue(), vocab


def _batch_args(args: tuple[int, int, int]) -> tuple[int, str, str, str, Counter[str]]:
    return _batch(*args)


_RAW_COLUMNS = (
    "id, sha256, url, source, fetched_at, headers, content_type, size, compressed, "
    "encoding_detected, encoding_converted_from, created_at"
)
_ARTICLE_COLUMNS = (
    "id, url, title, lead, body, paragraphs, subheadings, captions, images, authors, tags, "
    "related, warnings, entities, published_at, language, topic, topic_score, words, "
    "fingerprint, created_at, updated_at, cluster_id, outlet_id, raw_id, minhash, unit_id"
)
_INDEX_COLUMNS = "article_id, vec, terms, tokens, language, outlet_id, topic, published_at"


def built(n: int) -> bool:
    """Whether the database holds the corpus of ``n`` articles, indexed."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT (SELECT count(*) FROM store_article), (SELECT count(*) FROM search_document)"
        )
        return tuple(cur.fetchone()) == (n, n)


def build(n: int, docs: list[tuple[str, str, str, list[str]]], outlets: dict[str, Any], *,
          workers: int = 2, seed: int = 11) -> dict[str, float]:  # fmt: skip
    """Write ``n`` articles into the (migrated, empty) database; return the
    seconds each step took."""
    from django.db import connection, connections

    from doingoai.store.models import Outlet

    global _docs, _outlets
    _docs = docs
    _outlets = {
        code: (
            Outlet.objects.get_or_create(domain=domain, defaults={"name": name})[0].pk,
            domain,
        )
        for code, (domain, name) in outlets.items()
    }
    steps: dict[str, float] = {}
    with connection.cursor() as cur:
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [list(_TABLES)],
        )
        secondary = cur.fetchall()
        for name, _sql in secondary:
            cur.execute(f'DROP INDEX "{name}"')
    connections.close_all()  # the worker processes must not share the connection

    t0 = time.perf_counter()
    vocab: Counter[str] = Counter()
    tasks = [(first, min(n, first + BATCH), seed) for first in range(0, n, BATCH)]
    done = 0
    pool = multiprocessing.get_context("fork").Pool(workers)
    with pool, connection.cursor() as wrapper:
        cur = wrapper.cursor
        cur.execute("SET session_replication_role = replica")
        for count, raws, arts, index, counts in pool.imap(_batch_args, tasks):
            for table, columns, data in (
                ("store_rawdocument", _RAW_COLUMNS, raws),
                ("store_article", _ARTICLE_COLUMNS, arts),
                ("search_document", _INDEX_COLUMNS, index),
            ):
                with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    copy.write(data)
            vocab.update(counts)
            done += count
            rate = done / (time.perf_counter() - t0)
            print(f"\r  copied {done:,}/{n:,} ({rate:,.0f} articles/s)", end="", flush=True)
        print()
        steps["articles and index rows"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        lines = "".join(_line((*key.split("\t", 1), count)) for key, count in sorted(vocab.items()))
        with cur.copy("COPY search_vocab (folded, form, n) FROM STDIN") as copy:
            copy.write(lines)
        cur.execute("SET session_replication_role = DEFAULT")
        steps[f"vocabulary ({len(vocab):,} forms)"] = time.perf_counter() - t1
    with connection.cursor() as cur:
        t2 = time.perf_counter()
        for name, sql in secondary:
            print(f"  index {name}", flush=True)
            cur.execute(sql)
        steps[f"{len(secondary)} indexes made again"] = time.perf_counter() - t2
        for table in ("store_rawdocument", "store_article"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        t3 = time.perf_counter()
        for table in (*_TABLES, "search_vocab"):
            cur.execute(f"VACUUM ANALYZE {table}")
        steps["vacuum analyze"] = time.perf_counter() - t3
    return steps
