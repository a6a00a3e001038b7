"""The neutral form of a translation job as it travels in XLIFF, and the
checks that tell whether a file read back fits the job it was made from."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Final

__all__ = [
    "KINDS",
    "STATES",
    "Alternative",
    "TermNote",
    "XliffJob",
    "XliffUnit",
    "job_problems",
    "same_language",
]

#: Segment states, in workflow order.
STATES: Final = ("new", "translated", "reviewed", "final")
#: Kinds of segment an article is split into.
KINDS: Final = ("title", "lead", "paragraph", "caption")


@dataclass(slots=True)
class Alternative:
    """A translation proposal for a segment: a translation-memory or machine
    match. ``score`` is 0–100 (kept to two decimals in the file); ``origin``
    says where it came from ("tm", "mt", a memory's name)."""

    source: str
    target: str
    score: float = 0.0
    origin: str = "tm"


@dataclass(slots=True)
class TermNote:
    """A termbase hit in a segment's source, with the translation to use and
    its status (preferred, admitted, forbidden, outdated)."""

    source: str
    target: str
    status: str = ""


@dataclass(slots=True)
class XliffUnit:
    """One segment of a job. ``id`` is unique in the job; ``state`` is one of
    :data:`STATES`; ``kind`` one of :data:`KINDS` (other words are kept as they are)."""

    id: str
    source: str
    target: str = ""
    state: str = "new"
    notes: list[str] = field(default_factory=list)
    alternatives: list[Alternative] = field(default_factory=list)
    terms: list[TermNote] = field(default_factory=list)
    context: str | None = None
    kind: str = "paragraph"


@dataclass(slots=True)
class XliffJob:
    """A translation job: one article (``original``, e.g. its URL or
    "article:42") into one target language."""

    job_id: str
    source_lang: str
    target_lang: str
    original: str
    units: list[XliffUnit] = field(default_factory=list)


# Characters XML 1.0 cannot carry at all (C0 controls but tab, LF and CR;
# lone surrogates; U+FFFE and U+FFFF).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def comparable(text: str) -> str:
    """A segment's text as it can be compared after a trip through a CAT
    tool: NFC, without the characters XML cannot carry."""
    return unicodedata.normalize("NFC", XML_INVALID.sub("", text))


def language_tag(tag: str) -> str:
    return tag.strip().replace("_", "-").lower()


def same_language(found: str, wanted: str) -> bool:
    """ "vi" and "vi-VN" are the same language; "en-GB" and "en-US" are not."""
    found, wanted = language_tag(found), language_tag(wanted)
    if found == wanted:
        return True
    if "-" in found and "-" in wanted:
        return False
    return found.split("-")[0] == wanted.split("-")[0]


def listing(ids: list[str], limit: int = 10) -> str:
    shown = ", ".join(repr(i) for i in ids[:limit])
    return shown + (f" (and {len(ids) - limit} more)" if len(ids) > limit else "")


def _around_difference(found: str, wanted: str, width: int = 48) -> tuple[str, str]:
    """The two texts from a little before where they first differ."""
    same = 0
    for a, b in zip(found, wanted, strict=False):
        if a != b:
            break
        same += 1
    # start at a word a little before the difference
    start = found.rfind(" ", 0, same - 15) + 1 if same > 25 else 0

    def cut(text: str) -> str:
        piece = text[start : start + width]
        return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")

    return cut(found), cut(wanted)


def duplicate_ids(units: list[XliffUnit]) -> list[str]:
    seen: set[str] = set()
    dupes: list[str] = []
    for unit in units:
        if unit.id in seen and unit.id not in dupes:
            dupes.append(unit.id)
        seen.add(unit.id)
    return dupes


def job_problems(found: XliffJob, expected: XliffJob) -> list[str]:
    """Every reason why ``found`` (read from a file) cannot be taken back into
    ``expected``: another job or document, another language pair, another
    number of segments, unknown or missing segment ids, changed source text.
    An empty list means the file fits."""
    problems: list[str] = []
    if found.job_id and found.job_id != expected.job_id:
        problems.append(f"the file is for job {found.job_id!r}, not job {expected.job_id!r}")
    if found.original != expected.original and (found.original or not found.job_id):
        problems.append(
            f"the file is for {found.original or 'no named document'!r}, not {expected.original!r}"
        )
    if not same_language(found.source_lang, expected.source_lang) or (
        found.target_lang and not same_language(found.target_lang, expected.target_lang)
    ):
        problems.append(
            f"the file translates {found.source_lang or '?'}→{found.target_lang or '?'}, "
            f"the job {expected.source_lang}→{expected.target_lang}"
        )
    if len(found.units) != len(expected.units):
        problems.append(
            f"the file has {len(found.units)} segments, the job has {len(expected.units)}"
        )
    wanted = {unit.id: unit for unit in expected.units}
    present = {unit.id for unit in found.units}
    unknown = [unit.id for unit in found.units if unit.id not in wanted]
    missing = [unit.id for unit in expected.units if unit.id not in present]
    if unknown:
        problems.append(f"segment ids not in the job: {listing(unknown)}")
    if missing:
        problems.append(f"segment ids of the job missing from the file: {listing(missing)}")
    for unit in found.units:
        origin = wanted.get(unit.id)
        if origin is not None and comparable(unit.source) != comparable(origin.source):
            now, before = _around_difference(unit.source, origin.source)
            problems.append(
                f"segment {unit.id!r}: the source text was changed in the file: "
                f"{now!r} instead of {before!r}"
            )
    return problems
