"""Evaluation reports made in the background: a request queues a
:class:`~doingoai.reports.models.ReportRun` as a task (django-tasks; run by
``doingoai worker``), the task builds the report step by step recording its
progress, and the file is kept on the run for download."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from doingoai.curation.models import Unit
from doingoai.curation.services import log
from doingoai.reports.models import ReportRun
from doingoai.reports.periods import parse_period

__all__ = ["STEPS", "enqueue_report", "generate_report"]

#: the steps of :func:`doingoai.reports.evaluation.build_report`, then writing the file
STEPS: tuple[str, ...] = ("events", "turnaround", "translation", "reach", "targets", "writing")


def enqueue_report(
    period: str, *, fmt: str, language: str, unit: Unit | None, user: Any
) -> ReportRun:
    """Queue the report of ``period`` (checked now: a bad period is refused
    before anything is queued)."""
    from doingoai.reports.writers import FORMATS

    span = parse_period(period)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: expected {', '.join(FORMATS)}")
    run = ReportRun.objects.create(
        period=span.key,
        unit=unit,
        language=language,
        fmt=fmt,
        steps_total=len(STEPS),
        requested_by=user if getattr(user, "pk", None) else None,
    )
    log(user, "queue-report", run, period=span.key, fmt=fmt, unit=unit.slug if unit else None)
    transaction.on_commit(lambda: generate_report.enqueue(run.pk))
    return run


@task()
def generate_report(run_id: int) -> str:
    """Build and write the report of run ``run_id``, recording each step."""
    from doingoai.reports.evaluation import build_report
    from doingoai.reports.writers import write_report

    run = ReportRun.objects.select_related("unit").get(pk=run_id)
    if run.state not in {"queued", "failed"}:
        return run.state
    ReportRun.objects.filter(pk=run_id).update(
        state="running", started_at=timezone.now(), steps_done=0, error=""
    )

    def progress(step: str) -> None:
        done = STEPS.index(step) if step in STEPS else 0
        ReportRun.objects.filter(pk=run_id).update(step=step, steps_done=done)

    try:
        report = build_report(
            parse_period(run.period), unit=run.unit, language=run.language, progress=progress
        )
        progress("writing")
        data = write_report(report, run.fmt)
    except Exception as err:  # the run records why, and the worker goes on
        ReportRun.objects.filter(pk=run_id).update(
            state="failed", error=f"{type(err).__name__}: {err}", finished_at=timezone.now()
        )
        return "failed"
    name = f"bao-cao-{run.period.replace('..', '-')}"
    if run.unit:
        name += f"-{run.unit.slug}"
    ReportRun.objects.filter(pk=run_id).update(
        state="done",
        data=data,
        filename=f"{name}.{run.fmt}",
        steps_done=len(STEPS),
        step="done",
        finished_at=timezone.now(),
    )
    return "done"
