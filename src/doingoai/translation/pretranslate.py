"""Pre-translation: fill each empty segment with the best of the translation
memory (exact, fuzzy) and machine translation, under the termbase.

Per segment the candidates are the memory's best match and the engine's
output; each is checked against the termbase (required terms present,
forbidden and outdated ones absent, judged by the article's date) and the
choice is, best first:

1. a candidate with no term error before one with term errors;
2. an exact memory match (score 100);
3. a fuzzy match of at least :data:`FUZZY_OVER_MT` (near-identical, or numbers
   and dates substituted);
4. the machine translation;
5. a weaker fuzzy match (down to ``min_score``).

The engine gets only the segments without a usable exact match, in one call,
with the termbase entries of the text as its glossary. An engine that cannot be
reached, is slow, rate-limited, failing or answers garbage does not stop the
job: the segments are filled from the memory alone and the job records why.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from doingoai.errors import EngineError, WorkflowError
from doingoai.translate.engines import (
    Engine,
    glossary_from_hits,
    load_engine,
    translate_batch_safely,
)
from doingoai.translate.memory import Match
from doingoai.translate.qa import check_segment
from doingoai.translate.qa.checks import Terms
from doingoai.translate.termbase import Termbase
from doingoai.translation.jobs import (
    JobRefresh,
    article_date,
    create_or_refresh_job,
    get_article,
    record_event,
    transition,
)
from doingoai.translation.models import Segment, TranslationJob
from doingoai.translation.tm import termbase as stored_termbase
from doingoai.translation.tm import translation_memory

if TYPE_CHECKING:
    from datetime import date

    from django.contrib.auth.models import User

__all__ = [
    "FUZZY_OVER_MT",
    "PRETRANSLATABLE",
    "Pretranslation",
    "pretranslate",
    "translate_article",
]

#: a fuzzy match scoring at least this is preferred to machine translation
FUZZY_OVER_MT = 85
#: job states in which empty segments may be pre-translated
PRETRANSLATABLE = frozenset({"draft", "pretranslated", "in_translation", "returned"})
_TERM_CHECK = (Terms(),)


@dataclass
class Pretranslation:
    """What :func:`pretranslate` did: segments filled per origin ("tm",
    "tm-fuzzy", "mt"), those left empty, the engine and why it gave nothing."""

    job: TranslationJob
    engine: str
    filled: Counter[str] = field(default_factory=Counter)
    empty: int = 0
    mt_failure: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "job": self.job.pk,
            "state": self.job.state,
            "engine": self.engine,
            "filled": dict(self.filled),
            "empty": self.empty,
            "mt_failure": self.mt_failure,
        }


@dataclass
class _Choice:
    text: str
    origin: str
    score: int | None


def _term_errors(source: str, target: str, ctx: tuple[str, str, date | None, Termbase]) -> int:
    source_lang, target_lang, on, terms = ctx
    issues = check_segment(
        source,
        target,
        source_lang=source_lang,
        target_lang=target_lang,
        on=on,
        termbase=terms,
        checks=_TERM_CHECK,
    )
    return sum(1 for i in issues if i.severity == "error")


def _tier(choice: _Choice) -> int:
    if choice.origin == "tm":
        return 0
    if choice.origin == "tm-fuzzy" and (choice.score or 0) >= FUZZY_OVER_MT:
        return 1
    return 2 if choice.origin == "mt" else 3


def _tm_choice(match: Match | None) -> _Choice | None:
    if match is None:
        return None
    return _Choice(match.target, "tm" if match.score == 100 else "tm-fuzzy", match.score)


def _engine(engine: Engine | str | None) -> tuple[Engine | None, str, str | None]:
    if engine is not None and not isinstance(engine, str):
        return engine, str(getattr(engine, "name", type(engine).__name__)), None
    try:
        loaded = load_engine(engine)
    except EngineError as err:  # a model directory missing, a key refused at start
        return None, engine or "", str(err)
    return loaded, str(getattr(loaded, "name", type(loaded).__name__)), None


def pretranslate(
    job: TranslationJob,
    engine: Engine | str | None = None,
    *,
    min_score: int = 75,
    user: User | None = None,
    actor: str = "",
) -> Pretranslation:
    """Fill the job's empty segments (see the module docstring); a draft job
    becomes pretranslated. ``engine`` is an engine, an engine name or None for
    the ``MT_ENGINE`` setting. Segments saved by someone meanwhile are left alone."""
    if job.state not in PRETRANSLATABLE:
        raise WorkflowError(
            f"job {job.pk} is {job.state.replace('_', ' ')}: it cannot be pre-translated"
        )
    mt, engine_name, failure = _engine(engine)
    result = Pretranslation(job, engine_name, mt_failure=failure)
    segments = list(job.segments.filter(target="").order_by("position"))
    memory = translation_memory()
    terms = stored_termbase()
    on = article_date(job.article)
    ctx = (job.source_lang, job.target_lang, on, terms)
    tm_best: list[_Choice | None] = []
    for seg in segments:
        found = memory.lookup(
            seg.source,
            source_lang=job.source_lang,
            target_lang=job.target_lang,
            min_score=min_score,
            limit=1,
            context=seg.context,
        )
        tm_best.append(_tm_choice(found[0] if found else None))
    term_errors = [
        _term_errors(seg.source, c.text, ctx) if c is not None else 0
        for seg, c in zip(segments, tm_best, strict=True)
    ]
    need_mt = [
        n for n, c in enumerate(tm_best) if c is None or c.origin != "tm" or term_errors[n] > 0
    ]
    mt_out: dict[int, str] = {}
    if mt is not None and need_mt:
        texts = [segments[n].source for n in need_mt]
        hits = [h for t in texts for h in terms.find(t, on=on, target_lang=job.target_lang)]
        outputs, reason = translate_batch_safely(
            mt,
            texts,
            source_lang=job.source_lang,
            target_lang=job.target_lang,
            glossary=glossary_from_hits(hits, job.target_lang),
        )
        mt_out = {n: out for n, out in zip(need_mt, outputs, strict=True) if out and out.strip()}
        result.mt_failure = reason
    now = timezone.now()
    with transaction.atomic():
        for n, seg in enumerate(segments):
            options: list[tuple[int, int, _Choice]] = []
            tm_choice = tm_best[n]
            if tm_choice is not None:
                options.append((term_errors[n] > 0, _tier(tm_choice), tm_choice))
            if n in mt_out:
                choice = _Choice(mt_out[n], "mt", None)
                options.append((_term_errors(seg.source, choice.text, ctx) > 0, 2, choice))
            if not options:
                result.empty += 1
                continue
            best = min(options, key=lambda o: (o[0], o[1]))[2]
            written = Segment.objects.filter(pk=seg.pk, version=seg.version, target="").update(
                target=best.text,
                pretranslation=best.text,
                origin=best.origin,
                pretranslation_origin=best.origin,
                match_score=best.score,
                state="pretranslated",
                updated_at=now,
                version=F("version") + 1,
            )
            if written:
                result.filled[best.origin] += 1
        job.engine = engine_name
        job.mt_failure = result.mt_failure or ""
        job.save(update_fields=["engine", "mt_failure", "updated_at"])
        comment = "pre-translated: " + (
            ", ".join(f"{count} {origin}" for origin, count in sorted(result.filled.items()))
            or "nothing filled"
        )
        if result.empty:
            comment += f", {result.empty} left empty"
        if result.mt_failure:
            comment += f"; from the translation memory only: {result.mt_failure}"
        data = result.as_dict()
        if job.state == "draft":
            transition(job, "pretranslated", user=user, actor=actor, comment=comment, data=data)
        else:
            record_event(job, job.state, user=user, actor=actor, comment=comment, data=data)
    return result


def translate_article(
    article_id: int | str,
    lang: str,
    engine: Engine | str | None = None,
    *,
    user: User | None = None,
    actor: str = "",
) -> tuple[JobRefresh, Pretranslation | None]:
    """Create or refresh the job of an article and language, and pre-translate
    it when its state allows (None when the job is in review or beyond)."""
    refresh = create_or_refresh_job(get_article(article_id), lang, user=user, actor=actor)
    if refresh.job.state not in PRETRANSLATABLE:
        return refresh, None
    return refresh, pretranslate(refresh.job, engine, user=user, actor=actor)
