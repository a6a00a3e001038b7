"""The figures of the office, each one plain function over the stored data
(definitions in docs/reports.md). The dashboard, the API, ``doingoai
report`` and the document writers all call these; none of them counts by
itself.

* :func:`stage_counts` — articles reaching each stage, by any of unit,
  theme, language and time step.
* :func:`turnaround` — days from selection to publication, per language.
* :func:`translation_figures` — words, memory leverage, machine share,
  post-edit distance, QA errors, time per state, overdue jobs.
* :func:`target_progress` — each target of the plans over the period,
  with what was reached and what is behind.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from doingoai.plans.models import MEASURES, Plan, Target
from doingoai.reports.events import (
    Event,
    Filters,
    Group,
    article_themes,
    bounds,
    grouped_counts,
    source_unit_expr,
    unit_expr,
    unit_map,
)
from doingoai.reports.periods import Period, bucket_label
from doingoai.translation.models import JobEvent, TranslationJob

__all__ = [
    "DIMENSIONS",
    "TargetRow",
    "TranslationFigures",
    "counts_of",
    "median",
    "reach",
    "stage_counts",
    "target_progress",
    "translation_figures",
    "turnaround",
]

#: what counts can be broken down by
DIMENSIONS: tuple[str, ...] = ("stage", "unit", "theme", "language", "step")


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def stage_counts(
    period: Period,
    filters: Filters | None = None,
    by: tuple[str, ...] = ("stage",),
    grain: str | None = None,
    events: list[Event] | None = None,
) -> dict[tuple[Any, ...], int]:
    """How many articles reached each stage in ``period``, keyed by the
    values of ``by`` (names from :data:`DIMENSIONS`; ``step`` is the time
    step of ``grain``). An article filed under two themes counts once in
    each theme, so counts by theme may add up to more than the total."""
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown:
        raise ValueError(f"unknown dimension {unknown[0]!r}: expected {', '.join(DIMENSIONS)}")
    grain = grain or period.grain()
    counts: Counter[tuple[Any, ...]] = Counter()
    if events is None:
        groups = grouped_counts(
            period,
            filters,
            by_day="step" in by,
            by_theme="theme" in by,
            months=grain in ("month", "quarter"),
        )
        return counts_of(groups, by, grain)
    themes = article_themes({e.article for e in events}) if "theme" in by else {}
    for e in events:
        per_event: dict[str, list[Any]] = {
            "stage": [e.stage],
            "unit": [e.unit],
            "language": [e.language],
            "step": [bucket_label(e.day, grain)] if "step" in by else [None],
            "theme": themes.get(e.article) or [None] if "theme" in by else [None],
        }
        keys: list[tuple[Any, ...]] = [()]
        for dim in by:
            keys = [(*k, v) for k in keys for v in per_event[dim]]
        for key in keys:
            counts[key] += 1
    return dict(counts)


def counts_of(groups: list[Group], by: tuple[str, ...], grain: str) -> dict[tuple[Any, ...], int]:
    """:func:`stage_counts` from groups already counted (one query serves
    several breakdowns: ask :func:`grouped_counts` with ``by_day`` for
    ``step``, ``by_theme`` for ``theme``)."""
    counts: Counter[tuple[Any, ...]] = Counter()
    for g in groups:
        values = {
            "stage": g.stage,
            "unit": g.unit,
            "language": g.language,
            "theme": g.theme,
            "step": bucket_label(g.day, grain) if g.day is not None else None,
        }
        counts[tuple(values[d] for d in by)] += g.count
    return dict(counts)


def turnaround(
    period: Period, filters: Filters | None = None, events: list[Event] | None = None
) -> dict[str, dict[str, Any]]:
    """Per language: the median, mean and count of days from an article's
    selection to its publication in that language, over the publications in
    ``period`` (the original's language for the original). Counted by the
    database in groups of (publication day, selection day); ``events`` is
    not needed and kept for callers that have them."""
    from django.db.models import Count

    from doingoai.curation.models import Selection
    from doingoai.reports.events import day_of, unit_expr
    from doingoai.translation.models import TranslatedVersion

    filters = filters or Filters()
    start, end = bounds(period)
    units = unit_map()
    wanted = units.get(filters.unit, filters.unit) if filters.unit is not None else None
    sources: list[tuple[Any, str, str, str, str, str]] = [
        (Selection, "published_at", "selected_at", "article__language", "selected", "themes__slug"),
        (
            TranslatedVersion,
            "published_at",
            "source__article__selection__selected_at",
            "language",
            "version",
            "source__article__selection__themes__slug",
        ),
    ]
    days: dict[str, Counter[int]] = defaultdict(Counter)
    from doingoai.reports import rollups

    if rollups.enabled():
        allowed: list[int] | None = None
        if filters.unit is not None:
            allowed = rollups.unit_ids([filters.unit], units)
        if filters.units is not None:
            inside = rollups.unit_ids(filters.units, units, resolve=False)
            allowed = inside if allowed is None else [u for u in allowed if u in inside]
        for lang_, _unit, lag, n in rollups.lag_rows(
            period.start,
            period.end,
            theme=filters.theme,
            language=filters.language,
            units=allowed,
        ):
            days[lang_ or ""][lag or 0] += n
        sources = []
    for model, at, picked, lang, kind, theme_path in sources:
        query = model.objects.filter(
            **{f"{at}__gte": start, f"{at}__lt": end, f"{picked}__isnull": False}
        )
        if filters.language:
            query = query.filter(**{lang: filters.language})
        if filters.theme:
            query = query.filter(**{theme_path: filters.theme})
        rows = (
            query.annotate(
                _lang=F(lang),
                _out=day_of(at, period),
                # an article is selected before it is published: the day
                # expression holds for the year before the period too
                _in=day_of(picked, Period(period.start - timedelta(days=366), period.end, "")),
                _unit=unit_expr(kind),
            )
            .values("_lang", "_out", "_in", "_unit")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            unit = units.get(row["_unit"], row["_unit"]) if row["_unit"] is not None else None
            if filters.unit is not None and unit != wanted:
                continue
            if filters.units is not None and unit not in filters.units:
                continue
            days[row["_lang"] or ""][max(0, (row["_out"] - row["_in"]).days)] += row["n"]
    out: dict[str, dict[str, Any]] = {}
    for lang, counted in sorted(days.items()):
        values = sorted(counted.elements())
        out[lang] = {
            "median_days": median([float(v) for v in values]),
            "mean_days": round(sum(values) / len(values), 2),
            "published": len(values),
        }
    return out


def _held_units(filters: Filters) -> list[int] | None:
    """The unit ids as stored in the rollups that the slice keeps (None: all)."""
    from doingoai.reports import rollups

    held: list[int] | None = None
    units = unit_map()
    if filters.unit is not None:
        held = rollups.unit_ids([filters.unit], units)
    if filters.units is not None:
        inside = rollups.unit_ids(filters.units, units, resolve=False)
        held = inside if held is None else [u for u in held if u in inside]
    return held


def reach(period: Period, filters: Filters | None = None) -> dict[str, Any]:
    """Portal page views in ``period`` (see :mod:`doingoai.reports.reach`):
    the total, and by page language, referring site and reader's language.
    An article's unit and themes are those of its stage events."""
    from doingoai.curation.models import Selection
    from doingoai.reports import rollups
    from doingoai.reports.models import DailyViews

    filters = filters or Filters()
    if rollups.enabled():
        held = _held_units(filters)
        return _views(
            rollups.views_rows(period.start, period.end, filters.language, held, filters.theme)
        )
    rows = DailyViews.objects.filter(day__gte=period.start, day__lte=period.end)
    if filters.language:
        rows = rows.filter(language=filters.language)
    if filters.theme:
        rows = rows.filter(
            article_id__in=Selection.objects.filter(themes__slug=filters.theme).values("article_id")
        )
    if rollups.enabled() and (filters.unit is not None or filters.units is not None):
        from doingoai.reports.models import ArticleRollup

        rollups.catch_up()
        rows = rows.filter(
            article_id__in=ArticleRollup.objects.filter(unit__in=_held_units(filters)).values(
                "article"
            )
        )
    elif filters.unit is not None or filters.units is not None:
        # as the stage counts: the article's unit (resolved through merges)
        # is the filter's unit, and one of ``units`` as they are given
        units = unit_map()
        wanted = units.get(filters.unit, filters.unit) if filters.unit is not None else None

        def kept(unit: int | None) -> bool:
            if unit is None or (wanted is not None and unit != wanted):
                return False
            return filters.units is None or unit in filters.units

        ids = [
            pk
            for pk, sel, own, sub, src, outlet in rows.annotate(_src=source_unit_expr("article__"))
            .values_list(
                "article_id",
                "article__selection__unit_id",
                "article__unit_id",
                "article__submission__unit_id",
                "_src",
                "article__outlet__unit_id",
            )
            .distinct()
            if kept(units.get(next((u for u in (sel, own, sub, src, outlet) if u is not None), -1)))
        ]
        rows = rows.filter(article_id__in=ids)

    return _views(rows)


def _views(rows: Any) -> dict[str, Any]:
    """The total and the breakdowns of page-view rows (raw or rolled up, a
    query or a list of them: keys whose views sum to nothing are left out),
    from one grouped sum each."""
    from django.db.models import Sum

    by: dict[str, Counter[str]] = {f: Counter() for f in _VIEW_FIELDS}
    for part in rows if isinstance(rows, list) else [rows]:
        for *key, n in part.values_list(*_VIEW_FIELDS).annotate(n=Sum("views")).order_by():
            for name, value in zip(_VIEW_FIELDS, key, strict=True):
                by[name][value or ""] += n

    def ranked(counts: Counter[str]) -> dict[str, int]:
        return {
            k: int(n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n > 0
        }

    return {
        "views": int(sum(by["language"].values())),
        "by_language": ranked(by["language"]),
        "by_referrer": ranked(by["referrer"]),
        "by_reader_language": ranked(by["reader_language"]),
    }


_VIEW_FIELDS = ("language", "referrer", "reader_language")


@dataclass
class TranslationFigures:
    """Figures of the translation jobs approved in a period (see docs/reports.md)."""

    jobs: int = 0
    words: dict[str, int] = field(default_factory=dict)
    words_by_translator: dict[str, dict[str, int]] = field(default_factory=dict)
    leverage: dict[str, dict[str, float]] = field(default_factory=dict)
    mt_share: dict[str, float] = field(default_factory=dict)
    chrf: dict[str, float | None] = field(default_factory=dict)
    ter: dict[str, float | None] = field(default_factory=dict)
    qa_errors_per_1000_words: dict[str, float] = field(default_factory=dict)
    qa_error_share: dict[str, float] = field(default_factory=dict)
    reviewed_jobs: dict[str, int] = field(default_factory=dict)
    qa_errors_before_review_per_1000_words: dict[str, float] = field(default_factory=dict)
    qa_errors_after_review_per_1000_words: dict[str, float] = field(default_factory=dict)
    hours_in_state: dict[str, float | None] = field(default_factory=dict)
    overdue: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self, *, staff: bool = True) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items()}
        if not staff:
            out.pop("words_by_translator")
        return out


