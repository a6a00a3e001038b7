"""A batch of documents stored together gives the database storing them one by one gives.

The rows, band keys, clusters (exact and near duplicates, within the batch and
across batches) and search index entries are compared on 300 VNTC texts with
duplicates made by editing copies; a document that fails in the middle of a
batch fails alone and leaves nothing of itself behind.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from doingoai.collect import RawDocument
from doingoai.enrich import dedupe
from doingoai.enrich.enricher import Enricher
from doingoai.enrich.prepare import Prepared, prepare
from doingoai.errors import InputError
from doingoai.store import ingest as ingest_module
from doingoai.store.ingest import StoreResult
from doingoai.store.models import Article, Cluster, MinHashBand
from doingoai.store.models import RawDocument as StoredRaw
from doingoai.store.search import indexer
from doingoai.store.search.backends import backend_for

pytestmark = pytest.mark.django_db

FAST = Enricher(entities=False, topics=False)


def _raw(text: str, source: str, url: str = "") -> RawDocument:
    return RawDocument(
        data=text.encode("utf-8"),
        url=url,
        source=source,
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        headers={},
        content_type="text/plain",
    )


def _corpus(shared_data: Path, n: int) -> list[RawDocument]:
    """``n`` VNTC texts, then copies of some of them: the same text again with a
    line of its own (exact or near duplicates), a paragraph dropped, two texts
    run together (a copy that bridges two clusters), in a mixed order."""
    lines = (shared_data / "topics" / "vntc_test_dev.jsonl").read_text("utf-8").splitlines()
    texts = [t for t in (json.loads(line)["text"] for line in lines) if t.count("\n") >= 3][:n]
    rng = random.Random(13)
    docs = [(f"vntc-{i:03d}.txt", t) for i, t in enumerate(texts)]
    copies: list[tuple[str, str]] = []
    for i in rng.sample(range(n), n // 5):
        head, *paragraphs = texts[i].split("\n")
        kind = i % 4
        if kind == 0:  # the same article, other bytes (a trailing blank line)
            copies.append((f"copy-{i:03d}-same.txt", texts[i] + "\n\n"))
        elif kind == 1:  # another outlet's version: a line of its own
            copies.append((f"copy-{i:03d}-line.txt", texts[i] + "\nTheo phóng viên thường trú."))
        elif kind == 2:  # a paragraph dropped
            shorter = paragraphs[:1] + paragraphs[2:]
            copies.append((f"copy-{i:03d}-cut.txt", "\n".join([head, *shorter])))
        else:  # two articles run together
            other = texts[(i + 1) % n].split("\n", 1)[1]
            copies.append((f"copy-{i:03d}-both.txt", texts[i] + "\n" + other))
    mixed = docs + copies
    rng.shuffle(mixed)
    # a copy before its original in places, and the same bytes twice (one stored)
    mixed.append((f"again-{mixed[0][0]}", mixed[0][1]))
    return [_raw(text, source) for source, text in mixed]


def _prepared(docs: list[RawDocument]) -> list[tuple[RawDocument, Prepared]]:
    out = []
    for doc in docs:
        prepared = prepare(doc, enricher=FAST)
        assert isinstance(prepared, Prepared), (doc.source, prepared)
        out.append((doc, prepared))
    return out


def _snapshot(outcomes: list[str]) -> dict[str, Any]:
    """What is stored, named by the documents' sources (ids differ between runs)."""
    source = dict(Article.objects.values_list("id", "raw__source"))
    clusters = []
    for cluster in Cluster.objects.all():
        members = sorted(source[pk] for pk in cluster.members.values_list("id", flat=True))
        clusters.append((members, source.get(cluster.canonical_id or 0)))
    with connection.cursor() as cursor:
        indexed = backend_for(connection).stored(cursor, sorted(source))
        cursor.execute("SELECT folded, form, n FROM search_vocab ORDER BY folded, form")
        vocabulary = [tuple(row) for row in cursor.fetchall()]
    bands: dict[str, list[str]] = {}
    for key, pk in MinHashBand.objects.values_list("key", "article_id"):
        bands.setdefault(source[pk], []).append(key)
    return {
        "outcomes": outcomes,
        "raw": sorted(StoredRaw.objects.values_list("source", "sha256", "size")),
        "articles": sorted(
            Article.objects.values_list("raw__source", "title", "body", "words", "fingerprint")
        ),
        "clusters": sorted(clusters),
        "bands": {s: sorted(keys) for s, keys in bands.items()},
        "index": sorted((source[d.article_id], d.text.title, d.text.body) for d in indexed),
        "vocabulary": vocabulary,
    }


