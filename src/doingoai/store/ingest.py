"""Ingest: raw documents → extracted, deduplicated, enriched, indexed articles.

Each document is stored all or nothing, together with its search index
entries and duplicate-cluster links, so an interrupted ingest (Ctrl-C,
``kill -9``) leaves a consistent database; a second run skips what is already
stored (by URL before fetching, by sha256 of the bytes after) and so picks up
where the first stopped. Documents are stored in batches (a few statements
for the rows, band keys, clustering candidates and search index entries of
a whole batch, one commit), and a batch that cannot be stored whole is
stored again one document at a time.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

from django.db import DatabaseError, connection, transaction
from django.db.models.functions import Length
from django.db.models.signals import post_save
from django.utils import timezone

from doingoai.collect import Failure, Fetcher, RawDocument, collect, looks_like_list_page
from doingoai.config import get_setting
from doingoai.enrich import dedupe
from doingoai.enrich.enricher import Enricher
from doingoai.enrich.prepare import NotPrepared, Prepared, PreparePool, cpu_count, prepare
from doingoai.errors import ConfigError, DoingoaiError
from doingoai.extract import Article as ExtractedArticle
from doingoai.store import search
from doingoai.store.cluster import cluster_address, cluster_documents
from doingoai.store.models import Article, Cluster, IngestRun, MinHashBand, Outlet
from doingoai.store.models import RawDocument as StoredRaw
from doingoai.store.outlets import resolve_outlet

LOG = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = [
    "IngestReport",
    "Outcome",
    "ingest",
    "ingest_workers",
    "mark_interrupted_runs",
    "store_document",
]

Outcome = Literal["new", "duplicate", "updated", "failed"]


@dataclass(slots=True)
class IngestReport:
    new: int = 0
    duplicate: int = 0
    updated: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    run_id: int | None = None

    @property
    def total(self) -> int:
        return self.new + self.duplicate + self.updated + len(self.failed)

    def count(self, outcome: Outcome) -> None:
        if outcome == "new":
            self.new += 1
        elif outcome == "duplicate":
            self.duplicate += 1
        elif outcome == "updated":
            self.updated += 1

    def as_dict(self) -> dict[str, object]:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "updated": self.updated,
            "failed": len(self.failed),
            "seconds": round(self.seconds, 2),
        }


@dataclass(slots=True)
class StoreResult:
    outcome: Outcome
    article: Article | None = None
    reason: str = ""


def ingest_workers(workers: int | None = None) -> int:
    """How many processes prepare documents: ``workers``, else the setting
    DOINGOAI_INGEST_WORKERS ("auto": one per CPU)."""
    if workers is None:
        value = get_setting("INGEST_WORKERS").strip().lower()
        if value in {"", "auto"}:
            return cpu_count()
        try:
            workers = int(value)
        except ValueError as err:
            raise ConfigError(
                f"setting DOINGOAI_INGEST_WORKERS must be a number or 'auto', not {value!r}"
            ) from err
    if workers < 1:
        raise ConfigError(f"ingest workers must be at least 1, not {workers}")
    return workers


@dataclass(slots=True)
class _Job:
    name: str
    result: StoreResult | None = None  # known before any preparation


def ingest(
    sources: Iterable[str],
    *,
    fetcher: Fetcher | None = None,
    enricher: Enricher | None = None,
    on_item: Callable[[str, StoreResult], None] | None = None,
    overrides: Callable[[RawDocument], dict[str, object]] | None = None,
    workers: int | None = None,
    cluster: str | None = None,
) -> IngestReport:
    """Collect every source and store what it yields; failures are reported, not raised.

    Extraction and enrichment run in ``workers`` processes (default: the
    setting DOINGOAI_INGEST_WORKERS; 1 runs everything in this process);
    this process checks each document against the database first (same
    bytes stored already, a list page) and stores the prepared documents in
    the order they were collected, one transaction each. Workers start
    only for a batch of a few documents or more. A script that calls this
    with workers needs the ``if __name__ == "__main__":`` guard (worker
    processes import the main script; without the guard they run it again,
    and the batch goes on in this process alone).

    With ``cluster`` (a Dask scheduler address, default: the setting
    DOINGOAI_INGEST_CLUSTER, "" for none), collection, extraction and
    enrichment run on the cluster's workers instead
    (:mod:`doingoai.store.cluster`) and this process stores the results as
    they come back, in the order the workers finish them.
    """
    sources = list(sources)
    address = cluster_address(cluster)
    workers = 1 if address else ingest_workers(workers)
    report = IngestReport()
    mark_interrupted_runs()
    run = IngestRun.objects.create(sources=[_shown(s) for s in sources])
    report.run_id = run.pk
    enricher = enricher or Enricher()
    started = time.perf_counter()
    last_beat = -_HEARTBEAT_SECONDS

    def heartbeat() -> None:
        """Keep the run's counts current in the run log (and show it alive)."""
        nonlocal last_beat
        now = time.perf_counter()
        if now - last_beat >= _HEARTBEAT_SECONDS:
            last_beat = now
            report.seconds = now - started
            run.counts = report.as_dict()
            run.failures = [{"source": s, "reason": r} for s, r in report.failed[:1000]]
            run.save(update_fields=["counts", "failures"])

    def already_have(url: str) -> bool:
        return StoredRaw.objects.filter(url=url).exists()

    def jobs() -> Iterator[tuple[_Job, RawDocument | None, dict[str, object] | None]]:
        collected = collect(sources, fetcher=fetcher, skip_url=already_have)
        for chunk in _gathered(collected, _CHECK_DOCUMENTS, _CHECK_SECONDS):
            # the bytes already stored, looked up for the whole chunk at once
            have = _stored_shas(item.sha256 for item in chunk if not isinstance(item, Failure))
            for item in chunk:
                if isinstance(item, Failure):
                    failed = StoreResult("failed", reason=_shown(item.reason))
                    yield _Job(_shown(item.source), failed), None, None
                    continue
                name = item.url or item.source
                if _shown(name) != name or _shown(item.source) != item.source:
                    reason = (
                        "the file name is not valid UTF-8 (its bytes are shown as \\x escapes); "
                        "rename it to store it"
                    )
                    yield _Job(_shown(name), StoreResult("failed", reason=reason)), None, None
                    continue
                early = _check(item, have)
                if early is not None:
                    yield _Job(name, early), None, None
                else:
                    yield _Job(name), item, overrides(item) if overrides else None

    def cluster_jobs() -> Iterator[tuple[_Job, RawDocument | None, Prepared | NotPrepared | None]]:
        items = cluster_documents(sources, address=address, enricher=enricher, overrides=overrides)
        for name, item, prepared, reason in items:
            if item is None:
                yield _Job(_shown(name), StoreResult("failed", reason=_shown(reason))), None, None
                continue
            if _shown(name) != name or _shown(item.source) != item.source:
                reason = (
                    "the file name is not valid UTF-8 (its bytes are shown as \\x escapes); "
                    "rename it to store it"
                )
                yield _Job(_shown(name), StoreResult("failed", reason=reason)), None, None
                continue
            early = _check(item)
            yield _Job(name, early), item, prepared

    status = "interrupted"  # unless the loop ends (Ctrl-C, an error it does not catch)

    def stored(results: list[tuple[_Job, StoreResult]]) -> None:
        for job, result in results:
            if result.outcome == "failed":
                report.failed.append((job.name, result.reason))
            else:
                report.count(result.outcome)
            heartbeat()
            if on_item:
                on_item(job.name, result)

    try:
        # SQLite keeps no tsvector: the entries are made without its text
        vector = connection.vendor == "postgresql"
        pool = PreparePool(workers, enricher, vector=vector)
        with pool, _fewer_checkpoints(), _Batches() as batch:
            stream = cluster_jobs() if address else pool.map(jobs())
            for job, raw, prepared in stream:
                stored(batch.add(job, raw, prepared))
            stored(batch.flush())
        status = "done"
    finally:
        report.seconds = time.perf_counter() - started
        run.finished_at = timezone.now()
        run.counts = report.as_dict()
        run.failures = [{"source": s, "reason": r} for s, r in report.failed[:1000]]
        run.status = status
        run.save()
        LOG.info(
            "ingest run %s %s: %s in %.1f s",
            run.pk,
            status,
            report.as_dict(),
            report.seconds,
            extra={"run": run.pk, "status": status, "seconds": round(report.seconds, 2)}
            | {f"count_{k}": v for k, v in report.as_dict().items() if isinstance(v, int)},
        )
    return report


