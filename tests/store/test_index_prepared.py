"""The search index entry made while a document is prepared is the one made from
the stored article: the same index rows, vocabulary counts and search results.

Ingest works out an article's index entry (tokens, folded tokens, vocabulary,
PostgreSQL's tsvector text) in the worker processes that prepare documents, and
the process that stores them only inserts it. Compared here: the entry against
the index as it was computed from the tokens before (the tsvector text by the
former function, kept below), and the database tables after storing VNTC texts
one by one with the entry made from each stored article, and in batches with
the entries made in worker processes (on SQLite and, in the PostgreSQL pass,
on PostgreSQL).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from doingoai.collect import RawDocument
from doingoai.enrich.enricher import Enricher
from doingoai.enrich.prepare import NotPrepared, Prepared, PreparePool
from doingoai.store import ingest as ingest_module
from doingoai.store import search
from doingoai.store.models import Article, Outlet
from doingoai.store.search import indexer, terms
from doingoai.store.search.entries import IndexText, index_text

FAST = Enricher(entities=False, topics=False)


def _former_tsvector(title: Sequence[str], body: Sequence[str]) -> str:
    """The tsvector text as the PostgreSQL backend built it from the tokens
    before it was made with the rest of the preparation."""
    positions: dict[str, list[str]] = {}

    def add(lexeme: str, pos: str) -> None:
        seen = positions.setdefault(lexeme, [])
        if len(seen) < 256 and (not seen or seen[-1] != pos):
            seen.append(pos)

    for i, tok in enumerate(title, start=1):
        pos = f"{min(i, 16383)}A"
        add(tok, pos)
        add("~" + terms.folded(tok), pos)
    offset = len(title) + 2
    for i, tok in enumerate(body, start=offset):
        pos = str(min(i, 16383))
        add(tok, pos)
        add("~" + terms.folded(tok), pos)
    return " ".join(
        "'" + lex.replace("\\", "\\\\").replace("'", "''") + "':" + ",".join(pos)
        for lex, pos in positions.items()
    )


def _vntc(shared_data: Path, n: int) -> list[str]:
    lines = (shared_data / "topics" / "vntc_test_dev.jsonl").read_text("utf-8").splitlines()
    return [t for t in (json.loads(line)["text"] for line in lines) if t.count("\n") >= 3][:n]


ODD = [
    ("Hoà bình, thuỷ lợi và uỷ ban", "Hòa bình; thủy lợi — ủy ban. Hoà BÌNH!"),
    ("Giá 2.350 đồng/kg", "Năm 2026 có 12 tháng; COVID-19 và H5N1, 1,5 tỷ USD."),
    ("O'Brien và \\n", "Tên O'Brien, dấu \\ và 'nháy' trong bài; e-mail a_b@x.vn"),
    ("", "Chỉ có thân bài, không có tiêu đề."),
    ("Một từ", ""),
    # past tsvector's last position (16383) and past 256 positions of one lexeme
    (
        "Hà Nội",
        " ".join(["Hà Nội đẹp lắm"] * 300 + [f"mục{i}" for i in range(17000)] + ["cuối"] * 3),
    ),
]


def test_the_entry_is_the_index_of_the_tokens(shared_data: Path) -> None:
    cases = ODD + [tuple(t.split("\n", 1)) for t in _vntc(shared_data, 150)]
    for title, body in cases:
        entry = index_text(title, body)
        title_tokens = [terms.exact(w) for w in terms.words(title)]
        body_tokens = [terms.exact(w) for w in terms.words(body)]
        assert entry.title == " ".join(title_tokens)
        assert entry.body == " ".join(body_tokens)
        assert entry.title_folded == " ".join(terms.folded(t) for t in title_tokens)
        assert entry.body_folded == " ".join(terms.folded(t) for t in body_tokens)
        assert entry.tokens == entry.title + "\n" + entry.body
        vocabulary = terms.vocabulary((title_tokens, body_tokens))
        assert sorted(entry.vocabulary) == sorted(f"{f}\t{form}" for f, form in vocabulary)
        assert entry.tsvector == _former_tsvector(title_tokens, body_tokens)
        # made without its tsvector text (an ingest into SQLite), the entry
        # makes the same one from its tokens when asked
        bare = index_text(title, body, vector=False)
        assert bare.vector_text is None and bare.terms_text is None
        assert bare.tsvector == entry.tsvector
        assert bare.terms == entry.terms
        # the terms vector: every word, exact and folded, and every pair of
        # adjacent words of a field, never a pair across the title and the body
        # up to the positional vector's last position (16383; the body's first
        # token stands at len(title) + 2)
        want = set()
        for tokens, start in ((title_tokens, 1), (body_tokens, len(title_tokens) + 2)):
            flat = [terms.folded(t) for t in tokens]
            want |= set(tokens) | {"~" + f for f in flat}
            paired = [t for i, t in enumerate(tokens) if start + i < 16383]
            want |= {f"{a} {b}" for a, b in itertools.pairwise(paired)}
            want |= {f"~{a} {b}" for a, b in itertools.pairwise(map(terms.folded, paired))}
        lexemes = [x[1:-1].replace("''", "'") for x in re.findall(r"'(?:[^']|'')*'", entry.terms)]
        assert sorted(lexemes) == sorted(want)
        assert entry.matches(title, body)
        assert not entry.matches(title + " nữa", body)
        assert not entry.matches(title, body + ".")
    # the odd cases are what they are meant to be
    assert index_text("Hoà", "").title == index_text("Hòa", "").title == "hòa"
    long_one = index_text(*ODD[-1])
    assert len(long_one.body.split()) == 18203
    assert "'cuối':16383 " in long_one.tsvector  # three words at the last position: once
    assert long_one.tsvector.startswith("'hà':1A,4,8,")
    assert long_one.tsvector.split(" ", 1)[0].count(",") == 255
    # "mục15178" stands at position 16382, "mục15179" at the last one
    assert "'mục15177 mục15178'" in long_one.terms
    assert "'mục15178 mục15179'" not in long_one.terms
    assert "'mục15179'" in long_one.terms  # its words are all there


def _raw(text: str, source: str, url: str = "") -> RawDocument:
    return RawDocument(
        data=text.encode("utf-8"),
        url=url,
        source=source,
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        headers={},
        content_type="text/plain",
    )


def _prepared_in_workers(docs: list[RawDocument]) -> list[tuple[RawDocument, Prepared]]:
    """Each document prepared in one of two worker processes (as ingest does)."""
    out = []
    with PreparePool(2, FAST, min_batch=2) as pool:
        for doc, raw, prepared in pool.map((d, d, None) for d in docs):
            assert pool.started
            assert raw is doc and isinstance(prepared, Prepared), (doc.source, prepared)
            out.append((doc, prepared))
    return out


_QUERIES = ["Hà Nội", "ha noi", '"kinh tế"', "chính phủ", "bóng đá", "thue", "Đảng -Hà"]


def _tables() -> dict[str, Any]:
    """The search index's tables and some searches, named by the documents' sources."""
    source = dict(Article.objects.values_list("id", "raw__source"))
    outlets = dict(Outlet.objects.values_list("id", "name"))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT article_id, vec::text, tokens, language, outlet_id, topic, published_at "
                "FROM search_document"
            )
            rows = cursor.fetchall()
            documents = sorted(
                (source[r[0]], r[1], r[2], r[3], outlets.get(r[4]), r[5], r[6]) for r in rows
            )
            meta: list[Any] = []
        else:
            cursor.execute("SELECT rowid, title, body, title_f, body_f FROM search_fts")
            documents = sorted((source[r[0]], *r[1:]) for r in cursor.fetchall())
            cursor.execute("SELECT id, language, outlet_id, topic, published_at FROM search_meta")
            meta = sorted(
                (source[r[0]], r[1], outlets.get(r[2]), r[3], r[4]) for r in cursor.fetchall()
            )
        cursor.execute("SELECT folded, form, n FROM search_vocab ORDER BY folded, form")
        vocabulary = [tuple(row) for row in cursor.fetchall()]
    found = {}
    for query in _QUERIES:
        result = search.search(query, limit=30, accents="any")
        found[query] = (result.total, [(source[h.article_id], h.exact) for h in result.hits])
    return {"documents": documents, "meta": meta, "vocabulary": vocabulary, "search": found}


class _Undo(Exception):
    pass


def _stored_by(store: Callable[[], object]) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    try:
        with transaction.atomic():
            store()
            tables = _tables()
            raise _Undo
    except _Undo:
        pass
    return tables


@pytest.mark.django_db
def test_entries_made_in_workers_give_the_index_of_the_stored_articles(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _vntc(shared_data, 150)
    docs = [_raw(t, f"vntc-{i:03d}.txt") for i, t in enumerate(texts)]
    docs += [_raw(texts[i] + "\n", f"copy-{i:03d}.txt") for i in range(0, 150, 10)]
    docs += [_raw(f"{title}\n{body}", f"odd-{i}.txt") for i, (title, body) in enumerate(ODD[:3])]
    items = _prepared_in_workers(docs)
    assert all(isinstance(p.index, IndexText) for _, p in items)

    # before: one document at a time, the entry made from each stored article
    def one_by_one() -> None:
        for raw, prepared in items:
            ingest_module._save_one(raw, dataclasses.replace(prepared, index=None))

    before = _stored_by(one_by_one)

    # now: in batches, the entries the workers made, none made again
    made_here: list[str] = []
    original = indexer.index_text

    def counted(title: str, body: str) -> IndexText:
        made_here.append(title)
        return original(title, body)

    monkeypatch.setattr(indexer, "index_text", counted)

    def in_batches() -> None:
        for i in range(0, len(items), 64):
            ingest_module._save_batch(items[i : i + 64])

    after = _stored_by(in_batches)
    assert made_here == []
    assert after == before
    assert len(before["documents"]) == len(docs)
    assert before["vocabulary"] and all(n > 0 for _, _, n in before["vocabulary"])
    assert before["search"]["Hà Nội"][0] > 10
    assert before["search"]["ha noi"][1][0][1]  # the unaccented query read with its accents


@pytest.mark.django_db
def test_an_entry_not_made_from_the_stored_text_is_made_again() -> None:
    doc = _raw("Hà Nội mở phố đi bộ\nPhố đi bộ mới mở cửa vào cuối tuần này.", "a.txt")
    prepared = ingest_module.prepare(doc, enricher=FAST)
    assert not isinstance(prepared, NotPrepared)
    # the article changed after it was prepared: its entry no longer fits it
    prepared.article.title = "Lễ hội áo dài khai mạc"
    other = _raw("Lễ hội hoa\nHoa đào nở khắp phố.", "b.txt")
    prepared_other = ingest_module.prepare(other, enricher=FAST)
    assert isinstance(prepared_other, Prepared)
    results = ingest_module._save_batch([(doc, prepared), (other, prepared_other)])
    assert [r.outcome for r in results] == ["new", "new"]
    assert [h.title for h in search.search("áo dài").hits] == ["Lễ hội áo dài khai mạc"]
    assert search.search('"mở phố"').total == 0
    assert search.search("hoa đào").total == 1


@pytest.mark.parametrize("vector", [False, True])
def test_the_pool_makes_the_vector_only_when_asked(shared_data: Path, vector: bool) -> None:
    """An ingest into SQLite, which keeps no tsvector, has the worker processes
    (and this process, for a small batch) leave its text out: a third of the
    cost of an index entry."""
    texts = _vntc(shared_data, 6)
    jobs = [(i, _raw(text, f"doc{i}.txt"), None) for i, text in enumerate(texts)]
    for workers in (1, 2):
        with PreparePool(workers, FAST, vector=vector, min_batch=2) as pool:
            results = [r for _, _, r in pool.map(jobs)]
        assert all(isinstance(r, Prepared) for r in results)
        made = [r.index.vector_text is not None for r in results if isinstance(r, Prepared)]
        assert made == [vector] * len(texts)


def test_the_terms_of_a_long_article_stay_within_postgresqls_limit() -> None:
    """12,000 distinct tokens of 31–35 characters: their pairs would take the
    terms vector past the 1,048,575 bytes PostgreSQL allows a tsvector; the
    pairs are left out from the end, every word is kept."""
    tokens = [f"{chr(97 + i % 26) * 30}{i}" for i in range(12000)]
    entry = index_text("", " ".join(tokens))
    lexemes = [x[1:-1] for x in re.findall(r"'(?:[^']|'')*'", entry.terms)]
    assert sum(len(x.encode("utf-8")) for x in lexemes) <= 1_048_575 - 100  # room for the blocks
    assert set(tokens) <= set(lexemes) and {"~" + t for t in tokens} <= set(lexemes)
    assert f"{tokens[0]} {tokens[1]}" in lexemes  # the first pairs are kept
    assert f"{tokens[-2]} {tokens[-1]}" not in lexemes
    # an article of ordinary length keeps every pair
    short = index_text("", " ".join(tokens[:100]))
    assert f"~{tokens[98]} {tokens[99]}" in short.terms
