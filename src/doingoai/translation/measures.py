"""Measures of a job, kept for reports: volume (Vietnamese words by
segmentation, characters), translation-memory leverage by band, machine
translation share, post-edit distance and time spent in each state.

Leverage and MT share are counted in source words, by where each segment's
pre-translation came from. Post-edit distance compares each pre-translation
with the final target: chrF (100 = left as it was) and TER (edits per word of
the final target, 0 = left as it was), both computed by sacrebleu over the
job as one corpus, case-sensitive.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from doingoai.text import count_words
from doingoai.translation.models import TranslationJob

__all__ = ["BANDS", "JobMeasures", "band", "job_measures", "post_edit_distance"]

#: leverage bands, best first: exact memory match, fuzzy bands, machine, nothing
BANDS: tuple[str, ...] = ("exact", "95-99", "85-94", "75-84", "mt", "none")


def band(origin: str, score: int | None) -> str:
    """The leverage band of a pre-translation from ``origin`` with ``score``."""
    if origin == "tm" and score == 100:
        return "exact"
    if origin in {"tm", "tm-fuzzy"} and score is not None:
        if score >= 95:
            return "95-99"
        if score >= 85:
            return "85-94"
        if score >= 75:
            return "75-84"
    if origin == "mt":
        return "mt"
    return "none"


@dataclass
class JobMeasures:
    """The figures of one job; ``leverage`` and ``leverage_segments`` count
    source words and segments per band of :data:`BANDS`."""

    job: int
    state: str
    segments: int
    words: int
    characters: int
    leverage: dict[str, int] = field(default_factory=dict)
    leverage_segments: dict[str, int] = field(default_factory=dict)
    mt_share: float = 0.0
    edited_segments: int = 0
    chrf: float | None = None
    ter: float | None = None
    time_in_state: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def post_edit_distance(
    pretranslations: list[str], finals: list[str]
) -> tuple[float | None, float | None]:
    """(chrF, TER) between machine or memory output and the final targets,
    over all pairs as one corpus; (None, None) when there is no pair."""
    if not pretranslations:
        return None, None
    from sacrebleu.metrics import CHRF, TER

    chrf = CHRF().corpus_score(pretranslations, [finals]).score
    ter = TER(case_sensitive=True).corpus_score(pretranslations, [finals]).score
    return round(chrf, 2), round(ter, 2)


def _time_in_state(job: TranslationJob, now: datetime) -> dict[str, float]:
    spent: dict[str, float] = defaultdict(float)
    events = list(job.events.order_by("at", "id").values_list("at", "to_state"))
    for (at, state), (next_at, _) in itertools.pairwise(events):
        spent[state] += max(0.0, (next_at - at).total_seconds())
    if events and events[-1][1] != "published":
        at, state = events[-1]
        spent[state] += max(0.0, (now - at).total_seconds())
    return dict(spent)


def job_measures(job: TranslationJob, *, now: datetime | None = None) -> JobMeasures:
    """Every measure of ``job`` (time in the current state counted up to ``now``)."""
    rows = list(
        job.segments.order_by("position").values_list(
            "source", "target", "pretranslation", "pretranslation_origin", "match_score"
        )
    )
    words = [count_words(source) for source, *_ in rows]
    leverage = dict.fromkeys(BANDS, 0)
    leverage_segments = dict.fromkeys(BANDS, 0)
    pre: list[str] = []
    final: list[str] = []
    for (_, target, pretranslation, origin, score), count in zip(rows, words, strict=True):
        key = band(origin, score)
        leverage[key] += count
        leverage_segments[key] += 1
        if pretranslation and target:
            pre.append(pretranslation)
            final.append(target)
    total = sum(words)
    chrf, ter = post_edit_distance(pre, final)
    return JobMeasures(
        job=job.pk,
        state=job.state,
        segments=len(rows),
        words=total,
        characters=sum(len(source) for source, *_ in rows),
        leverage=leverage,
        leverage_segments=leverage_segments,
        mt_share=round(leverage["mt"] / total, 4) if total else 0.0,
        edited_segments=sum(1 for p, f in zip(pre, final, strict=True) if p.strip() != f.strip()),
        chrf=chrf,
        ter=ter,
        time_in_state=_time_in_state(job, now or timezone.now()),
    )
