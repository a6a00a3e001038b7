"""What the translation workbench shows: every segment of a job with its
state and QA marks (filtered by state or QA), and for the segment at hand
the translation-memory matches with their differences, the pre-translation
and where it came from, termbase hits and the QA issues of its target;
whether a job may be submitted for review; whether a machine-translation
engine is set up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from doingoai.translate.engines.loading import MT_SETTING, NoEngine, engine_set_up
from doingoai.translate.memory import Match
from doingoai.translate.qa import Issue, check_segment
from doingoai.translate.termbase import Termbase, TermHit
from doingoai.translation.models import Segment, TranslationJob
from doingoai.translation.services import article_date, termbase, translation_memory

__all__ = [
    "MT_SETTING",
    "QA_FILTERS",
    "STATE_FILTERS",
    "DiffPiece",
    "Readiness",
    "SegmentPanel",
    "SegmentRow",
    "TermView",
    "findings",
    "hide_machine_markers",
    "machine_translation_set_up",
    "office_engine",
    "qa_issues",
    "readiness",
    "rows",
    "segment_panel",
]

#: the workbench's filters: segments by state, by QA finding
STATE_FILTERS: tuple[str, ...] = ("untranslated", "translated", "outdated")
QA_FILTERS: tuple[str, ...] = ("error", "warning", "any")


@dataclass(frozen=True)
class DiffPiece:
    """A piece of a memory match's source against the segment's: kept,
    only in the memory's source (removed) or only in the segment's (added)."""

    op: str
    text: str

    @property
    def kind(self) -> str:
        return {"=": "same", "-": "removed", "+": "added"}.get(self.op, "same")


@dataclass(frozen=True)
class MatchView:
    score: int
    target: str
    origin: str
    author: str
    diff: list[DiffPiece]
    context_match: bool


@dataclass(frozen=True)
class TermView:
    text: str
    targets: list[str]
    historical: bool
    forbidden: list[str]


@dataclass
class SegmentPanel:
    segment: Segment
    matches: list[MatchView] = field(default_factory=list)
    terms: list[TermView] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.severity == "error")


def _match_view(match: Match) -> MatchView:
    return MatchView(
        score=match.score,
        target=match.target,
        origin=match.origin,
        author=match.author,
        diff=[DiffPiece(op, text) for op, text in match.diff],
        context_match=match.context_match,
    )


def _term_view(hit: TermHit, target_lang: str) -> TermView:
    forbidden = [
        t.text for t in hit.concept.terms_in(target_lang) if t.status in {"forbidden", "outdated"}
    ]
    return TermView(
        text=hit.text,
        targets=[t.text for t in hit.targets],
        historical=hit.historical,
        forbidden=forbidden,
    )


def qa_issues(
    job: TranslationJob, source: str, target: str, terms: Termbase | None = None
) -> list[Issue]:
    """The QA issues of one segment pair, judged by the article's date."""
    return check_segment(
        source,
        target,
        source_lang=job.source_lang,
        target_lang=job.target_lang,
        on=article_date(job.article),
        termbase=terms if terms is not None else termbase(),
    )


def segment_panel(job: TranslationJob, segment: Segment, *, limit: int = 3) -> SegmentPanel:
    """Everything the workbench shows beside ``segment``."""
    terms = termbase()
    found = translation_memory().lookup(
        segment.source,
        source_lang=job.source_lang,
        target_lang=job.target_lang,
        min_score=60,
        limit=limit,
        context=segment.context,
    )
    hits = terms.find(
        segment.source,
        lang=job.source_lang,
        on=article_date(job.article),
        target_lang=job.target_lang,
    )
    issues = qa_issues(job, segment.source, segment.target, terms) if segment.target else []
    return SegmentPanel(
        segment=segment,
        matches=[_match_view(m) for m in found],
        terms=[_term_view(h, job.target_lang) for h in hits],
        issues=issues,
    )


def issues_by_segment(issues: list[Issue]) -> dict[int, list[Issue]]:
    out: dict[int, list[Issue]] = {}
    for issue in issues:
        if issue.segment is not None:
            out.setdefault(issue.segment, []).append(issue)
    return out


def summary(job: TranslationJob) -> dict[str, Any]:
    segments = list(job.segments.all())
    return {
        "total": len(segments),
        "translated": sum(1 for s in segments if s.state == "translated"),
        "empty": sum(1 for s in segments if not s.target.strip()),
    }