#: per target language, the sums :func:`translation_figures` is made of
_SUMS = (
    "jobs",
    "segments",
    "words",
    "chrf_sum",
    "chrf_words",
    "ter_sum",
    "ter_words",
    "reviewed",
    "reviewed_words",
    "qa_before",
    "qa_after",
)


def _job_sums(
    period: Period, filters: Filters
) -> tuple[dict[str, dict[str, float]], dict[tuple[int | None, str], int], Any]:
    """The jobs whose last approval falls in ``period``, in the slice: the
    sums per language, the words per (translator id, language), and the
    jobs' ids (a list, or a query of them). Summed by the database over the kept measures (or, with the
    raw tables, job by job from the segments and history)."""
    from django.db.models import Count, Q, Sum

    from doingoai.reports import rollups
    from doingoai.translation.measures import BANDS

    start, end = bounds(period)
    held = _held_units(filters)
    allowed = set(held) if held is not None else None
    if rollups.enabled():
        from doingoai.curation.models import Selection
        from doingoai.reports.models import ArticleRollup, JobFigures

        rollups.catch_up_jobs()
        rows = JobFigures.objects.filter(approved__gte=start, approved__lt=end)
        if filters.language:
            rows = rows.filter(language=filters.language)
        if allowed is not None:
            rollups.catch_up()
            rows = rows.filter(
                article__in=ArticleRollup.objects.filter(unit__in=allowed).values("article")
            )
        if filters.theme:
            rows = rows.filter(
                article__in=Selection.objects.filter(themes__slug=filters.theme).values(
                    "article_id"
                )
            )
        has_chrf, has_ter = Q(chrf__isnull=False), Q(ter__isnull=False)
        reviewed = Q(qa_before__isnull=False, qa_after__isnull=False)
        sums = {
            "jobs": Count("job"),
            "segments": Sum("segments"),
            "words": Sum("words"),
            "chrf_sum": Sum(F("chrf") * F("words"), filter=has_chrf),
            "chrf_words": Sum("words", filter=has_chrf),
            "ter_sum": Sum(F("ter") * F("words"), filter=has_ter),
            "ter_words": Sum("words", filter=has_ter),
            "reviewed": Count("job", filter=reviewed),
            "reviewed_words": Sum("words", filter=reviewed),
            "qa_before": Sum("qa_before", filter=reviewed),
            "qa_after": Sum("qa_after", filter=reviewed),
            **{b: Sum(rollups.band_column(b)) for b in BANDS},
        }
        # one sum per translator and language (named apart from the columns
        # they sum), added up per language here
        per_lang: dict[str, dict[str, float]] = {}
        by_translator: dict[tuple[int | None, str], int] = {}
        for row in (
            rows.values("assignee", "language")
            .annotate(**{f"sum_{k}": v for k, v in sums.items()})
            .order_by()
        ):
            person, lang = row.pop("assignee"), row.pop("language")
            got = per_lang.setdefault(lang, {})
            for k, v in row.items():
                got[k[4:]] = got.get(k[4:], 0) + (v or 0)
            by_translator[(person, lang)] = row["sum_words"] or 0
        return per_lang, by_translator, rows.values("job")
    # the raw tables: every job approved in the period, measured now
    candidates = set(
        JobEvent.objects.filter(to_state="approved", at__gte=start, at__lt=end).values_list(
            "job_id", flat=True
        )
    )
    jobs = TranslationJob.objects.filter(pk__in=candidates).order_by("pk")
    if filters.language:
        jobs = jobs.filter(target_lang=filters.language)
    if filters.theme:
        jobs = jobs.filter(article__selection__themes__slug=filters.theme)
    if allowed is not None:
        from doingoai.store.models import Article

        of_jobs = Article.objects.filter(pk__in=jobs.values("article_id")).annotate(
            _unit=unit_expr("collected")
        )
        jobs = jobs.filter(
            article_id__in=[
                pk for pk, unit in of_jobs.values_list("pk", "_unit") if unit in allowed
            ]
        )
    counted: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys([*_SUMS, *BANDS], 0))
    words_of: Counter[tuple[int | None, str]] = Counter()
    ids = []
    for job in jobs.distinct():
        v = rollups.job_values(job)
        if v["approved"] is None or not start <= v["approved"] < end:
            continue  # approved in the period, and again later
        ids.append(job.pk)
        got = counted[v["language"]]
        got["jobs"] += 1
        got["segments"] += v["segments"]
        got["words"] += v["words"]
        for b in BANDS:
            got[b] += v[rollups.band_column(b)]
        for name in ("chrf", "ter"):
            if v[name] is not None:
                got[f"{name}_sum"] += v[name] * v["words"]
                got[f"{name}_words"] += v["words"]
        if v["qa_before"] is not None and v["qa_after"] is not None:
            got["reviewed"] += 1
            got["reviewed_words"] += v["words"]
            got["qa_before"] += v["qa_before"]
            got["qa_after"] += v["qa_after"]
        words_of[(v["assignee"], v["language"])] += v["words"]
    return dict(counted), dict(words_of), ids


