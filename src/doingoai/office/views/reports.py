"""The dashboard of a period and the evaluation report page: figures from
:mod:`doingoai.reports`, charts drawn on the server with their numbers in a
table beside each, the manager's assessment and the report's downloads.
Managers and editors see every unit; a unit contributor sees their own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from doingoai.curation.models import Theme, Unit
from doingoai.curation.roles import can_manage_plans, can_read_reports, report_units
from doingoai.errors import InputError
from doingoai.office.views.common import deny, page, staff
from doingoai.plans.models import STAGES, Assessment
from doingoai.plans.services import save_assessment
from doingoai.reports import charts as svg
from doingoai.reports.evaluation import build_report, language_name, stage_label
from doingoai.reports.events import Filters, grouped_counts
from doingoai.reports.figures import (
    counts_of,
    reach,
    stage_counts,
    target_progress,
    translation_figures,
    turnaround,
)
from doingoai.reports.periods import Period, buckets, parse_period
from doingoai.reports.writers import FORMATS, write_report

__all__ = [
    "dashboard",
    "report_download",
    "report_page",
    "report_run",
    "report_run_file",
    "report_run_new",
]


def _chart_words() -> svg.Words:
    """The charts' summaries for screen readers in the page's language."""
    return svg.Words(
        gettext=_,
        number=lambda value: number_format(
            value, 0 if value == int(value) else 1, force_grouping=True
        ),
    )


def bar_chart(*args: Any, **kwargs: Any) -> str:
    return svg.bar_chart(*args, words=_chart_words(), **kwargs)


def series_chart(*args: Any, **kwargs: Any) -> str:
    return svg.series_chart(*args, words=_chart_words(), **kwargs)


CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass
class Chart:
    key: str
    title: str
    svg: SafeString
    columns: list[str]
    rows: list[list[Any]]


@dataclass
class Scope:
    period: Period
    unit: Unit | None
    theme: Theme | None
    language: str
    filters: Filters
    error: str = ""

    def query(self) -> str:
        params = {"period": self.period.key}
        if self.unit:
            params["unit"] = self.unit.slug
        if self.theme:
            params["theme"] = self.theme.slug
        if self.language:
            params["language"] = self.language
        return urlencode(params)


def _scope(request: HttpRequest) -> Scope | None:
    """The period and filters asked for, within what the user may read (None: nothing)."""
    allowed = report_units(request.user)
    if allowed is not None and not allowed:
        return None
    error = ""
    key = request.GET.get("period", "").strip() or str(timezone.localdate().year)
    try:
        period = parse_period(key)
    except InputError as err:
        error = str(err)
        period = parse_period(str(timezone.localdate().year))
    unit = None
    slug = request.GET.get("unit", "").strip()
    if slug:
        unit = Unit.objects.filter(slug=slug).first()
        if unit is None:
            error = _("There is no unit %(slug)s.") % {"slug": slug}
    if allowed is not None and (unit is None or unit.pk not in allowed):
        unit = Unit.objects.get(pk=allowed[0])
    theme = None
    theme_slug = request.GET.get("theme", "").strip()
    if theme_slug:
        theme = Theme.objects.filter(slug=theme_slug).first()
        if theme is None:
            error = _("There is no theme %(slug)s.") % {"slug": theme_slug}
    language = request.GET.get("language", "").strip().lower()[:16]
    filters = Filters(
        unit=unit.pk if unit else None,
        theme=theme.slug if theme else None,
        language=language or None,
    )
    return Scope(period, unit, theme, language, filters, error)


def _choices(request: HttpRequest) -> dict[str, Any]:
    allowed = report_units(request.user)
    units = Unit.objects.filter(active=True)
    if allowed is not None:
        units = units.filter(pk__in=allowed)
    return {
        "units": list(units.order_by("name")),
        "themes": list(Theme.objects.all()),
        "languages": [
            (code, language_name(code)) for code in ("vi", "en", "fr", "de", "zh", "ja", "ko", "ru")
        ],
        "all_units": allowed is None,
    }


def _charts(scope: Scope) -> tuple[list[Chart], dict[str, int]]:
    lang = get_language() or "vi"
    period, filters = scope.period, scope.filters
    grain = period.grain()
    steps = [b.label for b in buckets(period, grain)]
    # one counting query for every breakdown but the themes'
    groups = grouped_counts(period, filters, by_day=True, months=grain in ("month", "quarter"))
    by_step = counts_of(groups, ("stage", "step"), grain)
    totals: dict[str, int] = {}
    for (stage, _step), n in by_step.items():
        totals[stage] = totals.get(stage, 0) + n
    charts: list[Chart] = []

    shown = [s for s in STAGES if any(by_step.get((s, step)) for step in steps)]
    series = {stage_label(s): [by_step.get((s, step), 0) for step in steps] for s in shown}
    charts.append(
        Chart(
            "stages",
            _("Articles by stage over time"),
            mark_safe(series_chart(_("Articles by stage over time"), steps, series)),
            [_("step"), *series],
            [[step, *[series[name][i] for name in series]] for i, step in enumerate(steps)],
        )
    )

    by_lang_step = counts_of(groups, ("stage", "language", "step"), grain)
    langs = sorted({lang for (stage, lang, _s) in by_lang_step if stage == "published"})
    lang_series = {
        language_name(code): [by_lang_step.get(("published", code, step), 0) for step in steps]
        for code in langs
    }
    charts.append(
        Chart(
            "languages-over-time",
            _("Published by language over time"),
            mark_safe(series_chart(_("Published by language over time"), steps, lang_series)),
            [_("step"), *lang_series],
            [[step, *[lang_series[n][i] for n in lang_series]] for i, step in enumerate(steps)],
        )
    )

    units = {u.pk: u for u in Unit.objects.all()}
    by_unit = counts_of(groups, ("unit", "stage"), grain)
    targets = target_progress(period, filters)
    unit_target: dict[int, float] = {}
    for row in targets:
        if row.measure == "articles" and row.stage == "published" and row.unit is not None:
            unit_target[row.unit] = unit_target.get(row.unit, 0) + row.value
    ranked = sorted(
        {k[0] for k in by_unit if k[0] is not None} | set(unit_target),
        key=lambda pk: -by_unit.get((pk, "published"), 0),
    )
    labels = [units[pk].name_in(lang) if pk in units else "?" for pk in ranked]
    values = [float(by_unit.get((pk, "published"), 0)) for pk in ranked]
    marks = [unit_target.get(pk) for pk in ranked]
    charts.append(
        Chart(
            "units",
            _("Units ranked by articles published, against their targets"),
            mark_safe(
                bar_chart(
                    _("Units ranked by articles published, against their targets"),
                    labels,
                    values,
                    targets=marks,
                )
            ),
            [_("unit"), _("published"), _("selected"), _("target (published)")],
            [
                [label, int(v), by_unit.get((pk, "selected"), 0), marks[i] if marks[i] else ""]
                for i, (pk, label, v) in enumerate(zip(ranked, labels, values, strict=True))
            ],
        )
    )

    themes = {t.slug: t for t in Theme.objects.all()}
    by_theme = stage_counts(period, filters, by=("theme", "stage"))
    theme_keys = sorted(
        {k[0] for k in by_theme if k[0]}, key=lambda s: -by_theme.get((s, "published"), 0)
    )
    theme_labels = [themes[s].name(lang) if s in themes else s for s in theme_keys]
    charts.append(
        Chart(
            "themes",
            _("Articles published by theme"),
            mark_safe(
                bar_chart(
                    _("Articles published by theme"),
                    theme_labels,
                    [float(by_theme.get((s, "published"), 0)) for s in theme_keys],
                )
            ),
            [_("theme"), _("selected"), _("published")],
            [
                [label, by_theme.get((s, "selected"), 0), by_theme.get((s, "published"), 0)]
                for s, label in zip(theme_keys, theme_labels, strict=True)
            ],
        )
    )

    speed = turnaround(period, filters)
    charts.append(
        Chart(
            "speed",
            _("Median days from selection to publication, by language"),
            mark_safe(
                bar_chart(
                    _("Median days from selection to publication, by language"),
                    [language_name(c) for c in speed],
                    [float(v["median_days"] or 0) for v in speed.values()],
                )
            ),
            [_("language"), _("median days"), _("mean days"), _("published")],
            [
                [language_name(c), v["median_days"], v["mean_days"], v["published"]]
                for c, v in speed.items()
            ],
        )
    )
    quality = translation_figures(period, filters, qa=False, hours=False)
    quality_langs = list(quality.words)
    charts.append(
        Chart(
            "quality",
            _("Translation: words approved by language"),
            mark_safe(
                bar_chart(
                    _("Translation: words approved by language"),
                    [language_name(c) for c in quality_langs],
                    [float(quality.words[c]) for c in quality_langs],
                )
            ),
            [
                _("language"),
                _("words"),
                # xgettext:no-python-format
                _("machine translation (% of words)"),
                _("post-edit chrF"),
                _("post-edit TER"),
                _("QA errors per 1,000 words before review"),
                _("QA errors per 1,000 words after review"),
            ],
            [
                [
                    language_name(c),
                    quality.words[c],
                    round(100 * quality.mt_share[c], 1),
                    quality.chrf.get(c),
                    quality.ter.get(c),
                    quality.qa_errors_before_review_per_1000_words.get(c),
                    quality.qa_errors_after_review_per_1000_words.get(c),
                ]
                for c in quality_langs
            ],
        )
    )
    views = reach(period, filters)
    charts.append(
        Chart(
            "reach",
            _("Page views by language of the page"),
            mark_safe(
                bar_chart(
                    _("Page views by language of the page"),
                    [language_name(c) for c in views["by_language"]],
                    [float(v) for v in views["by_language"].values()],
                )
            ),
            [_("language"), _("views")],
            [[language_name(c), v] for c, v in views["by_language"].items()],
        )
    )
    return charts, totals


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    scope = _scope(request)
    if scope is None or not can_read_reports(request.user):
        return deny(request, _("Reports are for managers, editors and unit contributors."))
    if scope.error:
        messages.error(request, scope.error)
    charts, totals = _charts(scope)
    targets = target_progress(scope.period, scope.filters)
    units = {u.pk: u for u in Unit.objects.all()}
    lang = get_language() or "vi"
    return page(
        request,
        "dashboard.html",
        {
            "scope": scope,
            "charts": charts,
            "totals": [(stage_label(s), totals.get(s, 0)) for s in STAGES],
            "empty": not any(totals.values()),
            "targets": [
                {
                    "row": r,
                    "stage": stage_label(r.stage) if r.stage else "",
                    "unit": units[r.unit].name_in(lang) if r.unit in units else _("all units"),
                    "language": language_name(r.language),
                }
                for r in targets
            ],
            **_choices(request),
        },
    )


@require_http_methods(["GET", "POST"])
def report_page(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    scope = _scope(request)
    if scope is None or not can_read_reports(request.user):
        return deny(request, _("Reports are for managers, editors and unit contributors."))
    if request.method == "POST":
        if not can_manage_plans(request.user):
            return deny(request, _("Only managers write the assessment."))
        save_assessment(
            scope.period.key,
            staff(request),
            assessment=request.POST.get("assessment", ""),
            directions=request.POST.get("directions", ""),
            unit=scope.unit,
        )
        messages.success(
            request, _("The assessment of %(period)s was saved.") % {"period": scope.period.key}
        )
        return redirect(f"{request.path}?{scope.query()}")
    if scope.error:
        messages.error(request, scope.error)
    language = request.GET.get("language_of_report", "") or (get_language() or "vi")[:2]
    report = build_report(scope.period, unit=scope.unit, language=language, qa=False)
    written = Assessment.objects.filter(period=scope.period.key, unit=scope.unit).first()
    return page(
        request,
        "report.html",
        {
            "scope": scope,
            "report": report,
            "written": written,
            "can_write": can_manage_plans(request.user),
            "formats": [f for f in FORMATS if f != "json"],
            **_choices(request),
        },
    )


@require_GET
def report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    scope = _scope(request)
    if scope is None or not can_read_reports(request.user):
        return deny(request, _("Reports are for managers, editors and unit contributors."))
    if fmt not in FORMATS:
        return deny(request, _("Unknown format."))
    if scope.error:
        messages.error(request, scope.error)
        return redirect(f"{request.path.rsplit('/', 2)[0]}/?{scope.query()}")
    language = request.GET.get("language_of_report", "vi")
    if language not in {"vi", "en"}:
        language = "vi"
    report = build_report(scope.period, unit=scope.unit, language=language)
    data = write_report(report, fmt)
    name = f"bao-cao-{scope.period.key.replace('..', '-')}"
    if scope.unit:
        name += f"-{scope.unit.slug}"
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_POST
def report_run_new(request: HttpRequest) -> HttpResponse:
    """Queue the report of the page's period to be made in the background."""
    from doingoai.reports.background import enqueue_report

    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    scope = _scope(request)
    if scope is None or not can_read_reports(request.user):
        return deny(request, _("Reports are for managers, editors and unit contributors."))
    if scope.error:
        messages.error(request, scope.error)
        return redirect(f"{reverse('office:report')}?{scope.query()}")
    fmt = request.POST.get("format", "docx")
    language = request.POST.get("language_of_report", "vi")
    if fmt not in FORMATS or language not in {"vi", "en"}:
        messages.error(request, _("Choose a format and a language for the report."))
        return redirect(f"{reverse('office:report')}?{scope.query()}")
    run = enqueue_report(
        scope.period.key, fmt=fmt, language=language, unit=scope.unit, user=staff(request)
    )
    messages.success(
        request,
        _("The report of %(period)s is being made in the background.")
        % {"period": scope.period.key},
    )
    return redirect("office:report-run", run_id=run.pk)


def _own_run(request: HttpRequest, run_id: int) -> Any:
    from doingoai.reports.models import ReportRun

    run = get_object_or_404(ReportRun.objects.select_related("unit"), pk=run_id)
    allowed = report_units(request.user)
    if allowed is not None and (run.unit_id is None or run.unit_id not in allowed):
        return None
    return run


@require_GET
def report_run(request: HttpRequest, run_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not can_read_reports(request.user):
        return deny(request, _("Reports are for managers, editors and unit contributors."))
    run = _own_run(request, run_id)
    if run is None:
        return deny(request, _("This report is of another unit."))
    return page(request, "report_run.html", {"run": run})


@require_GET
def report_run_file(request: HttpRequest, run_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not can_read_reports(request.user):
        return deny(request, _("Reports are for managers, editors and unit contributors."))
    run = _own_run(request, run_id)
    if run is None:
        return deny(request, _("This report is of another unit."))
    if run.state != "done" or run.data is None:
        messages.error(request, _("The report is not ready yet."))
        return redirect("office:report-run", run_id=run.pk)
    response = HttpResponse(bytes(run.data), content_type=CONTENT_TYPES[run.fmt])
    response["Content-Disposition"] = f'attachment; filename="{run.filename}"'
    return response
