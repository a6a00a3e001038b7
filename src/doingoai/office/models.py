"""What the back office keeps: the sources it collects from and the
collection runs, with their progress."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models

from doingoai.store.models import IngestRun

__all__ = ["RUN_STATES", "SCHEDULES", "SOURCE_KINDS", "CollectionRun", "Source", "Submission"]

SOURCE_KINDS: tuple[str, ...] = ("feed", "sitemap", "site", "page")
#: schedule name → interval between two runs (None: only when asked)
SCHEDULES: dict[str, timedelta | None] = {
    "manual": None,
    "hourly": timedelta(hours=1),
    "daily": timedelta(days=1),
    "weekly": timedelta(weeks=1),
}
RUN_STATES: tuple[str, ...] = ("queued", "running", "done", "failed")


class Source(models.Model):
    """A feed, sitemap, site or page the office collects from."""

    name = models.CharField(max_length=255)
    kind = models.CharField(max_length=16, choices=[(k, k) for k in SOURCE_KINDS], default="feed")
    url = models.URLField(max_length=2000)
    schedule = models.CharField(max_length=16, choices=[(k, k) for k in SCHEDULES], default="daily")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class CollectionRun(models.Model):
    """One collection of a source, run as a background task."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="runs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        max_length=16, choices=[(s, s) for s in RUN_STATES], default="queued", db_index=True
    )
    task_id = models.CharField(max_length=64, blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0, help_text="Documents handled so far.")
    counts = models.JSONField(default=dict, blank=True)
    failures = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    ingest_run = models.ForeignKey(
        IngestRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-queued_at", "-id"]

    def __str__(self) -> str:
        return f"run {self.pk} of {self.source} ({self.state})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.pk,
            "source": self.source_id,
            "state": self.state,
            "items": self.items,
            "counts": self.counts,
            "failures": self.failures,
            "error": self.error,
        }


class Submission(models.Model):
    """An item a unit contributor submitted (stored as an article)."""

    article = models.OneToOneField(
        "store.Article", on_delete=models.CASCADE, related_name="submission"
    )
    unit = models.ForeignKey(
        "curation.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"submission {self.pk}: {self.article_id}"