class _Undo(Exception):
    pass


def _stored_by(store: Callable[[], list[StoreResult]]) -> dict[str, Any]:
    """The snapshot of what ``store`` stores, rolled back afterwards."""
    snapshot: dict[str, Any] = {}
    try:
        with transaction.atomic():
            snapshot = _snapshot([r.outcome for r in store()])
            raise _Undo
    except _Undo:
        pass
    return snapshot


def _one_by_one(items: list[tuple[RawDocument, Prepared]]) -> list[StoreResult]:
    return [ingest_module._save_one(raw, prepared) for raw, prepared in items]


def _in_batches(items: list[tuple[RawDocument, Prepared]], size: int = 64) -> list[StoreResult]:
    out: list[StoreResult] = []
    for i in range(0, len(items), size):
        out.extend(ingest_module._save_batch(items[i : i + size]))
    return out


def test_batches_store_what_one_by_one_stores(shared_data: Path) -> None:
    items = _prepared(_corpus(shared_data, 300))
    before = _stored_by(lambda: _one_by_one(items))
    after = _stored_by(lambda: _in_batches(items))
    assert after == before
    # the corpus is what it is meant to be: duplicates found, clusters bridged
    assert before["outcomes"].count("new") > 250
    assert before["outcomes"].count("duplicate") >= 40
    assert len(before["raw"]) == len(items) - 1  # the same bytes twice are stored once
    assert any(len(members) >= 3 for members, _ in before["clusters"])
    assert len(before["index"]) == len(before["articles"])
    assert all(len(keys) == dedupe.NUM_BANDS for keys in before["bands"].values())


def test_an_article_stored_under_the_same_url_is_updated_in_a_batch(shared_data: Path) -> None:
    items = _prepared(
        [
            _raw(
                "Hà Nội mở phố đi bộ\nPhố đi bộ mới mở cửa vào cuối tuần này.",
                "a",
                "https://x.vn/1",
            ),
            _raw("Lễ hội áo dài\nLễ hội áo dài khai mạc tại Hà Nội.", "b"),
            _raw(
                "Hà Nội mở phố đi bộ\nPhố đi bộ mới đón khách từ tối thứ Sáu.",
                "c",
                "https://x.vn/1",
            ),
        ]
    )
    before = _stored_by(lambda: _one_by_one(items))
    after = _stored_by(lambda: _in_batches(items))
    assert after == before
    assert after["outcomes"] == ["new", "new", "updated"]


def test_a_document_failing_mid_batch_fails_alone_and_leaves_nothing(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _prepared(_corpus(shared_data, 40))[:30]
    bad_raw = items[12][0]
    expected = _stored_by(lambda: _one_by_one(items[:12] + items[13:]))
    original = indexer.document

    def refuses_one(article: Article, *args: Any) -> Any:
        if article.raw.source == bad_raw.source:
            raise InputError("cannot index this article", source=bad_raw.source)
        return original(article, *args)

    # the failure comes when the batch's rows, bands and clusters are stored already
    monkeypatch.setattr(indexer, "document", refuses_one)
    results = ingest_module._save_batch(items)
    assert [r.outcome for r in results].count("failed") == 1
    assert results[12].outcome == "failed" and bad_raw.source in results[12].reason
    outcomes = [r.outcome for i, r in enumerate(results) if i != 12]
    assert _snapshot(outcomes) == expected
    # nothing of the failing document: no bytes, no article, no bands (and, compared
    # above, no index entry or vocabulary count of its own)
    assert not StoredRaw.objects.filter(sha256=bad_raw.sha256).exists()
    assert not Article.objects.filter(raw__source=bad_raw.source).exists()
    assert MinHashBand.objects.count() == 29 * dedupe.NUM_BANDS