def translation_figures(
    period: Period,
    filters: Filters | None = None,
    *,
    qa: bool = True,
    hours: bool = True,
    today: date | None = None,
) -> TranslationFigures:
    """Words, leverage, machine share, post-edit distance and QA errors of the
    jobs whose last approval falls in ``period``, per target language;
    hours in each state (median over those jobs; ``hours=False`` skips
    them); overdue jobs (open past their due date at the period's end, or
    today if sooner). ``qa=False`` skips running the QA checks (the slowest
    part); the errors before and after review are the ones recorded when the
    jobs were submitted and approved, and need no checks."""
    from django.contrib.auth import get_user_model

    from doingoai.reports.rollups import job_measures_of
    from doingoai.translation.jobs import qa_job
    from doingoai.translation.measures import BANDS

    filters = filters or Filters()
    out = TranslationFigures()
    per_lang, words_of, ids = _job_sums(period, filters)
    out.jobs = int(sum(got.get("jobs") or 0 for got in per_lang.values()))

    def share(part: float, whole: float, digits: int) -> float:
        return round(part / whole, digits) if whole else 0.0

    errors: Counter[str] = Counter()
    segments_with_error: Counter[str] = Counter()
    if qa or hours:
        jobs = list(TranslationJob.objects.filter(pk__in=ids).order_by("pk"))
        in_state: dict[str, list[float]] = defaultdict(list)
        if hours:
            for m in job_measures_of(jobs).values():
                for state, seconds in m.time_in_state.items():
                    in_state[state].append(seconds / 3600)
            out.hours_in_state = {state: median(v) for state, v in sorted(in_state.items())}
        for job in jobs if qa else []:
            issues = [i for i in qa_job(job) if i.severity == "error"]
            errors[job.target_lang] += len(issues)
            segments_with_error[job.target_lang] += len({i.segment for i in issues})
    for lang in sorted(per_lang):
        got = {k: v or 0 for k, v in per_lang[lang].items()}
        total = int(got["words"])
        out.words[lang] = total
        out.leverage[lang] = {band: share(got[band], total, 4) for band in BANDS}
        out.mt_share[lang] = out.leverage[lang]["mt"]
        out.chrf[lang] = (
            round(got["chrf_sum"] / got["chrf_words"], 2) if got["chrf_words"] else None
        )
        out.ter[lang] = round(got["ter_sum"] / got["ter_words"], 2) if got["ter_words"] else None
        if qa:
            out.qa_errors_per_1000_words[lang] = share(errors[lang] * 1000, total, 2)
            out.qa_error_share[lang] = share(100 * segments_with_error[lang], got["segments"], 2)
        if got["reviewed"]:
            reviewed = got["reviewed_words"]
            out.reviewed_jobs[lang] = int(got["reviewed"])
            out.qa_errors_before_review_per_1000_words[lang] = share(
                got["qa_before"] * 1000, reviewed, 2
            )
            out.qa_errors_after_review_per_1000_words[lang] = share(
                got["qa_after"] * 1000, reviewed, 2
            )
    names = dict(
        get_user_model()
        .objects.filter(pk__in={p for p, _l in words_of if p is not None})
        .values_list("pk", "username")
    )
    by_translator: dict[str, Counter[str]] = defaultdict(Counter)
    for (person, lang), n in words_of.items():
        by_translator[names.get(person, "—") if person is not None else "—"][lang] += int(n)
    out.words_by_translator = {k: dict(sorted(v.items())) for k, v in sorted(by_translator.items())}
    out.overdue = overdue_jobs(period, filters, today=today)
    return out


