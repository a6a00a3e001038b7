"""Preparing raw documents for storage, in this process or in worker processes.

Preparation is the CPU-heavy part of storing a document that needs no
database: extraction, enrichment (language, topic, entities, word count), the
exact fingerprint, the MinHash signature and its LSH band keys, and the
article's search index entry (tokens, vocabulary, PostgreSQL's vectors). Core layer:
no Django, so worker processes start without it.

:func:`prepare` does one document. :class:`PreparePool` streams many through
worker processes and hands the results back in the order the documents came
in, with a bounded number in flight, so the caller can store them one by one
in that order while the workers go on with the next ones.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import re
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from doingoai.collect import RawDocument
from doingoai.enrich import dedupe
from doingoai.enrich.enricher import Enricher, Enrichment
from doingoai.errors import DoingoaiError
from doingoai.extract import Article, extract
from doingoai.store.search.entries import IndexText, index_text

__all__ = [
    "Collected",
    "NotPrepared",
    "PreparePool",
    "Prepared",
    "collect_and_prepare",
    "cpu_count",
    "prepare",
    "prepare_safely",
    "title_from_body",
]

T = TypeVar("T")
logger = logging.getLogger(__name__)
#: pool breakdowns in a row (no document prepared between them) before giving up on workers
_MAX_CRASHES = 3


@dataclass(slots=True)
class Prepared:
    """Everything about one document that storing it needs, computed without the database."""

    article: Article
    detected: str
    converted_from: str | None
    enrichment: Enrichment
    fingerprint: str
    signature: list[int]
    bands: list[str]
    #: the search index entry of the article's title and body (None: made when stored)
    index: IndexText | None = None


@dataclass(slots=True)
class NotPrepared:
    """A document that gave no article; ``reason`` names it."""

    reason: str


def prepare(
    raw: RawDocument,
    *,
    enricher: Enricher | None = None,
    overrides: dict[str, object] | None = None,
    vector: bool = True,
) -> Prepared | NotPrepared:
    """Extract, enrich and fingerprint one raw document.

    ``overrides`` replaces fields of the extracted article before it is
    enriched. ``vector`` False leaves the index entry's PostgreSQL vectors
    (positional and terms) to be made if ever asked for (an ingest into SQLite). A
    document that cannot be read or holds no article, and an extractor bug,
    give :class:`NotPrepared`; an error in enrichment raises (see
    :func:`prepare_safely`).
    """
    name = raw.url or raw.source
    try:
        result = extract(raw.data, url=raw.url or None, source=name, content_type=raw.content_type)
    except DoingoaiError as err:
        return NotPrepared(str(err))
    except Exception as err:  # an extractor bug must not stop the batch
        return NotPrepared(f"{name}: extraction failed: {err!r}")
    art = result.article
    for key, value in (overrides or {}).items():
        setattr(art, key, value)
    if art.text and not art.title:
        art.title = title_from_body(art.text)
        if art.title:
            art.warnings.append("no headline of its own: the title is the start of the body")
    if not art.title or not art.text:
        return NotPrepared(f"{name}: no article text found")
    enrichment = (enricher or Enricher()).enrich(
        art.title, art.text, declared_language=art.language
    )
    signature = dedupe.minhash_signature(art.text)
    return Prepared(
        article=art,
        detected=result.detected,
        converted_from=result.converted_from,
        enrichment=enrichment,
        fingerprint=dedupe.fingerprint(art.text),
        signature=signature,
        bands=dedupe.lsh_band_keys(signature),
        index=index_text(art.title, art.text, vector=vector),
    )


# where a headline run into its body ends: the outlet's dateline "(NLĐ)-",
# "(TTXVN) –", or the day the report opens with ("Ngày 13.10,", "Sáng 12-4,")
_HEADLINE_END = re.compile(
    r"\s*\([A-ZĐ][^()\n]{0,24}\)\s*[-–—]"
    r"|\s+(?=(?:Ngày|Sáng|Trưa|Chiều|Tối|Đêm|Hôm)\s+(?:qua\b|nay\b|\d{1,2}[./-]\d{1,2}))"
)
_FIRST_SENTENCE = re.compile(r"(.{20,160}?[.!?…])(?=\s|$)", re.S)
_TITLE_WORDS = 14


def title_from_body(text: str) -> str:
    """A title for a text whose headline was not told apart from its body (a
    plain-text file of one line, headline and report run together): the words
    before the dateline or the day the report opens with, else its first
    sentence, else its first words. "" for a text without words."""
    text = text.strip().lstrip("-–—•* ").strip()
    head = text[:300]
    match = _HEADLINE_END.search(head, 15)
    if match:
        return head[: match.start()].strip(" -–—:,")
    match = _FIRST_SENTENCE.match(head)
    if match:
        return match.group(1).rstrip(".").strip()
    words = text.split()
    if len(words) <= _TITLE_WORDS:
        return " ".join(words)
    return " ".join(words[:_TITLE_WORDS]) + " …"


def prepare_safely(
    raw: RawDocument,
    *,
    enricher: Enricher | None = None,
    overrides: dict[str, object] | None = None,
    vector: bool = True,
) -> Prepared | NotPrepared:
    """:func:`prepare`, with any error turned into :class:`NotPrepared` naming the document."""
    try:
        return prepare(raw, enricher=enricher, overrides=overrides, vector=vector)
    except DoingoaiError as err:
        return NotPrepared(str(err))
    except Exception as err:
        return NotPrepared(f"{raw.url or raw.source}: preparation failed: {err!r}")


#: one collected item: its name, and the document with its preparation, or why it failed
Collected = tuple[str, RawDocument | None, Prepared | NotPrepared | None, str]


def collect_and_prepare(
    sources: Sequence[tuple[str, str]],
    enricher: Enricher | None = None,
    overrides: Callable[[RawDocument], dict[str, object]] | None = None,
) -> list[Collected]:
    """Collect and prepare every document of ``sources``: one unit of work of a
    distributed ingest, run on a worker of the cluster (no database here).

    ``sources`` are ``(where, name)`` pairs: ``where`` is read (an absolute path
    or a URL) and ``name`` is what the document's source is called, as a local
    ingest of the same argument would call it. Returns, in order, ``(name, raw,
    prepared, "")`` for a document and ``(name, None, None, reason)`` for what
    could not be collected.
    """
    from doingoai.collect import Failure, collect

    out: list[Collected] = []
    for where, name in sources:
        for item in collect([where]):
            if isinstance(item, Failure):
                shown = name if item.source == where else item.source
                out.append((shown, None, None, item.reason))
                continue
            if item.source == where:
                item.source = name
            extra = overrides(item) if overrides else None
            prepared = prepare_safely(item, enricher=enricher, overrides=extra)
            out.append((item.url or item.source, item, prepared, ""))
    return out


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


# --- worker processes ------------------------------------------------------------

_worker_enricher: Enricher | None = None
_worker_vector = True


def _init_worker(enricher: Enricher, main_alive: Connection, vector: bool = True) -> None:
    global _worker_enricher, _worker_vector
    # Ctrl-C reaches every process of the terminal's group: the main process
    # handles it and shuts the pool down; workers finish their document quietly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_enricher = enricher
    _worker_vector = vector
    threading.Thread(target=_exit_with_main, args=(main_alive,), daemon=True).start()


def _exit_with_main(main_alive: Connection) -> None:
    """End this worker when the main process is gone (killed with SIGKILL, it
    cannot shut its pool down): only the main process holds the other end of
    ``main_alive``, so reading it ends when that process does. The worker's
    parent is no sign: under forkserver it is the server, which in turn stays
    up as long as its workers."""
    with contextlib.suppress(EOFError, OSError):
        main_alive.recv_bytes()
    os._exit(1)


def _work(raw: RawDocument, overrides: dict[str, object] | None) -> Prepared | NotPrepared:
    return prepare_safely(
        raw, enricher=_worker_enricher, overrides=overrides, vector=_worker_vector
    )


def _context() -> multiprocessing.context.BaseContext:
    # Not "fork": the caller has Django set up, an open SQLite connection and
    # maybe threads (a progress bar); a forked copy would inherit all three.
    # "forkserver" starts one clean interpreter that imports only this module,
    # then forks each worker from it (cheap, and again after a crash); "spawn"
    # where there is no forkserver (Windows).
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])
        return ctx
    return multiprocessing.get_context("spawn")


@dataclass(slots=True)
class _Entry(Generic[T]):
    tag: T
    raw: RawDocument | None
    overrides: dict[str, object] | None
    future: Future[Prepared | NotPrepared] | None = None
    result: Prepared | NotPrepared | None = None


@dataclass(slots=True)
class PreparePool:
    """Prepares documents in ``workers`` processes, results in input order.

    ``window`` bounds the documents read and not yet handed back (default:
    four per worker). The processes start only when at least ``min_batch``
    documents wait (default: twice the workers): a smaller batch is prepared
    in this process, which is quicker than starting workers. With
    ``workers`` 1 everything runs in this process.

    Use as a context manager: leaving it (also by Ctrl-C or an error) cancels
    what was not started and waits for the workers to finish what they hold.
    A worker process that dies (a crash in a C extension, the memory killer)
    fails only the document it was preparing: the pool is restarted and that
    document is tried once more on its own to tell it from the others in flight.
    """

    workers: int
    enricher: Enricher = field(default_factory=Enricher)
    #: make the index entries' PostgreSQL vectors (not for SQLite)
    vector: bool = True
    window: int = 0
    min_batch: int = 0
    restarts: int = field(default=0, init=False)
    _crashes: int = field(default=0, init=False, repr=False)
    _gave_up: bool = field(default=False, init=False, repr=False)
    _alive: tuple[Connection, Connection] | None = field(default=None, init=False, repr=False)
    _executor: ProcessPoolExecutor | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.workers = max(1, self.workers)
        self.window = self.window or 4 * self.workers
        self.min_batch = self.min_batch or 2 * self.workers

    def __enter__(self) -> PreparePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stop()
        if self._alive is not None:
            for end in self._alive:
                end.close()
            self._alive = None

    @property
    def started(self) -> bool:
        return self._executor is not None

    def _start(self) -> bool:
        """Start the worker processes unless they run already; False when they
        cannot run (the rest of the batch is then prepared in this process)."""
        if self._executor is None and not self._gave_up:
            context = _context()
            if self._alive is None:
                self._alive = context.Pipe(duplex=False)
            executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_init_worker,
                initargs=(self.enricher, self._alive[0], self.vector),
            )
            try:
                executor.submit(os.getpid).result()
            except BrokenProcessPool:
                # a worker that dies before it is given anything: a script without
                # the ``if __name__ == "__main__":`` guard, a broken installation
                executor.shutdown(wait=True, cancel_futures=True)
                self._give_up()
                return False
            self._executor = executor
        return self._executor is not None

    def _give_up(self) -> None:
        logger.warning("document preparation: worker processes do not run; going on in one process")
        self._gave_up = True

    def _stop(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _submit(self, entry: _Entry[Any]) -> None:
        if entry.raw is not None and self._executor is not None:
            try:
                entry.future = self._executor.submit(_work, entry.raw, entry.overrides)
            except BrokenProcessPool as error:
                # a worker died since the last look (a document sent with this one):
                # this one is lost like the others in flight, and sent again after
                # the restart that the oldest of them brings
                lost: Future[Any] = Future()
                lost.set_exception(error)
                entry.future = lost

    def _here(self, entry: _Entry[Any]) -> Prepared | NotPrepared | None:
        if entry.raw is None:
            return None
        return prepare_safely(
            entry.raw, enricher=self.enricher, overrides=entry.overrides, vector=self.vector
        )

    def _finish(
        self, entry: _Entry[T], pending: deque[_Entry[T]]
    ) -> tuple[T, RawDocument | None, Prepared | NotPrepared | None]:
        if entry.future is not None:
            try:
                entry.result = entry.future.result()
                self._crashes = 0
            except BrokenProcessPool:
                entry.result = self._after_crash(entry, pending)
        elif entry.result is None:
            entry.result = self._here(entry)
        return entry.tag, entry.raw, entry.result

    def _after_crash(
        self, entry: _Entry[Any], pending: deque[_Entry[Any]]
    ) -> Prepared | NotPrepared | None:
        """The worker pool broke while ``entry`` was its oldest document."""
        self._stop()  # also waits until every future of the broken pool is marked
        self.restarts += 1
        self._crashes += 1
        if self._crashes >= _MAX_CRASHES:
            self._give_up()
            _forget_lost(pending)
            return self._here(entry)
        assert entry.raw is not None
        result: Prepared | NotPrepared | None = None
        if self._start():
            assert self._executor is not None
            try:
                result = self._executor.submit(_work, entry.raw, entry.overrides).result()
                self._crashes = 0  # it was not this one's fault
            except BrokenProcessPool:
                self._stop()
                self._start()
                name = entry.raw.url or entry.raw.source
                result = NotPrepared(f"{name}: preparation stopped its worker process (a crash)")
        if self._executor is None:  # no workers any more
            _forget_lost(pending)
            return result or self._here(entry)
        # the documents that were in flight with it are sent again
        for other in pending:
            if other.future is not None and _lost(other.future):
                self._submit(other)
        return result

    def map(
        self, jobs: Iterable[tuple[T, RawDocument | None, dict[str, object] | None]]
    ) -> Iterator[tuple[T, RawDocument | None, Prepared | NotPrepared | None]]:
        """Prepare each ``(tag, raw, overrides)`` job; yields ``(tag, raw, result)`` in
        input order. A job without a document (``raw`` None) passes through with
        result None, in its place."""
        source = iter(jobs)
        pending: deque[_Entry[T]] = deque()
        if self.workers > 1:
            # read ahead: workers only for a batch big enough to pay for them
            waiting = 0
            for tag, raw, overrides in source:
                pending.append(_Entry(tag, raw, overrides))
                waiting += raw is not None
                if waiting >= self.min_batch:
                    self._start()  # when it cannot, _submit does nothing
                    for entry in pending:
                        self._submit(entry)
                    break
        for tag, raw, overrides in source:
            entry = _Entry(tag, raw, overrides)
            self._submit(entry)
            pending.append(entry)
            while pending and (
                not self.started or len(pending) > self.window or _ready(pending[0])
            ):
                yield self._finish(pending.popleft(), pending)
        while pending:
            yield self._finish(pending.popleft(), pending)


def _lost(future: Future[Any]) -> bool:
    """A future of a pool that broke or was shut down before running it."""
    return future.cancelled() or (
        future.done() and isinstance(future.exception(), BrokenProcessPool)
    )


def _forget_lost(pending: Iterable[_Entry[Any]]) -> None:
    """Documents whose worker is gone are prepared in this process instead."""
    for entry in pending:
        if entry.future is not None and _lost(entry.future):
            entry.future = None


def _ready(entry: _Entry[Any]) -> bool:
    return entry.raw is None or (entry.future is not None and entry.future.done())
