"""What every machine-translation engine shares: the :class:`Engine` protocol,
glossary entries, batching, retry timing and the checks that turn a garbage
answer into :class:`~doingoai.errors.EngineFailed`.

An engine's ``translate`` takes a list of segments and returns as many
translations, in order. Empty and blank segments are returned as they are and
never sent. Every answer goes through :func:`check_outputs`: a missing or empty
translation, an answer in the wrong writing system, or a batch sent back
untranslated is refused with a message naming the engine, where it runs and the
first bad segment; the translations that did pass travel with the error
(:class:`PartialFailure`) so that :func:`translate_batch_safely` can keep them.
"""

from __future__ import annotations

import random
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from doingoai.errors import ConfigError, DoingoaiError, EngineError, EngineFailed

if TYPE_CHECKING:
    from doingoai.translate.termbase import TermHit

__all__ = [
    "Engine",
    "GlossaryEntry",
    "PartialFailure",
    "RetryPolicy",
    "batches",
    "check_outputs",
    "glossary_from_hits",
    "relevant_glossary",
    "translate_batch_safely",
    "translate_in_batches",
]


@dataclass(frozen=True)
class GlossaryEntry:
    """A term the translation must respect: ``source`` as written in the source
    text, the ``target`` to use, a ``note`` for the translator, and target-language
    words that must not be used (``forbidden``: forbidden or outdated names)."""

    source: str
    target: str
    note: str = ""
    forbidden: Sequence[str] = ()


@runtime_checkable
class Engine(Protocol):
    """A machine-translation engine.

    ``translate`` returns one translation per segment, in order, batching the
    requests itself; it raises an :class:`~doingoai.errors.EngineError` when it
    cannot. ``languages`` gives the (source, target) pairs the engine offers, or
    None when it translates any pair or cannot tell."""

    name: str

    def translate(
        self,
        texts: Sequence[str],
        *,
        source_lang: str,
        target_lang: str,
        glossary: Sequence[GlossaryEntry] = (),
    ) -> list[str]: ...

    def languages(self) -> set[tuple[str, str]] | None: ...


class PartialFailure(EngineFailed):
    """An :class:`~doingoai.errors.EngineFailed` that still carries the
    translations that passed the checks (None where a segment failed)."""

    def __init__(
        self, message: str, *, engine: str, where: str = "", partial: Sequence[str | None]
    ) -> None:
        super().__init__(message, engine=engine, where=where)
        self.partial: list[str | None] = list(partial)


# --- retries -------------------------------------------------------------------