def overdue_jobs(
    period: Period, filters: Filters | None = None, *, today: date | None = None
) -> list[dict[str, Any]]:
    """Jobs not approved or published whose due date passed before the
    period's end (or today, if sooner)."""
    filters = filters or Filters()
    cut = min(period.end, today or timezone.localdate())
    jobs = TranslationJob.objects.filter(due_date__lt=cut).exclude(
        state__in=["approved", "published"]
    )
    if filters.language:
        jobs = jobs.filter(target_lang=filters.language)
    units = unit_map()
    rows: list[dict[str, Any]] = []
    jobs = jobs.annotate(_src=source_unit_expr("article__"))
    for job in jobs.select_related("assignee", "article", "article__selection", "article__outlet"):
        article = job.article
        selection = getattr(article, "selection", None)
        unit = next(
            (
                u
                for u in (
                    selection.unit_id if selection is not None else None,
                    article.unit_id,
                    _submission_unit(article),
                    getattr(job, "_src", None),
                    article.outlet.unit_id if article.outlet else None,
                )
                if u is not None
            ),
            None,
        )
        unit = units.get(unit, unit) if unit is not None else None
        if filters.unit is not None and unit != units.get(filters.unit, filters.unit):
            continue
        if filters.units is not None and unit not in filters.units:
            continue
        rows.append(
            {
                "job": job.pk,
                "article": job.article_id,
                "title": article.title,
                "language": job.target_lang,
                "state": job.state,
                "due_date": job.due_date.isoformat() if job.due_date else None,
                "days_late": (cut - job.due_date).days if job.due_date else 0,
                "assignee": job.assignee.get_username() if job.assignee else None,
                "unit": unit,
            }
        )
    rows.sort(key=lambda r: (-r["days_late"], r["job"]))
    return rows


