"""The period evaluation report (báo cáo đánh giá): the figures of a period
laid out in the programme's sections — summary, results by area (theme),
per-unit table, per-language table, translation, targets, shortfalls — and
the assessment and directions a manager wrote. Built once as tables and
paragraphs (:class:`Report`); :mod:`doingoai.reports.writers` turns that into
JSON, CSV, XLSX, DOCX or PDF. Labels are in the report's language
(Vietnamese unless asked otherwise)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from doingoai.curation.models import Theme, Unit
from doingoai.plans.models import STAGES, Assessment
from doingoai.reports.events import Filters, grouped_counts
from doingoai.reports.figures import (
    TargetRow,
    TranslationFigures,
    counts_of,
    reach,
    stage_counts,
    target_progress,
    translation_figures,
    turnaround,
)
from doingoai.reports.periods import Period

__all__ = ["Report", "Table", "build_report", "stage_label"]

#: the stages a table shows, in order
TABLE_STAGES: tuple[str, ...] = STAGES


def stage_label(stage: str) -> str:
    labels = {
        "collected": pgettext("stage", "collected"),
        "selected": pgettext("stage", "selected"),
        "translated": pgettext("stage", "translated"),
        "published": pgettext("stage", "published"),
        "withdrawn": pgettext("stage", "withdrawn"),
        "corrected": pgettext("stage", "corrected"),
    }
    return labels.get(stage, stage)


def measure_label(measure: str) -> str:
    labels = {
        "articles": _("articles"),
        "turnaround_days": _("median days from selection to publication"),
        "qa_error_share": _("segments with QA errors (%)"),
        "readers": _("readers reached"),
    }
    return labels.get(measure, measure)


def language_name(code: str) -> str:
    if not code:
        return _("all languages")
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Report:
    """A period evaluation report, ready for a writer."""

    title: str
    period: str
    unit: str
    language: str
    generated_at: str
    empty: bool
    sections: list[Section]
    figures: dict[str, Any]

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _stage_rows(
    counts: dict[tuple[Any, ...], int], keys: list[Any], name: Callable[[Any], str]
) -> list[list[Any]]:
    rows = []
    for key in keys:
        rows.append([name(key), *[counts.get((key, s), 0) for s in TABLE_STAGES]])
    return rows


def build_report(
    period: Period,
    *,
    unit: Unit | None = None,
    language: str = "vi",
    today: date | None = None,
    qa: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """The evaluation report of ``period`` for the whole office, or for one
    unit, in ``language``. ``progress`` is told each section as it is made."""
    today = today or timezone.localdate()
    step = progress or (lambda _name: None)
    with translation.override(language):
        filters = Filters(unit=unit.pk if unit else None)
        step("events")
        groups = grouped_counts(period, filters)
        totals = counts_of(groups, ("stage",), "year")
        by_unit = counts_of(groups, ("unit", "stage"), "year")
        by_lang = counts_of(groups, ("language", "stage"), "year")
        by_theme = stage_counts(period, filters, by=("theme", "stage"))
        step("turnaround")
        speed = turnaround(period, filters)
        step("translation")
        tr: TranslationFigures = translation_figures(period, filters, qa=qa, today=today)
        step("targets")
        targets: list[TargetRow] = target_progress(period, filters, today=today)
        units = {u.pk: u for u in Unit.objects.all()}
        themes = {t.slug: t for t in Theme.objects.all()}
        stage_columns = [stage_label(s) for s in TABLE_STAGES]

        def unit_name(pk: int | None) -> str:
            return units[pk].name_in(language) if pk in units else _("no unit")

        def theme_name(slug: str | None) -> str:
            return themes[slug].name(language) if slug in themes else _("no theme")

        sections: list[Section] = []
        summary = Section("summary", _("Summary"))
        summary.tables.append(
            Table(
                "summary",
                _("Work of the period by stage"),
                [_("stage"), _("articles")],
                [[stage_label(s), totals.get((s,), 0)] for s in TABLE_STAGES],
            )
        )
        sections.append(summary)

        theme_keys = sorted({k[0] for k in by_theme}, key=lambda s: (s is None, s or ""))
        sections.append(
            Section(
                "areas",
                _("Results by area"),
                tables=[
                    Table(
                        "areas",
                        _("Articles by theme"),
                        [_("theme"), *stage_columns],
                        _stage_rows(by_theme, theme_keys, theme_name),
                    )
                ],
            )
        )

        scope = [units[unit.pk]] if unit else [u for u in units.values() if u.active]
        unit_keys: list[int | None] = [u.pk for u in sorted(scope, key=lambda u: u.name)]
        if any(k[0] is None for k in by_unit):
            unit_keys.append(None)
        sections.append(
            Section(
                "units",
                _("Results by unit"),
                tables=[
                    Table(
                        "units",
                        _("Articles by unit"),
                        [_("unit"), *stage_columns],
                        _stage_rows(by_unit, unit_keys, unit_name),
                    )
                ],
            )
        )

        lang_keys = sorted({k[0] for k in by_lang} | set(speed))
        lang_rows = _stage_rows(by_lang, lang_keys, language_name)
        for row, code in zip(lang_rows, lang_keys, strict=True):
            found = speed.get(code)
            row.append(found["median_days"] if found else None)
        sections.append(
            Section(
                "languages",
                _("Results by language"),
                tables=[
                    Table(
                        "languages",
                        _("Articles by language"),
                        [_("language"), *stage_columns, _("median days to publication")],
                        lang_rows,
                    )
                ],
            )
        )

        tr_rows = [
            [
                language_name(lang),
                tr.words[lang],
                round(100 * (tr.leverage[lang]["exact"] + tr.leverage[lang]["95-99"]), 1),
                round(100 * tr.mt_share[lang], 1),
                tr.chrf.get(lang),
                tr.qa_errors_before_review_per_1000_words.get(lang),
                tr.qa_errors_after_review_per_1000_words.get(lang),
                tr.qa_errors_per_1000_words.get(lang),
            ]
            for lang in tr.words
        ]
        sections.append(
            Section(
                "translation",
                _("Translation"),
                paragraphs=[
                    ngettext(
                        "%(jobs)d translation job was approved in the period.",
                        "%(jobs)d translation jobs were approved in the period.",
                        tr.jobs,
                    )
                    % {"jobs": tr.jobs}
                ],
                tables=[
                    Table(
                        "translation",
                        _("Translation by language"),
                        [
                            _("language"),
                            _("words"),
                            # xgettext:no-python-format
                            _("memory matches of 95 % or more (% of words)"),
                            # xgettext:no-python-format
                            _("machine translation (% of words)"),
                            _("post-edit chrF"),
                            _("QA errors per 1,000 words before review"),
                            _("QA errors per 1,000 words after review"),
                            _("QA errors per 1,000 words"),
                        ],
                        tr_rows,
                    )
                ],
            )
        )

        step("reach")
        views = reach(period, filters)
        sections.append(
            Section(
                "reach",
                _("Reach"),
                paragraphs=[
                    ngettext(
                        "%(views)d article page was read on the portal in the period.",
                        "%(views)d article pages were read on the portal in the period.",
                        views["views"],
                    )
                    % {"views": views["views"]}
                ],
                tables=[
                    Table(
                        "reach-languages",
                        _("Page views by language of the page"),
                        [_("language"), _("views")],
                        [[language_name(k), v] for k, v in views["by_language"].items()],
                    ),
                    Table(
                        "reach-referrers",
                        _("Page views by referring site"),
                        [_("site"), _("views")],
                        [[k or _("(none)"), v] for k, v in list(views["by_referrer"].items())[:20]],
                    ),
                    Table(
                        "reach-readers",
                        _("Page views by the reader's language"),
                        [_("language"), _("views")],
                        [
                            [language_name(k) if k else _("(not given)"), v]
                            for k, v in views["by_reader_language"].items()
                        ],
                    ),
                ],
            )
        )

        target_rows = [
            [
                r.plan_name,
                measure_label(r.measure),
                stage_label(r.stage) if r.stage else "",
                unit_name(r.unit) if r.unit else _("all units"),
                theme_name(r.theme) if r.theme else _("all themes"),
                language_name(r.language),
                r.value,
                r.actual,
                r.percent,
                _("behind") if r.behind else (_("met") if r.met else _("on track")),
            ]
            for r in targets
        ]
        sections.append(
            Section(
                "targets",
                _("Against the plan's targets"),
                paragraphs=[] if targets else [_("No plan with targets covers this period.")],
                tables=[
                    Table(
                        "targets",
                        _("Targets"),
                        [
                            _("plan"),
                            _("measure"),
                            _("stage"),
                            _("unit"),
                            _("theme"),
                            _("language"),
                            _("target"),
                            _("reached"),
                            # xgettext:no-python-format
                            _("% reached"),
                            _("status"),
                        ],
                        target_rows,
                    )
                ],
            )
        )

        contributed = {k[0] for k, n in by_unit.items() if n and k[1] != "collected"}
        silent = [u for u in scope if u.pk not in contributed]
        behind_langs = sorted({r.language for r in targets if r.behind and r.language})
        shortfalls = Section("shortfalls", _("Shortfalls"))
        shortfalls.tables.append(
            Table(
                "silent-units",
                _("Units that contributed nothing"),
                [_("unit"), _("kind")],
                [[u.name_in(language), u.kind] for u in sorted(silent, key=lambda u: u.name)],
            )
        )
        shortfalls.tables.append(
            Table(
                "languages-behind",
                _("Languages behind target"),
                [_("language"), _("targets behind")],
                [
                    [
                        language_name(lang),
                        sum(1 for r in targets if r.behind and r.language == lang),
                    ]
                    for lang in behind_langs
                ],
            )
        )
        shortfalls.tables.append(
            Table(
                "overdue",
                _("Overdue translation work"),
                [_("job"), _("article"), _("language"), _("due"), _("days late"), _("translator")],
                [
                    [
                        o["job"],
                        o["title"][:80],
                        language_name(o["language"]),
                        o["due_date"],
                        o["days_late"],
                        o["assignee"] or "",
                    ]
                    for o in tr.overdue
                ],
            )
        )
        sections.append(shortfalls)

        written = Assessment.objects.filter(period=period.key, unit=unit).first()
        sections.append(
            Section(
                "assessment",
                _("Assessment"),
                paragraphs=_paragraphs(written.assessment if written else "")
                or [_("(not written yet)")],
            )
        )
        sections.append(
            Section(
                "directions",
                _("Directions for the next period"),
                paragraphs=_paragraphs(written.directions if written else "")
                or [_("(not written yet)")],
            )
        )
        title = _("Evaluation report: external information, %(period)s") % {"period": period.key}
        per_unit: dict[str, dict[str, int]] = {}
        for (pk, stage), n in by_unit.items():
            per_unit.setdefault(units[pk].slug if pk in units else "", {})[stage] = n
        per_language: dict[str, dict[str, int]] = {}
        for (lang, stage), n in by_lang.items():
            per_language.setdefault(lang, {})[stage] = n
        figures: dict[str, Any] = {
            "period": {
                "key": period.key,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            },
            "unit": unit.slug if unit else None,
            "stages": {s: totals.get((s,), 0) for s in TABLE_STAGES},
            "by_unit": per_unit,
            "by_language": per_language,
            "turnaround": speed,
            "translation": tr.as_dict(staff=False),
            "reach": views,
            "targets": [r.as_dict() for r in targets],
        }
        return Report(
            title=title,
            period=period.key,
            unit=unit.name_in(language) if unit else "",
            language=language,
            generated_at=datetime.now(tz=timezone.get_current_timezone()).isoformat(
                timespec="seconds"
            ),
            empty=not any(totals.values()),
            sections=sections,
            figures=figures,
        )


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