#: seconds between two saves of a running ingest's counts
_HEARTBEAT_SECONDS = 1.0
#: a run still "running" this long after its last save was killed (kill -9, power cut)
STALE_RUN_SECONDS = 15 * 60


def mark_interrupted_runs(*, stale_after: float = STALE_RUN_SECONDS) -> int:
    """Mark "interrupted" the runs left "running" by an ingest that died without
    finishing (``kill -9``, a power cut): those whose counts were last saved more
    than ``stale_after`` seconds ago. A run saves its counts after every document
    (at most once a second), so a live one, even a slow one, is left alone.
    Called when an ingest starts; returns how many runs were marked."""
    now = timezone.now()
    marked = 0
    for run in IngestRun.objects.filter(status="running"):
        seconds = run.counts.get("seconds", 0) if isinstance(run.counts, dict) else 0
        alive_at = run.started_at + timedelta(seconds=float(seconds or 0))
        if (now - alive_at).total_seconds() > stale_after:
            updated = IngestRun.objects.filter(pk=run.pk, status="running").update(
                status="interrupted", finished_at=alive_at
            )
            marked += updated
    return marked


def _shown(name: str) -> str:
    """``name`` as text that can be stored and printed: a file name that is not
    valid UTF-8 (undecodable bytes kept by Python as surrogates) gets its bytes
    as ``\\xff`` escapes."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a lone surrogate that stands for no byte
            return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return name


#: documents stored in one commit at most, and the longest a commit waits (seconds)
BATCH_DOCUMENTS = 64
BATCH_SECONDS = 0.5


class _Batches:
    """Stores documents in batches: up to ``BATCH_DOCUMENTS`` documents, or what
    came in ``BATCH_SECONDS`` seconds, stored together (:func:`_save_batch`: their
    rows, band keys, clusters and search index entries in a few statements) and
    committed at once.

    Each document is still stored all or nothing: a batch that cannot be stored
    whole is stored again one document at a time, each in its own savepoint (a
    document that fails leaves no trace and the others are kept). Results are
    handed back once their batch is stored. Leaving the block on an exception
    (Ctrl-C, an error) commits what was stored and drops the documents not yet
    stored; a process killed outright (``kill -9``) loses at most the last
    batch. The next run stores those again. A commit per document was a third
    of the time the storing side took.
    """

    def __init__(self) -> None:
        self._atomic: transaction.Atomic | None = None
        self._pending: list[tuple[_Job, RawDocument | None, Prepared | NotPrepared | None]] = []
        self._opened = 0.0

    def __enter__(self) -> _Batches:
        self._open()
        return self

    def _open(self) -> None:
        self._opened = time.perf_counter()
        if connection.in_atomic_block:  # the caller's transaction decides
            return
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def _commit(self) -> None:
        if self._atomic is not None:
            atomic, self._atomic = self._atomic, None
            atomic.__exit__(None, None, None)

    def add(
        self, job: _Job, raw: RawDocument | None, prepared: Prepared | NotPrepared | None
    ) -> list[tuple[_Job, StoreResult]]:
        """One more document; the results of a batch when it is full or old, else []."""
        self._pending.append((job, raw, prepared))
        if (
            len(self._pending) >= BATCH_DOCUMENTS
            or time.perf_counter() - self._opened >= BATCH_SECONDS
        ):
            return self.flush()
        return []

    def flush(self) -> list[tuple[_Job, StoreResult]]:
        """Store the pending documents, commit them, and return their results in order."""
        pending, self._pending = self._pending, []
        results: list[StoreResult | None] = []
        to_store: list[tuple[RawDocument, Prepared]] = []
        for job, raw, prepared in pending:
            result = job.result
            if result is None and isinstance(prepared, NotPrepared):
                result = StoreResult("failed", reason=prepared.reason)
            elif result is None:
                assert raw is not None and isinstance(prepared, Prepared)
                to_store.append((raw, prepared))
            results.append(result)
        saved = iter(_save_batch(to_store))
        out = [
            (job, r if r is not None else next(saved))
            for (job, _, _), r in zip(pending, results, strict=True)
        ]
        if self._atomic is not None:
            self._commit()
            self._open()
        else:
            self._opened = time.perf_counter()
        return out

    def __exit__(self, *exc: object) -> None:
        # committed even on an exception: each document's savepoint has already
        # been released whole or rolled back whole; what is pending is dropped
        self._pending = []
        self._commit()


#: WAL pages between two automatic checkpoints during an ingest (SQLite's default: 1000)
_INGEST_CHECKPOINT_PAGES = 10_000


@contextmanager
def _fewer_checkpoints() -> Iterator[None]:
    """On SQLite, checkpoint the write-ahead log less often while ingesting.

    Every document is its own transaction; with the default a checkpoint (a
    copy of the changed pages into the database file, and an fsync) came
    every few documents and took a fifth of the time. Pages changed by many
    documents in a row (index pages) are now copied once per ten thousand
    WAL pages. Durability is unchanged: each commit is in the WAL.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        before = int(cursor.fetchone()[0])
        if before < _INGEST_CHECKPOINT_PAGES:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {_INGEST_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        if before < _INGEST_CHECKPOINT_PAGES:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA wal_autocheckpoint = {before}")


def _outlet_for(article: ExtractedArticle, raw: RawDocument) -> Outlet | None:
    url = article.url or raw.url
    domain = urlsplit(url).hostname or "" if url else ""
    return resolve_outlet(domain, article.outlet)


def store_document(
    raw: RawDocument,
    *,
    enricher: Enricher | None = None,
    overrides: dict[str, object] | None = None,
) -> StoreResult:
    """Extract, deduplicate, enrich, store and index one raw document.

    Same bytes as a stored document → "duplicate" (nothing added). Same URL
    with other content → "updated". Same text as a stored article from
    another URL → stored, linked into its cluster, counted "duplicate".
    """
    early = _check(raw)
    if early is not None:
        return early
    prepared = prepare(raw, enricher=enricher, overrides=overrides)
    if isinstance(prepared, NotPrepared):
        return StoreResult("failed", reason=prepared.reason)
    return _save(raw, prepared)


#: documents collected, and the longest they wait, before their bytes are looked up at once
_CHECK_DOCUMENTS = 64
_CHECK_SECONDS = 0.25


def _gathered(items: Iterable[T], size: int, seconds: float) -> Iterator[list[T]]:
    """``items`` in lists of ``size``, or of what came in ``seconds`` (a slow
    source, URLs fetched one by one, does not hold the others back longer)."""
    chunk: list[T] = []
    started = 0.0
    for item in items:
        if not chunk:
            started = time.perf_counter()
        chunk.append(item)
        if len(chunk) >= size or time.perf_counter() - started >= seconds:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _stored_shas(shas: Iterable[str]) -> set[str]:
    """Which of ``shas`` are the sha256 of raw documents stored already (one query
    per 900)."""
    wanted = sorted(set(shas))
    found: set[str] = set()
    for chunk in _pieces(wanted):
        found.update(StoredRaw.objects.filter(sha256__in=chunk).values_list("sha256", flat=True))
    return found


def _check(raw: RawDocument, stored: Collection[str] | None = None) -> StoreResult | None:
    """What to do with ``raw`` without preparing it: a duplicate of stored
    bytes or a list page; None when it is to be prepared. ``stored``: the
    sha256 of stored documents among those checked with it (looked up at once,
    :func:`_stored_shas`), else looked up here."""
    if stored is None:
        stored = _stored_shas([raw.sha256])
    if raw.sha256 in stored:
        return StoreResult("duplicate")
    if raw.kind == "html" and _is_list_page(raw):
        return StoreResult(
            "failed",
            reason=f"{raw.url or raw.source}: a section or list page, not an article "
            "(given as a URL, its article links are followed)",
        )
    return None


def _raw_row(raw: RawDocument, prepared: Prepared) -> StoredRaw:
    return StoredRaw(
        sha256=raw.sha256,
        url=raw.url,
        source=raw.source,
        fetched_at=raw.fetched_at or datetime.now(UTC),
        headers=raw.headers,
        content_type=raw.content_type,
        size=len(raw.data),
        compressed=StoredRaw.compress(raw.data),
        encoding_detected=prepared.detected,
        encoding_converted_from=prepared.converted_from or "",
    )


def _article_fields(raw: RawDocument, prepared: Prepared, stored_raw: StoredRaw) -> dict[str, Any]:
    art, enrichment = prepared.article, prepared.enrichment
    return {
        "raw": stored_raw,
        "url": art.url or raw.url,
        "outlet": _outlet_for(art, raw),
        "title": art.title,
        "lead": art.lead,
        "body": art.text,
        "paragraphs": [p.text for p in art.paragraphs],
        "subheadings": [p.text for p in art.paragraphs if p.kind == "h"],
        "captions": art.captions,
        "images": [{"src": i.src, "caption": i.caption} for i in art.images],
        "authors": art.authors,
        "tags": art.tags,
        "related": [{"title": r.title, "url": r.url, "summary": r.summary} for r in art.related],
        "warnings": art.warnings,
        "entities": enrichment.entities,
        "published_at": art.published_at,
        "language": enrichment.language,
        "topic": enrichment.topic,
        "topic_score": enrichment.topic_score,
        "words": enrichment.words,
        "fingerprint": prepared.fingerprint,
        "minhash": list(prepared.signature),
    }


def _save(raw: RawDocument, prepared: Prepared) -> StoreResult:
    """Store a prepared document, its index entries and cluster links in one transaction."""
    signature, bands = prepared.signature, prepared.bands
    with transaction.atomic():
        # checked again: the same bytes may have come in while this one was prepared
        if StoredRaw.objects.filter(sha256=raw.sha256).exists():
            return StoreResult("duplicate")
        stored_raw = _raw_row(raw, prepared)
        stored_raw.save(force_insert=True)
        url = prepared.article.url or raw.url
        previous = Article.objects.filter(url=url).first() if url else None
        if previous is not None and previous.fingerprint == prepared.fingerprint:
            # The page changed only outside the article (ads, counters): keep the bytes, no new article.
            return StoreResult("duplicate", previous)
        fields = _article_fields(raw, prepared, stored_raw)
        if previous is not None:
            for key, value in fields.items():
                setattr(previous, key, value)
            previous.save()
            MinHashBand.objects.filter(article=previous).delete()
            article, outcome = previous, "updated"
        else:
            article = Article.objects.create(**fields)
            outcome = "new"
        _insert_bands([(article.pk, bands)])
        if _cluster(article, signature, bands) and outcome == "new":
            outcome = "duplicate"
        search.index_articles([article], texts=[prepared.index])
    return StoreResult(outcome, article)  # type: ignore[arg-type]


def _save_one(raw: RawDocument, prepared: Prepared) -> StoreResult:
    try:
        return _save(raw, prepared)
    except DoingoaiError as err:
        return StoreResult("failed", reason=str(err))


class _OneByOne(Exception):
    """A batch holds a document that is stored one at a time (an update of a stored URL)."""


def _save_batch(items: Sequence[tuple[RawDocument, Prepared]]) -> list[StoreResult]:
    """Store prepared documents as :func:`_save` stores each, in batch order, with
    a few statements for the whole batch: the raw and article rows inserted in
    bulk, the band keys in one statement, the clustering candidates of all the
    documents looked up at once and the search index written once.

    The batch is one savepoint: when any document of it fails (or updates an
    article already stored under its URL), the batch is rolled back whole and
    stored again one document at a time, each in its own savepoint, so a
    document is stored all or nothing and a failing one leaves the others.
    A failure of one document is its result ("failed"), as with :func:`_save`.
    """
    if len(items) < 2:
        return [_save_one(raw, prepared) for raw, prepared in items]
    try:
        with transaction.atomic():
            return _store_together(items)
    except _OneByOne:
        pass
    except (DoingoaiError, DatabaseError) as err:
        LOG.info("a batch of %d documents is stored one by one: %s", len(items), err)
    return [_save_one(raw, prepared) for raw, prepared in items]


def _store_together(items: Sequence[tuple[RawDocument, Prepared]]) -> list[StoreResult]:
    shas = {raw.sha256 for raw, _ in items}
    seen = set(StoredRaw.objects.filter(sha256__in=shas).values_list("sha256", flat=True))
    results: list[StoreResult | None] = []
    new: list[tuple[RawDocument, Prepared]] = []
    urls: set[str] = set()
    for raw, prepared in items:
        if raw.sha256 in seen:
            results.append(StoreResult("duplicate"))
            continue
        seen.add(raw.sha256)
        url = prepared.article.url or raw.url
        if url:
            if url in urls:
                raise _OneByOne
            urls.add(url)
        new.append((raw, prepared))
        results.append(None)
    if urls and Article.objects.filter(url__in=urls).exists():
        raise _OneByOne
    if not new:
        return [r for r in results if r is not None]
    raws = StoredRaw.objects.bulk_create([_raw_row(raw, prepared) for raw, prepared in new])
    articles = Article.objects.bulk_create(
        [
            Article(**_article_fields(raw, prepared, stored_raw))
            for (raw, prepared), stored_raw in zip(new, raws, strict=True)
        ]
    )
    if any(a.pk is None for a in articles):  # a database that returns no ids from a bulk insert
        raise _OneByOne
    # the band keys stored before this batch, looked up before its own are inserted
    # (those are known here: reading them back was half the lookup)
    stored_bands = _band_rows(sorted({key for _, prepared in new for key in prepared.bands}))
    _insert_bands([(a.pk, prepared.bands) for a, (_, prepared) in zip(articles, new, strict=True)])
    linked = _cluster_batch(articles, [prepared for _, prepared in new], stored_bands)
    search.index_articles(articles, texts=[prepared.index for _, prepared in new])
    using = connection.alias
    for model, rows in ((StoredRaw, raws), (Article, articles)):
        for row in rows:
            post_save.send(sender=model, instance=row, created=True, raw=False, using=using)
    stored = iter(
        StoreResult("duplicate" if link else "new", article)
        for article, link in zip(articles, linked, strict=True)
    )
    return [r if r is not None else next(stored) for r in results]


def _insert_bands(rows: Sequence[tuple[int, Sequence[str]]]) -> None:
    """Insert articles' LSH band keys, ``(article id, keys)``, with multi-row
    statements (no model objects; one round trip to PostgreSQL for a batch,
    where a statement per row would make one each)."""
    values = [(band, article_id) for article_id, bands in rows for band in bands]
    if not values:
        return
    quote = connection.ops.quote_name
    table, key, article = quote(MinHashBand._meta.db_table), quote("key"), quote("article_id")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # one text parameter: psycopg parses a statement of thousands of
            # placeholders on the client each time, which cost more than the insert
            lines = "\n".join(f"{band}\t{article_id}" for band, article_id in values)
            cursor.execute(
                f"INSERT INTO {table} ({key}, {article}) "
                "SELECT split_part(line, E'\\t', 1), split_part(line, E'\\t', 2)::bigint "
                "FROM unnest(string_to_array(%s, E'\\n')) AS line",
                [lines],
            )
            return
        for i in range(0, len(values), _ROWS_PER_STATEMENT):
            chunk = values[i : i + _ROWS_PER_STATEMENT]
            marks = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({key}, {article}) VALUES {marks}",
                [value for row in chunk for value in row],
            )


