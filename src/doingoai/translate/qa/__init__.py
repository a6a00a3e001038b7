"""Translation QA: named checks with a severity, per segment and per version.

    >>> issues = check_segment("Ngày 2.6, có 2.350 người.", "On February 6, 2.350 people came.")
    >>> sorted({i.check for i in issues})
    ['dates', 'numbers']

"error" issues block approval (:func:`blocks_approval`); "warning" issues do
not. Each :class:`Issue` says which text its span is in (``side``).

Checks run per segment (:data:`SEGMENT_CHECKS`): empty, untranslated,
length, spacing, brackets, final-punctuation, markup, numbers, dates,
terms, names, facts (:mod:`doingoai.translate.qa.facts`). Per version
(:func:`check_version`): consistency — one source has one target within a
version.

Numbers and dates are judged in the target language's own convention for
en, fr, de, es, ru, zh, ja and ko (``_locales.supported_languages()``); for
other targets those two checks say nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from doingoai.text import match_form
from doingoai.translate.qa.checks import (
    Brackets,
    Check,
    Dates,
    EmptyTarget,
    FinalPunctuation,
    Issue,
    LengthRatio,
    Markup,
    Names,
    Numbers,
    Segment,
    Severity,
    Spacing,
    Terms,
    Untranslated,
)
from doingoai.translate.qa.facts import CitedFacts
from doingoai.translate.termbase import Termbase

__all__ = [
    "SEGMENT_CHECKS",
    "Check",
    "Consistency",
    "Issue",
    "Segment",
    "Severity",
    "blocks_approval",
    "check_segment",
    "check_version",
    "describe_checks",
]

SEGMENT_CHECKS: tuple[Check, ...] = (
    EmptyTarget(),
    Untranslated(),
    LengthRatio(),
    Spacing(),
    Brackets(),
    FinalPunctuation(),
    Markup(),
    Numbers(),
    Dates(),
    Terms(),
    Names(),
    CitedFacts(),
)


def check_segment(
    source: str,
    target: str,
    *,
    source_lang: str = "vi",
    target_lang: str = "en",
    on: date | None = None,
    termbase: Termbase | None = None,
    checks: Sequence[Check] | None = None,
) -> list[Issue]:
    """Every issue the checks find in one segment pair. ``on`` is the
    article's date (terms are judged by it); term checks need ``termbase``.
    An empty target gets only the "empty" issue, a copied source only the
    "untranslated" one."""
    seg = Segment(source, target, source_lang, target_lang, on, termbase)
    chosen = SEGMENT_CHECKS if checks is None else checks
    if not target.strip() and source.strip():
        chosen = [c for c in chosen if isinstance(c, EmptyTarget)]
    elif source_lang != target_lang and _squash(source) == _squash(target):
        # a copied source: the other checks would only repeat it
        chosen = [c for c in chosen if isinstance(c, Untranslated)]
    issues: list[Issue] = []
    for check in chosen:
        issues.extend(check.run(seg))
    return issues


def _squash(text: str) -> str:
    return " ".join(match_form(text).split())


class Consistency:
    """One source, one target within a version (warning)."""

    name = "consistency"
    severity: Severity = "warning"
    doc = "The same source segment is translated differently within one version."

    def run(self, pairs: Sequence[tuple[str, str]]) -> list[Issue]:
        first: dict[str, tuple[int, str]] = {}
        issues: list[Issue] = []
        for n, (source, target) in enumerate(pairs):
            if not source.strip() or not target.strip():
                continue
            key = " ".join(match_form(source).split())
            seen = first.get(key)
            if seen is None:
                first[key] = (n, target)
            elif " ".join(match_form(target).split()) != " ".join(match_form(seen[1]).split()):
                issues.append(
                    Issue(
                        self.name,
                        self.severity,
                        f"the same source is translated as {seen[1]!r} in segment {seen[0]}",
                        (0, len(target)),
                        "target",
                        n,
                    )
                )
        return issues


def check_version(
    pairs: Iterable[tuple[str, str]],
    *,
    source_lang: str = "vi",
    target_lang: str = "en",
    on: date | None = None,
    termbase: Termbase | None = None,
    checks: Sequence[Check] | None = None,
) -> list[Issue]:
    """Issues of every segment (``Issue.segment`` is its index) and of the
    version as a whole (consistency)."""
    pairs = list(pairs)
    issues: list[Issue] = []
    for n, (source, target) in enumerate(pairs):
        for issue in check_segment(
            source,
            target,
            source_lang=source_lang,
            target_lang=target_lang,
            on=on,
            termbase=termbase,
            checks=checks,
        ):
            issues.append(
                Issue(issue.check, issue.severity, issue.message, issue.span, issue.side, n)
            )
    issues.extend(Consistency().run(pairs))
    return issues


def blocks_approval(issues: Iterable[Issue]) -> bool:
    """True when any issue is an error."""
    return any(i.severity == "error" for i in issues)


def describe_checks() -> list[dict[str, str]]:
    """Name, severity and description of every check (for ``--help`` and docs)."""
    rows = [{"name": c.name, "severity": c.severity, "doc": c.doc} for c in SEGMENT_CHECKS]
    rows.append(
        {"name": Consistency.name, "severity": Consistency.severity, "doc": Consistency.doc}
    )
    return rows