@dataclass
class RetryPolicy:
    """How often and how long to wait before trying a request again.

    The n-th retry (from 0) waits ``backoff * 2**n`` seconds, at most
    ``max_backoff``, plus up to ``jitter`` times that at random, so that many
    workers do not retry in step. A server's Retry-After is honoured when it
    asks for no more than ``max_retry_after`` seconds; a longer wait is not
    worth blocking a job for, and the request fails at once. ``sleep`` is
    injectable so tests do not wait."""

    retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    jitter: float = 0.25
    max_retry_after: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    rng: random.Random = field(default_factory=random.Random, repr=False)

    @classmethod
    def from_options(
        cls, engine: str, *, timeout: float, retries: int, backoff: float, max_retry_after: float
    ) -> RetryPolicy:
        """The policy an HTTP engine's options describe, or
        :class:`~doingoai.errors.ConfigError` naming the option out of range
        (``timeout`` above 0, the others at least 0)."""
        limits = {"retries": retries, "backoff": backoff, "max_retry_after": max_retry_after}
        if not timeout > 0:
            raise ConfigError(f"{engine}: option timeout must be above 0, not {timeout!r}")
        for option, value in limits.items():
            if not value >= 0:
                raise ConfigError(f"{engine}: option {option} must be at least 0, not {value!r}")
        return cls(retries=retries, backoff=backoff, max_retry_after=max_retry_after)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based)."""
        if retry_after is not None:
            return max(0.0, retry_after)
        base = min(self.max_backoff, self.backoff * (2**attempt))
        return base + base * self.jitter * self.rng.random()

    def wait(self, attempt: int, retry_after: float | None = None) -> None:
        self.sleep(self.delay(attempt, retry_after))


# --- batching ------------------------------------------------------------------


def batches(texts: Sequence[str], max_segments: int, max_chars: int) -> list[list[int]]:
    """Indices of ``texts`` grouped into requests of at most ``max_segments``
    segments and ``max_chars`` characters, in order. A segment longer than
    ``max_chars`` goes alone: sentences are never cut."""
    groups: list[list[int]] = []
    current: list[int] = []
    size = 0
    for i, text in enumerate(texts):
        if current and (len(current) >= max_segments or size + len(text) > max_chars):
            groups.append(current)
            current, size = [], 0
        current.append(i)
        size += len(text)
    if current:
        groups.append(current)
    return groups


def translate_in_batches(
    texts: Sequence[str],
    call: Callable[[list[str]], list[str]],
    *,
    max_segments: int,
    max_chars: int,
    engine: str,
    where: str,
) -> list[str]:
    """Send the non-blank segments of ``texts`` to ``call`` batch by batch and
    put the answers back in place; blank segments are returned unchanged.

    A batch with garbage segments (:class:`PartialFailure`) does not stop the
    others; the failure is raised at the end with every good translation. Any
    other engine error stops at once, carrying the translations made so far
    in its ``partial`` attribute."""
    out: list[str | None] = list(texts)
    todo = [i for i, t in enumerate(texts) if t.strip()]
    failures: list[PartialFailure] = []
    for group in batches([texts[i] for i in todo], max_segments, max_chars):
        indices = [todo[k] for k in group]
        try:
            answers: Sequence[str | None] = call([texts[i] for i in indices])
        except PartialFailure as err:
            failures.append(err)
            answers = err.partial
        except EngineError as err:
            done = set(todo[: todo.index(indices[0])])
            err.partial = [  # type: ignore[attr-defined]
                out[i] if (i in done or i not in todo) else None for i in range(len(texts))
            ]
            raise
        for i, answer in zip(indices, answers, strict=True):
            out[i] = answer
    if failures:
        bad = sum(1 for o in out if o is None)
        more = f" ({bad} segments without a translation)" if bad > 1 else ""
        raise PartialFailure(failures[0].reason + more, engine=engine, where=where, partial=out)
    return [o for o in out if o is not None]


# --- answer checks -------------------------------------------------------------

# The writing system a language is written in (ISO 639-1 codes). Languages not
# listed are not checked.
_SCRIPTS: dict[str, frozenset[str]] = {
    **{
        lang: frozenset({"LATIN"})
        for lang in [
            "en",
            "fr",
            "de",
            "es",
            "it",
            "pt",
            "nl",
            "sv",
            "da",
            "no",
            "nb",
            "fi",
            "pl",
            "cs",
            "sk",
            "hu",
            "ro",
            "hr",
            "sl",
            "et",
            "lv",
            "lt",
            "tr",
            "id",
            "ms",
            "vi",
            "tl",
            "sq",
            "ca",
            "eu",
            "gl",
            "ga",
        ]
    },
    **{lang: frozenset({"CYRILLIC"}) for lang in ("ru", "uk", "bg", "sr", "mk", "be", "kk")},
    "zh": frozenset({"CJK"}),
    "ja": frozenset({"CJK", "HIRAGANA", "KATAKANA"}),
    "ko": frozenset({"HANGUL", "CJK"}),
    "ar": frozenset({"ARABIC"}),
    "fa": frozenset({"ARABIC"}),
    "he": frozenset({"HEBREW"}),
    "el": frozenset({"GREEK"}),
    "th": frozenset({"THAI"}),
    "lo": frozenset({"LAO"}),
    "km": frozenset({"KHMER"}),
    "hi": frozenset({"DEVANAGARI"}),
}


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


def wrong_script(text: str, lang: str) -> bool:
    """True when ``text`` has at least four letters and fewer than a third of
    them are in the writing system of ``lang`` (names and acronyms in Latin
    letters inside Chinese or Russian text are normal; a whole answer is not)."""
    expected = _SCRIPTS.get(lang.split("-")[0].split("_")[0].lower())
    if expected is None:
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4:
        return False
    inside = sum(1 for c in letters if _script(c) in expected)
    return inside * 3 < len(letters)


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalpha() for c in w))


def check_outputs(
    sources: Sequence[str],
    outputs: Sequence[object],
    *,
    engine: str,
    where: str,
    target_lang: str,
) -> list[str]:
    """The answers as strings, or :class:`~doingoai.errors.EngineFailed`.

    Refused: a count that is not the count of sources; an answer that is not a
    string or is empty for a non-blank source; an answer in the wrong writing
    system for ``target_lang`` (unless it is a short segment kept as it was: a
    name or an acronym); and a batch whose every sentence (four words or more)
    came back unchanged — an engine that echoes its input. Single segments may
    legitimately stay the same (names, acronyms, numbers)."""
    if len(outputs) != len(sources):
        raise EngineFailed(
            f"returned {len(outputs)} translations for {len(sources)} segments",
            engine=engine,
            where=where,
        )
    checked: list[str | None] = []
    problems: list[str] = []
    for i, (src, out) in enumerate(zip(sources, outputs, strict=True)):
        if not isinstance(out, str):
            problems.append(f"segment {i + 1}: the answer is {type(out).__name__}, not text")
            checked.append(None)
        elif src.strip() and not out.strip():
            problems.append(f"segment {i + 1}: empty translation of {_quote(src)}")
            checked.append(None)
        elif wrong_script(out, target_lang) and not (
            out.strip() == src.strip() and _words(src) < 4
        ):
            problems.append(
                f"segment {i + 1}: {_quote(out)} is not written as {target_lang} is written"
            )
            checked.append(None)
        else:
            checked.append(out)
    sentences = [i for i, src in enumerate(sources) if _words(src) >= 4]
    if sentences and all(
        isinstance(outputs[i], str) and str(outputs[i]).strip() == sources[i].strip()
        for i in sentences
    ):
        raise EngineFailed(
            f"returned the source text untranslated ({_quote(sources[sentences[0]])})",
            engine=engine,
            where=where,
        )
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PartialFailure(problems[0] + more, engine=engine, where=where, partial=checked)
    return [c for c in checked if c is not None]


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# --- glossary --------------------------------------------------------------------


def _key(text: str) -> str:
    from doingoai.text import match_form

    return match_form(text)


def _folded(text: str) -> str:
    from doingoai.text import fold

    return fold(text).casefold()


def relevant_glossary(
    glossary: Sequence[GlossaryEntry], texts: Iterable[str]
) -> list[GlossaryEntry]:
    """The entries whose source term occurs in one of ``texts`` (compared in
    match form, or folded when the text is written without diacritics), longest
    first, one per source term."""
    joined = list(texts)
    keys = [_key(t) for t in joined]
    folds = [_folded(t) for t in joined]
    seen: set[str] = set()
    kept: list[GlossaryEntry] = []
    for entry in sorted(glossary, key=lambda e: -len(e.source)):
        k = _key(entry.source)
        if not k or k in seen:
            continue
        f = _folded(entry.source)
        if any(k in t for t in keys) or any(f in t for t in folds):
            seen.add(k)
            kept.append(entry)
    return kept


def glossary_from_hits(hits: Iterable[TermHit], target_lang: str) -> list[GlossaryEntry]:
    """Glossary entries from termbase hits (:meth:`Termbase.find` with
    ``target_lang``): the preferred usable target, its note, and the concept's
    forbidden and outdated target terms. Hits without a target are skipped."""
    entries: dict[str, GlossaryEntry] = {}
    for hit in hits:
        targets = [t for t in hit.targets if t.lang == target_lang]
        if not targets:
            continue
        target = targets[0]
        avoid = [
            t.text
            for t in hit.concept.terms_in(target_lang)
            if t.status in ("forbidden", "outdated") and t.text != target.text
        ]
        note = target.note or hit.concept.note
        if hit.historical:
            note = (note + "; " if note else "") + "historical name, no longer in use"
        entries.setdefault(
            hit.text, GlossaryEntry(hit.text, target.text, note=note, forbidden=tuple(avoid))
        )
    return list(entries.values())


# --- never raising -----------------------------------------------------------------


def translate_batch_safely(
    engine: Engine,
    texts: Sequence[str],
    *,
    source_lang: str,
    target_lang: str,
    glossary: Sequence[GlossaryEntry] = (),
) -> tuple[list[str | None], str | None]:
    """Translate ``texts`` without ever raising: the translations (None for a
    segment that got none) and, when something went wrong, why — one line that
    names the engine, for the job's history ("… pre-translated from the
    translation memory only: <reason>"). A language pair the engine says it
    does not offer is not sent; translations made before a failure are kept."""
    texts = list(texts)
    name = str(getattr(engine, "name", type(engine).__name__))
    try:
        offered = engine.languages()
    except Exception:  # unknown: let translate() tell
        offered = None
    if offered is not None and (source_lang, target_lang) not in offered:
        return [None] * len(texts), f"{name}: does not translate {source_lang}→{target_lang}"
    try:
        result = engine.translate(
            texts, source_lang=source_lang, target_lang=target_lang, glossary=glossary
        )
    except DoingoaiError as err:
        partial = getattr(err, "partial", None)
        if not isinstance(partial, list) or len(partial) != len(texts):
            partial = [None] * len(texts)
        return [p if isinstance(p, str) else None for p in partial], str(err)
    except Exception as err:  # an engine class from elsewhere may raise anything
        return [None] * len(texts), f"{name}: unexpected {type(err).__name__}: {err}"
    if not isinstance(result, list) or len(result) != len(texts):
        count = len(result) if isinstance(result, list) else type(result).__name__
        return [None] * len(texts), f"{name}: returned {count} translations for {len(texts)}"
    out: list[str | None] = [r if isinstance(r, str) else None for r in result]
    return out, None