#: rows of one multi-row insert, and values of one IN (...) list
_ROWS_PER_STATEMENT = 2000
_IN_LIST = 900


_CANONICAL = re.compile(
    r"""<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)"""
    r"""|<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)""",
    re.I,
)


def _is_list_page(raw: RawDocument) -> bool:
    """A section page (a list of headlines), judged against its own address."""
    html = raw.data.decode("utf-8", errors="replace")
    url = raw.url
    if not url:
        match = _CANONICAL.search(html[:200_000])
        url = (match.group(1) or match.group(2)) if match else ""
    return bool(url) and looks_like_list_page(html, url)


#: exact duplicates, and other articles sharing a band key, an article is compared with at most
_EXACT_LIMIT = 50
_CANDIDATE_LIMIT = 200


def _cluster(
    article: Article,
    signature: Sequence[int],
    bands: Sequence[str],
    hide: Collection[int] = (),
) -> bool:
    """Link ``article`` with its exact and near duplicates; True when it has any.

    Near duplicates are judged on the signatures stored with each candidate
    (never on their bodies), and the cluster's canonical member is kept as the
    most complete of the canonical members so far and the newcomers: a cluster
    of hundreds of members costs an insert no more than one of two. Articles
    in ``hide`` (stored later in the same batch) are not looked at.
    """
    # only the columns compared here: loading whole articles (bodies, JSON
    # fields) for every candidate was most of the time this step took
    exact = list(
        Article.objects.filter(fingerprint=article.fingerprint)
        .exclude(pk__in=[article.pk, *hide])
        .only("id", "cluster_id")[:_EXACT_LIMIT]
    )
    # the ids sharing a band first (DISTINCT over ids only: over whole rows with
    # their signatures it cost more than the rest of the insert), then their
    # stored signatures
    skip = {article.pk, *(a.pk for a in exact)}
    shared = MinHashBand.objects.filter(key__in=list(bands))
    if hide:
        shared = shared.exclude(article_id__in=list(hide))
    candidate_ids = [
        pk
        for pk in shared.values_list("article_id", flat=True).distinct()[
            : _CANDIDATE_LIMIT + len(skip)
        ]
        if pk not in skip
    ][:_CANDIDATE_LIMIT]
    candidates = Article.objects.filter(pk__in=candidate_ids).only("id", "cluster_id", "minhash")
    near = [
        other
        for other in candidates
        if other.minhash
        and dedupe.estimate_jaccard(signature, other.minhash) >= dedupe.NEAR_DUPLICATE_THRESHOLD
    ]
    return _link(article, exact + near)