def machine_suggestion(job: TranslationJob, segment: Segment) -> tuple[str | None, str]:
    """The configured engine's translation of the segment (asked on demand:
    an engine may be slow or remote), with the termbase as its glossary; or
    None and why it gave nothing."""
    from doingoai.errors import DoingoaiError
    from doingoai.translate.engines import load_engine
    from doingoai.translate.engines.base import glossary_from_hits, translate_batch_safely

    try:
        engine = load_engine()
    except DoingoaiError as err:
        return None, str(err)
    hits = termbase().find(
        segment.source,
        lang=job.source_lang,
        on=article_date(job.article),
        target_lang=job.target_lang,
    )
    outputs, reason = translate_batch_safely(
        engine,
        [segment.source],
        source_lang=job.source_lang,
        target_lang=job.target_lang,
        glossary=glossary_from_hits(hits, job.target_lang),
    )
    text = outputs[0] if outputs else None
    if text is not None and not text.strip():
        text = None
    return text, reason or ("" if text else "the engine gave no translation")


def machine_translation_set_up() -> bool:
    """Whether the office has chosen a machine-translation engine (see
    :func:`doingoai.translate.engines.loading.engine_set_up`)."""
    return engine_set_up()


def office_engine() -> Any:
    """The engine the office pre-translates with: None for the configured one,
    a stand-in that gives nothing when none is set up."""
    return None if machine_translation_set_up() else NoEngine()


@dataclass
class SegmentRow:
    """One segment as the list of all segments shows it."""

    segment: Segment
    issues: list[Issue]
    #: what the translation box shows (see :func:`hide_machine_markers`)
    box: str = ""

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for i in self.issues if i.severity == "warning")

    @property
    def rows(self) -> int:
        """Lines of the translation box: room for a translation as long as the source."""
        longest = max(len(self.segment.source), len(self.box))
        return max(2, min(14, longest // 55 + 1))

    @property
    def untranslated(self) -> bool:
        return self.segment.state != "translated" or not self.segment.target.strip()

    def shown(self, state: str, qa: str) -> bool:
        """Whether the filters ``state`` and ``qa`` (empty: any) keep this row."""
        if state == "untranslated" and not self.untranslated:
            return False
        if state in {"translated", "outdated"} and self.segment.state != state:
            return False
        if qa == "error" and not self.errors:
            return False
        if qa == "warning" and not self.warnings:
            return False
        return not (qa == "any" and not self.issues)


def rows(segments: Sequence[Segment], issues: list[Issue]) -> list[SegmentRow]:
    """Every segment with its QA issues, one issue per check and severity."""
    found = issues_by_segment(issues)
    out: list[SegmentRow] = []
    for segment in segments:
        seen: dict[tuple[str, str], Issue] = {}
        for issue in found.get(segment.position, []):
            seen.setdefault((issue.check, issue.severity), issue)
        out.append(SegmentRow(segment, list(seen.values()), box=segment.target))
    return out


def hide_machine_markers(job: TranslationJob, found: list[SegmentRow]) -> int:
    """Empty the boxes that hold only the dummy engine's marked source ("[en] …")
    while no engine is set up: it is no translation to start from. Returns how
    many were emptied (saving an emptied box replaces the marker)."""
    if machine_translation_set_up() or job.engine != "dummy":
        return 0
    hidden = 0
    for row in found:
        seg = row.segment
        if seg.pretranslation_origin == "mt" and seg.target and seg.target == seg.pretranslation:
            row.box = ""
            hidden += 1
    return hidden


@dataclass(frozen=True)
class Readiness:
    """Whether a job may go to review: every segment translated; QA errors
    listed (they need the translator's confirmation)."""

    untranslated: list[int]
    errors: list[Issue]

    @property
    def blocked(self) -> bool:
        return bool(self.untranslated)


def findings(job: TranslationJob) -> list[Issue]:
    """The QA issues of the segments that have a translation: an empty box is
    not yet translated, not a QA error (the workbench says which are left)."""
    from doingoai.translation.services import qa_job

    empty = set(job.segments.filter(target="").values_list("position", flat=True))
    return [i for i in qa_job(job) if i.segment not in empty]


def readiness(job: TranslationJob, issues: list[Issue] | None = None) -> Readiness:
    """What stands between the job and its review (see :class:`Readiness`)."""
    segments = list(job.segments.order_by("position"))
    found = findings(job) if issues is None else issues
    return Readiness(
        untranslated=[
            s.position for s in segments if s.state != "translated" or not s.target.strip()
        ],
        errors=[i for i in found if i.severity == "error"],
    )
