"""What the reports keep: the portal's page views counted per article,
language, day, referring site and reader's language — never a person."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from doingoai.store.models import Article

__all__ = [
    "RUN_STATES",
    "ArticleRollup",
    "DailyViews",
    "DirtyArticle",
    "DirtyJob",
    "JobFigures",
    "ReachDelta",
    "ReportRun",
    "StageDelta",
]


class DailyViews(models.Model):
    """How many times the page of ``article`` in ``language`` was read on
    ``day``, coming from ``referrer`` (a site's host name; empty when the
    browser named none) by readers whose first language is ``reader_language``.
    No address, cookie or identifier of anyone is stored."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(_("language"), max_length=16)
    day = models.DateField(_("day"), db_index=True)
    referrer = models.CharField(_("referring site"), max_length=100, blank=True)
    reader_language = models.CharField(_("reader's language"), max_length=8, blank=True)
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language", "day", "referrer", "reader_language"],
                name="reports_daily_views_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.article_id}/{self.language} {self.day}: {self.views}"


#: a report run's states
RUN_STATES: tuple[str, ...] = ("queued", "running", "done", "failed")


class ReportRun(models.Model):
    """An evaluation report made in the background (long periods): its
    progress while it runs, the file when it is done."""

    period = models.CharField(_("period"), max_length=32)
    unit = models.ForeignKey(
        "curation.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, default="vi")
    fmt = models.CharField(_("format"), max_length=8)
    state = models.CharField(
        _("state"), max_length=16, choices=[(s, s) for s in RUN_STATES], default="queued"
    )
    step = models.CharField(_("step"), max_length=64, blank=True)
    steps_done = models.PositiveSmallIntegerField(default=0)
    steps_total = models.PositiveSmallIntegerField(default=1)
    data = models.BinaryField(null=True, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")

    def __str__(self) -> str:
        return f"report {self.period} {self.fmt} ({self.state})"

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.steps_done / max(1, self.steps_total)))


class _StageRows(models.Model):
    day = models.DateField()
    stage = models.CharField(max_length=16)
    unit = models.IntegerField(null=True)
    theme = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=16, blank=True)
    lag = models.IntegerField(null=True)
    n = models.IntegerField()

    class Meta:
        abstract = True


class StageDelta(_StageRows):
    """The rollup of the stage counts (see :mod:`doingoai.reports.rollups`):
    a signed number of events of ``stage`` on ``day`` in ``language`` for
    articles attributed to ``unit`` (the unit as stored, before merges) and
    filed under ``theme`` ("" is every event once, "-" the events of articles
    with no theme). Stage ``lag`` rows count publications ``lag`` days after
    the selection (the turnaround). Rows are only inserted; the figure of a
    key is the sum of its rows, and compaction folds them."""

    class Meta:
        indexes = [
            models.Index(fields=["theme", "day"], name="reports_stage_theme_day"),
            models.Index(fields=["unit", "day"], name="reports_stage_unit_day"),
            models.Index(fields=["stage", "theme", "day"], name="reports_stage_stage_theme"),
        ]


class StageMonth(_StageRows):
    """The same rows as :class:`StageDelta` summed by month (``day`` is the
    first day of the month), written in the same transaction as them: a
    period of whole months reads these, a few hundred times fewer rows than
    the days. The index holds every column, so that a sum reads the index
    alone."""

    class Meta:
        indexes = [
            models.Index(
                fields=["stage", "theme", "day", "language", "unit", "lag", "n"],
                name="reports_month_covering",
            ),
        ]


class ReachDelta(models.Model):
    """The rollup of the page views: a signed number of views per day, page
    language, referring site, reader's language and unit, written by the
    database's triggers on ``reports_dailyviews`` in the same transaction as
    the count it follows."""

    day = models.DateField(db_index=True)
    language = models.CharField(max_length=16)
    referrer = models.CharField(max_length=100, blank=True)
    reader_language = models.CharField(max_length=8, blank=True)
    #: the unit the article rollup holds for the article (as stored, before
    #: merges); the views move with the article when its unit changes
    unit = models.IntegerField(null=True)
    #: "" counts every view once; a slug, the views of articles under that
    #: theme (as the article rollup holds them; they move when it changes)
    theme = models.CharField(max_length=64, blank=True, default="")
    views = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["unit", "day"], name="reports_reach_unit_day"),
            models.Index(fields=["theme", "day"], name="reports_reach_theme_day"),
        ]


class ReachMonth(models.Model):
    """The same rows as :class:`ReachDelta` summed by month (``day`` is the
    first day of the month), written with them by the same triggers and
    statements."""

    day = models.DateField()
    language = models.CharField(max_length=16)
    referrer = models.CharField(max_length=100, blank=True)
    reader_language = models.CharField(max_length=8, blank=True)
    unit = models.IntegerField(null=True)
    theme = models.CharField(max_length=64, blank=True, default="")
    views = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["day"], name="reports_reachmonth_day"),
            models.Index(fields=["unit", "day"], name="reports_reachmonth_unit_day"),
            models.Index(fields=["theme", "day"], name="reports_reachmonth_theme_day"),
        ]


class ArticleRollup(models.Model):
    """What one article adds to :class:`StageDelta` now (its keys and
    counts as JSON), so that a change is written as the difference, and its
    unit as stored (for the page views of a unit)."""

    article = models.BigIntegerField(primary_key=True)
    unit = models.IntegerField(null=True, db_index=True)
    keys = models.TextField(default="[]")
    #: the slugs of the themes the article is filed under (JSON), read by
    #: the page-view triggers
    themes = models.TextField(default="[]")


class DirtyArticle(models.Model):
    """An article whose events may have changed since its rollup was
    written: inserted by the database's triggers on articles, selections,
    their themes, translated versions, submissions and outlets, in the same
    transaction as the change."""

    article = models.BigIntegerField()


class JobFigures(models.Model):
    """The measures of one translation job (``doingoai.translation.measures``),
    kept so that the figures of thousands of jobs are summed by the
    database, not computed again: the summable ones in columns (words per
    leverage band, chrF and TER, the QA errors recorded when it was first
    submitted for review and when it was last approved), with the job's
    article, language, translator and last approval; the rest as JSON (its
    time in each state up to its last event, and that event's time and
    state)."""

    job = models.BigIntegerField(primary_key=True)
    measures = models.TextField()
    article = models.BigIntegerField(null=True)
    language = models.CharField(max_length=16, blank=True)
    assignee = models.IntegerField(null=True)
    #: the last approval (a job's figures count in the period of this day)
    approved = models.DateTimeField(null=True)
    segments = models.IntegerField(default=0)
    words = models.IntegerField(default=0)
    band_exact = models.IntegerField(default=0)
    band_95_99 = models.IntegerField(default=0)
    band_85_94 = models.IntegerField(default=0)
    band_75_84 = models.IntegerField(default=0)
    band_mt = models.IntegerField(default=0)
    band_none = models.IntegerField(default=0)
    chrf = models.FloatField(null=True)
    ter = models.FloatField(null=True)
    qa_before = models.IntegerField(null=True)
    qa_after = models.IntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["approved", "language"], name="reports_job_approved")]


class DirtyJob(models.Model):
    """A translation job whose segments or history changed since its
    :class:`JobFigures` were written (inserted by triggers, like
    :class:`DirtyArticle`)."""

    job = models.BigIntegerField()
