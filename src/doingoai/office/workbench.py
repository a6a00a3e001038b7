"""What the translation workbench shows for a segment: translation-memory
matches with their differences, the pre-translation and where it came from,
termbase hits and the QA issues of the current target."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from doingoai.translate.memory import Match
from doingoai.translate.qa import Issue, check_segment
from doingoai.translate.termbase import Termbase, TermHit
from doingoai.translation.models import Segment, TranslationJob
from doingoai.translation.services import article_date, termbase, translation_memory

__all__ = ["DiffPiece", "SegmentPanel", "TermView", "qa_issues", "segment_panel"]


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