def _submission_unit(article: Any) -> int | None:
    submission = getattr(article, "submission", None)
    try:
        return submission.unit_id if submission is not None else None
    except AttributeError:
        return None


@dataclass
class TargetRow:
    """A target and how far the work has gone towards it."""

    plan: int
    plan_name: str
    target: int
    measure: str
    stage: str
    unit: int | None
    theme: str
    language: str
    value: float
    actual: float | None
    percent: float | None
    expected: float
    met: bool
    behind: bool
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _elapsed_share(plan: Plan, today: date) -> float:
    if today >= plan.end:
        return 1.0
    if today < plan.start:
        return 0.0
    return ((today - plan.start).days + 1) / ((plan.end - plan.start).days + 1)


def _actual(target: Target, plan_period: Period, extra: Filters) -> float | None:
    filters = Filters(
        unit=target.unit_id if target.unit_id is not None else extra.unit,
        theme=target.theme.slug if target.theme else extra.theme,
        language=target.language or extra.language,
        units=extra.units,
    )
    if target.measure == "articles":
        groups = grouped_counts(plan_period, filters, stages=(target.stage,))
        return float(sum(g.count for g in groups))
    if target.measure == "turnaround_days":
        per_lang = turnaround(plan_period, filters)
        if target.language:
            found = per_lang.get(target.language)
            return found["median_days"] if found else None
        return median([v["median_days"] for v in per_lang.values() if v["median_days"] is not None])
    if target.measure == "qa_error_share":
        figures = translation_figures(plan_period, filters)
        if target.language:
            return figures.qa_error_share.get(target.language)
        shares = figures.qa_error_share
        return round(sum(shares.values()) / len(shares), 2) if shares else None
    views = reach(plan_period, filters)
    return float(views["views"])  # readers: page views counted on the portal


