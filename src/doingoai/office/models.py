"""What the back office keeps: the sources it collects from and the
collection runs, with their progress."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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

_KIND_LABELS = {
    "feed": pgettext_lazy("source kind", "feed"),
    "sitemap": pgettext_lazy("source kind", "sitemap"),
    "site": pgettext_lazy("source kind", "site"),
    "page": pgettext_lazy("source kind", "page"),
}
_SCHEDULE_LABELS = {
    "manual": pgettext_lazy("schedule", "manual"),
    "hourly": pgettext_lazy("schedule", "hourly"),
    "daily": pgettext_lazy("schedule", "daily"),
    "weekly": pgettext_lazy("schedule", "weekly"),
}
_RUN_STATE_LABELS = {
    "queued": pgettext_lazy("run state", "queued"),
    "running": pgettext_lazy("run state", "running"),
    "done": pgettext_lazy("run state", "done"),
    "failed": pgettext_lazy("run state", "failed"),
}


class Source(models.Model):
    """A feed, sitemap, site or page the office collects from."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=16, choices=list(_KIND_LABELS.items()), default="feed"
    )
    url = models.URLField(_("URL"), max_length=2000)
    schedule = models.CharField(
        _("schedule"), max_length=16, choices=list(_SCHEDULE_LABELS.items()), default="daily"
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_run_at = models.DateTimeField(_("last run at"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.name


class CollectionRun(models.Model):
    """One collection of a source, run as a background task."""

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=list(_RUN_STATE_LABELS.items()),
        default="queued",
        db_index=True,
    )
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    items = models.PositiveIntegerField(
        _("documents"), default=0, help_text=_("Documents handled so far.")
    )
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    failures = models.JSONField(_("failures"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    ingest_run = models.ForeignKey(
        IngestRun,
        verbose_name=_("ingest run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-queued_at", "-id"]
        verbose_name = _("collection run")
        verbose_name_plural = _("collection runs")

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
        "store.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="submission",
    )
    unit = models.ForeignKey(
        "curation.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"submission {self.pk}: {self.article_id}"
