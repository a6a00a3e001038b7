"""What plans keep: a plan with its period and lead unit, its targets, and the
assessment a manager writes for a period."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from doingoai.curation.models import Theme, Unit

__all__ = ["MEASURES", "PERIOD_KINDS", "STAGES", "Assessment", "Measure", "Plan", "Target"]

#: programme: several years (2013–2015); year; quarter
PERIOD_KINDS: tuple[str, ...] = ("programme", "year", "quarter")
#: the stages of the work an article goes through, in order
STAGES: tuple[str, ...] = (
    "collected",
    "selected",
    "translated",
    "published",
    "withdrawn",
    "corrected",
)


class Measure:
    """What a target counts: ``at_least`` targets are reached by going above
    them, the others by staying below."""

    def __init__(self, key: str, at_least: bool, needs_stage: bool, percent: bool = False):
        self.key, self.at_least, self.needs_stage, self.percent = (
            key,
            at_least,
            needs_stage,
            percent,
        )


#: articles: the number of articles reaching a stage (selected, translated,
#: published…); turnaround_days: the median days from selection to
#: publication, per language, at most; qa_error_share: the share (%) of
#: approved segments with a QA error, at most; readers: page views counted
#: on the portal, at least
MEASURES: dict[str, Measure] = {
    "articles": Measure("articles", at_least=True, needs_stage=True),
    "turnaround_days": Measure("turnaround_days", at_least=False, needs_stage=False),
    "qa_error_share": Measure("qa_error_share", at_least=False, needs_stage=False, percent=True),
    "readers": Measure("readers", at_least=True, needs_stage=False),
}


#: how the office and the admin name a plan's period kinds, measures and stages
PERIOD_KIND_LABELS = {
    "programme": pgettext_lazy("period kind", "programme"),
    "year": pgettext_lazy("period kind", "year"),
    "quarter": pgettext_lazy("period kind", "quarter"),
}
MEASURE_LABELS = {
    "articles": _("articles"),
    "turnaround_days": _("median days from selection to publication"),
    "qa_error_share": _("segments with QA errors (%)"),
    "readers": _("readers reached"),
}
STAGE_LABELS = {
    "collected": pgettext_lazy("stage", "collected"),
    "selected": pgettext_lazy("stage", "selected"),
    "translated": pgettext_lazy("stage", "translated"),
    "published": pgettext_lazy("stage", "published"),
    "withdrawn": pgettext_lazy("stage", "withdrawn"),
    "corrected": pgettext_lazy("stage", "corrected"),
}


class Plan(models.Model):
    """A programme (kế hoạch, đề án) over a period, led by a unit."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(
        _("period"),
        max_length=16,
        choices=[(k, PERIOD_KIND_LABELS.get(k, k)) for k in PERIOD_KINDS],
        default="year",
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), help_text=_("The last day of the plan."))
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_plans",
    )
    description = models.TextField(_("description"), blank=True)
    sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Made by the demo, not by the office.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-start", "kind", "name"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.name} ({self.start:%Y-%m-%d}–{self.end:%Y-%m-%d})"

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


class Target(models.Model):
    """A number over a slice of the work: ``value`` of ``measure`` (at
    ``stage``) for one unit, theme and language, each blank for all."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="targets", verbose_name=_("plan")
    )
    measure = models.CharField(
        _("measure"),
        max_length=32,
        choices=[(k, MEASURE_LABELS.get(k, k)) for k in MEASURES],
        default="articles",
    )
    stage = models.CharField(
        _("stage"),
        max_length=16,
        choices=[(s, STAGE_LABELS.get(s, s)) for s in STAGES],
        blank=True,
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    language = models.CharField(_("language"), max_length=16, blank=True)
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["plan", "measure", "stage", "unit", "theme", "language", "id"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return f"{self.measure} {self.stage} = {self.value}"

    def slice_key(self) -> tuple[Any, ...]:
        return (self.measure, self.stage, self.unit_id, self.theme_id, self.language)


class Assessment(models.Model):
    """What a manager writes about a period: the assessment and the directions
    for the next period, for the whole office or one unit."""

    period = models.CharField(
        _("period"),
        max_length=32,
        help_text=_("A year, a quarter or years: 2015, 2015-Q2, 2013..2015"),
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessment = models.TextField(_("assessment"), blank=True)
    directions = models.TextField(_("directions for the next period"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="plans_assessment_once"),
            models.UniqueConstraint(
                fields=["period"],
                condition=models.Q(unit__isnull=True),
                name="plans_assessment_office_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.unit or ''}".strip()