def target_progress(
    period: Period, filters: Filters | None = None, *, today: date | None = None
) -> list[TargetRow]:
    """Every target of the plans whose period overlaps ``period`` (only the
    targets of ``filters.unit`` when it is set), measured over the plan's
    own period up to today. ``percent``: actual ÷ target for targets to
    reach, target ÷ actual for limits not to pass (capped at 100 when met).
    ``behind``: a target to reach that is below the share of the plan's
    period already gone, or a limit that is passed."""
    filters = filters or Filters()
    today = today or timezone.localdate()
    plans = Plan.objects.filter(start__lte=period.end, end__gte=period.start).order_by(
        "start", "pk"
    )
    rows: list[TargetRow] = []
    units = unit_map()
    for plan in plans:
        span = Period(
            plan.start, min(plan.end, max(today, plan.start)), f"{plan.start}..{plan.end}"
        )
        targets = plan.targets.select_related("theme").order_by("pk")
        for target in targets:
            if filters.unit is not None and (
                target.unit_id is None
                or units.get(target.unit_id, target.unit_id)
                != units.get(filters.unit, filters.unit)
            ):
                continue
            if filters.language and target.language and target.language != filters.language:
                continue
            measure = MEASURES[target.measure]
            value = float(target.value)
            actual = _actual(target, span, Filters(units=filters.units))
            share = _elapsed_share(plan, today)
            if measure.at_least:
                expected = round(value * share, 2)
                met = actual is not None and actual >= value
                behind = actual is None or actual < expected
                percent = round(100 * actual / value, 1) if actual is not None and value else None
            else:
                expected = value
                met = actual is not None and actual <= value
                behind = actual is not None and actual > value
                percent = (
                    None if actual is None else 100.0 if met else round(100 * value / actual, 1)
                )
            rows.append(
                TargetRow(
                    plan=plan.pk,
                    plan_name=plan.name,
                    target=target.pk,
                    measure=target.measure,
                    stage=target.stage,
                    unit=target.unit_id,
                    theme=target.theme.slug if target.theme else "",
                    language=target.language,
                    value=value,
                    actual=actual,
                    percent=percent,
                    expected=expected,
                    met=met,
                    behind=behind,
                    note=target.note,
                )
            )
    return rows