def _cluster_batch(
    articles: Sequence[Article],
    prepared: Sequence[Prepared],
    stored_bands: Sequence[tuple[str, int]],
) -> list[bool]:
    """:func:`_cluster` for the articles of a batch just stored, in batch order,
    with the candidates of all of them looked up at once: each article is
    compared with the articles stored before it (earlier in the batch
    included) as :func:`_cluster` compares it, and linked the same way. True
    for the articles that have duplicates. ``stored_bands``: the ``(key,
    article id)`` rows of the batch's band keys stored before the batch."""
    position = {int(a.pk): i for i, a in enumerate(articles)}
    by_fingerprint: dict[str, list[int]] = {}
    fingerprints = sorted({a.fingerprint for a in articles})
    for chunk in _pieces(fingerprints):
        exact_rows = Article.objects.filter(fingerprint__in=chunk).order_by()
        for pk, fingerprint in exact_rows.values_list("id", "fingerprint"):
            by_fingerprint.setdefault(fingerprint, []).append(pk)
    by_key: dict[str, list[int]] = {}
    for key, pk in stored_bands:
        by_key.setdefault(key, []).append(pk)
    for article, prep in zip(articles, prepared, strict=True):
        for key in prep.bands:
            by_key.setdefault(key, []).append(int(article.pk))
    earlier = sorted({pk for ids in by_key.values() for pk in ids if pk not in position})
    signatures: dict[int, Sequence[int]] = {}
    for chunk in _pieces(earlier):
        minhash_rows = Article.objects.filter(pk__in=chunk).order_by()
        for pk, minhash in minhash_rows.values_list("id", "minhash"):
            signatures[pk] = minhash
    signatures.update((int(a.pk), p.signature) for a, p in zip(articles, prepared, strict=True))
    linked: list[bool] = []
    for i, (article, prep) in enumerate(zip(articles, prepared, strict=True)):
        visible = [pk for pk in by_fingerprint.get(article.fingerprint, []) if pk != article.pk]
        exact = {pk for pk in visible if position.get(pk, -1) < i}
        shared = {
            pk for key in prep.bands for pk in by_key.get(key, ()) if position.get(pk, -1) < i
        }
        shared -= exact | {article.pk}
        if len(exact) > _EXACT_LIMIT or len(shared) > _CANDIDATE_LIMIT:
            # beyond the limits _cluster picks in the database's order: let it pick
            hide = [int(a.pk) for a in articles[i + 1 :]]
            linked.append(_cluster(article, prep.signature, prep.bands, hide))
            continue
        near = {
            pk
            for pk in shared
            if signatures.get(pk)
            and dedupe.estimate_jaccard(prep.signature, signatures[pk])
            >= dedupe.NEAR_DUPLICATE_THRESHOLD
        }
        if not exact and not near:
            linked.append(False)
            continue
        members = list(Article.objects.filter(pk__in=sorted(exact | near)).only("id", "cluster_id"))
        linked.append(_link(article, members))
    return linked


