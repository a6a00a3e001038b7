"""The run log tells a run that died (kill -9) from one still going.

A run saves its counts as it goes; the next ingest marks "interrupted" the
runs left "running" whose last save is older than the timeout, and leaves a
recent one (another ingest at work) alone.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from doingoai.enrich.enricher import Enricher
from doingoai.store.ingest import STALE_RUN_SECONDS, StoreResult, ingest
from doingoai.store.models import IngestRun

pytestmark = pytest.mark.django_db


def _running(minutes_ago: float, seconds_saved: float | None) -> IngestRun:
    run = IngestRun.objects.create(sources=["/du-lieu/cu"])
    started = timezone.now() - timedelta(minutes=minutes_ago)
    counts = {} if seconds_saved is None else {"new": 3, "seconds": seconds_saved}
    IngestRun.objects.filter(pk=run.pk).update(started_at=started, counts=counts)
    run.refresh_from_db()
    return run


def test_the_next_ingest_marks_dead_runs_interrupted(seed_path: Path) -> None:
    killed_at_once = _running(60, None)  # killed before it saved anything
    killed_later = _running(120, 30 * 60)  # saved for half an hour, then silent for 1.5 h
    alive = _running(20, 20 * 60 - 5)  # saved five seconds ago: another ingest at work
    report = ingest([str(seed_path)], enricher=Enricher(entities=False), workers=1)
    assert report.new == 1
    for run in (killed_at_once, killed_later, alive):
        run.refresh_from_db()
    assert killed_at_once.status == "interrupted"
    assert killed_at_once.finished_at == killed_at_once.started_at
    assert killed_later.status == "interrupted"
    assert killed_later.finished_at == killed_later.started_at + timedelta(minutes=30)
    assert killed_later.counts["new"] == 3  # what it did is kept
    assert alive.status == "running" and alive.finished_at is None
    assert IngestRun.objects.get(pk=report.run_id).status == "done"
    assert STALE_RUN_SECONDS < 120 * 60


def test_a_running_ingest_keeps_its_counts_current(seed_path: Path, tmp_path: Path) -> None:
    broken = tmp_path / "hong.html"
    broken.write_bytes(b"")
    seen: list[dict[str, object]] = []

    def on_item(name: str, result: StoreResult) -> None:
        run = IngestRun.objects.get(status="running")
        seen.append({"counts": run.counts, "failures": run.failures})

    ingest(
        [str(broken), str(seed_path)], enricher=Enricher(entities=False), workers=1, on_item=on_item
    )
    # after the first document the log already shows it: a kill -9 now keeps that
    first = seen[0]
    assert first["counts"]["failed"] == 1  # type: ignore[index]
    assert first["failures"][0]["source"] == str(broken)  # type: ignore[index]
