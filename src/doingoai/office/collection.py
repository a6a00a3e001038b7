"""Sources and collection runs: a run is queued as a background task
(django-tasks) that collects its source through
:func:`doingoai.store.ingest.ingest`, recording its progress as it goes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from doingoai.collect import Fetcher
from doingoai.curation.services import log
from doingoai.enrich.enricher import Enricher
from doingoai.errors import DoingoaiError
from doingoai.office.models import SCHEDULES, CollectionRun, Source
from doingoai.store.ingest import StoreResult, ingest

LOG = logging.getLogger(__name__)

__all__ = ["collect_source", "due_sources", "enqueue_due", "enqueue_run", "run_collection"]

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


def run_collection(run_id: int) -> CollectionRun:
    """Collect the run's source now (what the background task does)."""
    run = CollectionRun.objects.select_related("source").get(pk=run_id)
    if run.state not in {"queued", "failed"}:
        return run
    run.state = "running"
    run.started_at = timezone.now()
    run.save(update_fields=["state", "started_at"])

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


def due_sources(now: datetime | None = None) -> list[Source]:
    """Active scheduled sources whose interval has passed since their last run."""
    now = now or timezone.now()
    due: list[Source] = []
    for source in Source.objects.filter(active=True).exclude(schedule="manual"):
        interval = SCHEDULES.get(source.schedule)
        if interval is None:
            continue
        if source.runs.filter(state__in=["queued", "running"]).exists():
            continue
        if source.last_run_at is None or source.last_run_at + interval <= now:
            due.append(source)
    return due


def enqueue_due(now: datetime | None = None) -> list[CollectionRun]:
    """Queue a run for every due source (call it from cron or a periodic worker)."""
    return [enqueue_run(source) for source in due_sources(now)]