def _band_rows(keys: Sequence[str]) -> list[tuple[str, int]]:
    """The stored ``(key, article id)`` rows of these band keys, in one statement
    with the keys as one parameter (a batch has thousands: a placeholder each
    cost more to build than the lookup itself)."""
    if not keys:
        return []
    quote = connection.ops.quote_name
    table, key, article = quote(MinHashBand._meta.db_table), quote("key"), quote("article_id")
    if connection.vendor == "postgresql":
        wanted, given = "= ANY(string_to_array(%s, E'\\n'))", "\n".join(keys)
    else:
        wanted, given = "IN (SELECT value FROM json_each(%s))", json.dumps(list(keys))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key}, {article} FROM {table} WHERE {key} {wanted}", [given])
        return [(k, int(pk)) for k, pk in cursor.fetchall()]


def _pieces(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for i in range(0, len(values), _IN_LIST):
        yield values[i : i + _IN_LIST]


def _link(article: Article, members: Sequence[Article]) -> bool:
    """Put ``article`` and its duplicates ``members`` (loaded with their cluster)
    into one cluster, merging the clusters it bridges, and keep the most
    complete member canonical; False when there are no members."""
    if not members:
        return False
    cluster_ids = {m.cluster_id for m in members if m.cluster_id}
    canonical_ids: set[int] = set()
    if cluster_ids:
        clusters = list(Cluster.objects.filter(pk__in=cluster_ids))
        canonical_ids = {c.canonical_id for c in clusters if c.canonical_id is not None}
        complete = len(canonical_ids) == len(clusters)
        cluster = min(clusters, key=lambda c: c.pk)
        # Merge any other clusters the new article bridges.
        Article.objects.filter(cluster_id__in=cluster_ids - {cluster.pk}).update(cluster=cluster)
        Cluster.objects.filter(pk__in=cluster_ids - {cluster.pk}).delete()
    else:
        cluster = Cluster.objects.create()
        complete = True
    ids = [m.pk for m in members] + [article.pk]
    Article.objects.filter(pk__in=ids).update(cluster=cluster)
    if complete and article.pk not in canonical_ids:
        # the best of the cluster is the best of the old best and the newcomers
        newcomers = {m.pk for m in members if not m.cluster_id} | {article.pk}
        contenders = Article.objects.filter(pk__in=canonical_ids | newcomers).only(
            "id", "body", "published_at", "authors", "images"
        )
        best_id = max(contenders, key=lambda a: (a.completeness(), -a.pk)).pk
    else:
        # an updated canonical may have fallen behind: every member, bodies unread
        best_id = _most_complete(cluster)
    cluster.canonical_id = best_id
    cluster.save(update_fields=["canonical"])
    article.cluster = cluster
    return True


def _most_complete(cluster: Cluster) -> int:
    """The id of the most complete member of ``cluster`` (as
    :meth:`Article.completeness` ranks them), the body measured by the database."""
    rows = (
        Article.objects.filter(cluster=cluster)
        .annotate(body_length=Length("body"))
        .values_list("id", "body_length", "published_at", "authors", "images")
    )
    return max(
        rows,
        key=lambda r: ((r[1] or 0, int(r[2] is not None), len(r[3] or []), len(r[4] or [])), -r[0]),
    )[0]
