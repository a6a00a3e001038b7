"""Sources and collection runs: a run is queued as a background task
(django-tasks) that collects its source through
:func:`doingoai.store.ingest.ingest`, recording its progress as it goes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from doingoai.collect import Fetcher
from doingoai.config import get_setting
from doingoai.curation.services import log
from doingoai.enrich.enricher import Enricher
from doingoai.errors import DoingoaiError
from doingoai.office.models import SCHEDULES, CollectionRun, Source
from doingoai.store.ingest import StoreResult, ingest

LOG = logging.getLogger(__name__)

__all__ = [
    "collect_source",
    "due_sources",
    "enqueue_due",
    "enqueue_run",
    "recover_stale",
    "run_collection",
]

#: how the task gets its fetcher (tests replace it with one on a mock transport)
fetcher_factory: Callable[[], Fetcher | None] = lambda: None  # noqa: E731
#: how the task gets its enricher
enricher_factory: Callable[[], Enricher | None] = lambda: None  # noqa: E731


def enqueue_run(source: Source, user: Any = None) -> CollectionRun:
    """Queue a collection of ``source``; returns the run (its state tells the progress)."""
    run = CollectionRun.objects.create(source=source, requested_by=user if user else None)
    log(user, "queue-collection", run, source=source.pk, url=source.url)
    # the task must see the run's row: enqueue once the transaction commits
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    result = collect_source.enqueue(run_id)
    CollectionRun.objects.filter(pk=run_id).update(task_id=str(result.id)[:64])


def _claim(run_id: int) -> tuple[CollectionRun, bool]:
    """Take the run for this worker: mark it running if it still waits and no
    other run of its source is running. The source's row is locked meanwhile
    (PostgreSQL; SQLite takes one writer at a time), so two workers never
    fetch one source at once. Returns the run and whether it was taken."""
    with transaction.atomic():
        run = CollectionRun.objects.get(pk=run_id)
        Source.objects.select_for_update().filter(pk=run.source_id).first()
        run = CollectionRun.objects.select_related("source").get(pk=run_id)
        if run.state not in {"queued", "failed"}:
            return run, False
        busy = (
            CollectionRun.objects.filter(source_id=run.source_id, state="running")
            .exclude(pk=run.pk)
            .exists()
        )
        now = timezone.now()
        if busy:
            run.state = "failed"
            run.error = "another run of this source was under way; this one was not started"
            run.finished_at = now
            run.save(update_fields=["state", "error", "finished_at"])
            return run, False
        run.state = "running"
        run.started_at = now
        run.save(update_fields=["state", "started_at"])
        return run, True


def run_collection(run_id: int) -> CollectionRun:
    """Collect the run's source now (what the background task does)."""
    run, taken = _claim(run_id)
    if not taken:
        return run

    def progress(name: str, result: StoreResult) -> None:
        CollectionRun.objects.filter(pk=run_id).update(items=F("items") + 1)

    try:
        report = ingest(
            [run.source.url],
            fetcher=fetcher_factory(),
            enricher=enricher_factory(),
            on_item=progress,
        )
    except (DoingoaiError, OSError) as err:
        run.refresh_from_db()
        run.state = "failed"
        run.error = str(err)
        run.finished_at = timezone.now()
        run.save()
        log(None, "collection-failed", run, error=str(err))
        return run
    run.refresh_from_db()
    run.state = "done"
    run.counts = report.as_dict()
    run.failures = [{"source": s, "reason": r} for s, r in report.failed[:200]]
    run.ingest_run_id = report.run_id
    run.finished_at = timezone.now()
    run.save()
    Source.objects.filter(pk=run.source_id).update(last_run_at=run.finished_at)
    log(None, "collection-done", run, **report.as_dict())
    return run


@task()
def collect_source(run_id: int) -> dict[str, Any]:
    """The background task of a collection run."""
    LOG.info("task collect_source run %s started", run_id, extra={"run": run_id})
    run = run_collection(run_id)
    LOG.info(
        "task collect_source run %s %s",
        run_id,
        run.state,
        extra={"run": run_id, "state": run.state, "error": run.error},
    )
    return run.as_dict()


def _is_due(source: Source, now: datetime) -> bool:
    interval = SCHEDULES.get(source.schedule)
    if interval is None or not source.active:
        return False
    if source.runs.filter(state__in=["queued", "running"]).exists():
        return False
    return source.last_run_at is None or source.last_run_at + interval <= now


def due_sources(now: datetime | None = None) -> list[Source]:
    """Active scheduled sources whose interval has passed since their last run."""
    now = now or timezone.now()
    return [
        source
        for source in Source.objects.filter(active=True).exclude(schedule="manual")
        if _is_due(source, now)
    ]


def run_timeout() -> timedelta:
    """How long a run may stay running before it is taken for abandoned."""
    return timedelta(seconds=float(get_setting("COLLECTION_RUN_TIMEOUT")))


def recover_stale(now: datetime | None = None) -> list[CollectionRun]:
    """Runs left running longer than the timeout (their worker died) are marked
    failed, saying so, so that their source falls due again."""
    now = now or timezone.now()
    recovered = []
    stale = CollectionRun.objects.filter(state="running", started_at__lt=now - run_timeout())
    for run in stale:
        with transaction.atomic():
            changed = CollectionRun.objects.filter(pk=run.pk, state="running").update(
                state="failed",
                finished_at=now,
                error=(
                    f"no end after {run_timeout()}: the worker running it stopped; "
                    "the source is collected again when it is next due"
                ),
            )
            if changed:
                run.refresh_from_db()
                log(None, "collection-abandoned", run, started_at=run.started_at)
                recovered.append(run)
    return recovered


def enqueue_due(now: datetime | None = None) -> list[CollectionRun]:
    """Queue one run for every due source (each worker calls it at every turn).

    Each due source is checked again inside a transaction holding its row lock
    (skipped by a worker when another one holds it), so that workers looking
    at the same moment queue it once between them."""
    now = now or timezone.now()
    recover_stale(now)
    queued = []
    for candidate in due_sources(now):
        with transaction.atomic():
            source = (
                Source.objects.select_for_update(skip_locked=True).filter(pk=candidate.pk).first()
            )
            if source is not None and _is_due(source, now):
                queued.append(enqueue_run(source))
    return queued
