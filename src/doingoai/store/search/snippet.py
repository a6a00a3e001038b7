"""Highlighted snippets: the passage of a text where the query's terms are densest.

Core module: no Django. Matched words are wrapped in ``«`` and ``»``
(:data:`MARK_START`, :data:`MARK_END`): plain text, safe in a terminal, JSON
or HTML once escaped. Snippets are cut in Python from the article text, so both
database backends give the same snippet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from doingoai.store.search import terms
from doingoai.text import fold

__all__ = ["MARK_END", "MARK_START", "snippet"]

MARK_START = "«"
MARK_END = "»"
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")
_MAX_TEXT = 100_000
_MAX_MATCHES = 50
_FIRST = 2000  # characters searched first


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Folded character → regex class of the lower-case characters that fold to it."""
    groups: dict[str, set[str]] = {}
    for cp in [*range(0x61, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        c = chr(cp)
        if c.lower() != c:
            continue
        f = fold(c)
        if len(f) == 1:
            groups.setdefault(f, {f}).add(c)
    return {f: "[" + "".join(sorted(cs)) + "]" for f, cs in groups.items() if len(cs) > 1}


@lru_cache(maxsize=512)
def _pattern(tokens: tuple[str, ...], ignore_case: bool = False) -> re.Pattern[str]:
    """Matches the folded tokens, in lower-case text with any accents, up to the end
    of a word; whether a match starts a word is checked by :func:`_spans` (a
    look-behind at the start of the pattern would make every search twice as slow)."""
    classes = _variants()
    words = ["".join(classes.get(c, re.escape(c)) for c in t) for t in tokens]
    return re.compile(r"[\W_]+".join(words) + r"(?![^\W_])", re.IGNORECASE if ignore_case else 0)


@lru_cache(maxsize=4096)
def _exact(word: str) -> str:
    return terms.exact(word)


def _is_exact(span: str, tokens: tuple[str, ...]) -> bool:
    return tuple(_exact(w) for w in _WORD.findall(span.lower())) == tokens


def _spans(
    text: str, phrases: Sequence[tuple[bool, tuple[str, ...]]]
) -> list[tuple[int, int, int]]:
    spans: list[tuple[int, int, int]] = []
    lower = text.lower()
    same = len(lower) == len(text)  # else a case mapping changed lengths: match with IGNORECASE
    haystack = lower if same else text
    for n, (exact, tokens) in enumerate(phrases):
        found = 0
        pattern = _pattern(tuple(terms.folded(t) for t in tokens), not same)
        for m in pattern.finditer(haystack):
            start = m.start()
            if start and haystack[start - 1].isalnum():
                continue  # inside a word
            if exact and not _is_exact(m.group(), tokens):
                continue
            spans.append((m.start(), m.end(), n))
            found += 1
            if found >= _MAX_MATCHES:
                break
    spans.sort()
    return spans


def snippet(
    text: str,
    phrases: Sequence[tuple[bool, tuple[str, ...]]],
    *,
    width: int = 240,
) -> str:
    """The passage of ``text`` (about ``width`` characters) that best shows ``phrases``.

    Each phrase is ``(exact, tokens)``: exact tokens match only that written
    form (tone placement aside); folded tokens match any accents. The start of
    the text is searched first; the rest only when the start holds no match.
    """
    text = unicodedata.normalize("NFC", text[:_MAX_TEXT]).strip()
    if not text:
        return ""
    spans = _spans(text[:_FIRST], phrases)
    if not spans and len(text) > _FIRST:
        spans = _spans(text, phrases)
    start = _best_start(spans, width)
    end = min(len(text), start + width)
    if start > 0:
        cut = _space_after(text, start)
        start = cut + 1 if 0 <= cut < start + 30 else start
    if end < len(text):
        cut = _space_before(text, start, end)
        end = cut if cut > start + width // 2 else end
    out: list[str] = ["…" if start > 0 else ""]
    pos = start
    for s, e, _ in spans:
        if s < pos or e > end:
            continue
        gap = _SPACES.sub(" ", text[pos:s])
        if pos > start and out[-1].endswith(MARK_END) and gap == " ":
            out[-1] = out[-1][: -len(MARK_END)] + gap + text[s:e] + MARK_END  # one mark per run
        else:
            out.append(gap)
            out.append(MARK_START + _SPACES.sub(" ", text[s:e]) + MARK_END)
        pos = e
    out.append(_SPACES.sub(" ", text[pos:end]))
    out.append("…" if end < len(text) else "")
    return "".join(out)


def _space_after(text: str, start: int) -> int:
    m = _SPACES.search(text, start, start + 30)
    return m.start() if m else -1


def _space_before(text: str, start: int, end: int) -> int:
    """Start of the last run of spaces in ``text[start:end]``, or -1."""
    i = end - 1
    while i >= start and not text[i].isspace():
        i -= 1
    if i < start:
        return -1
    while i > start and text[i - 1].isspace():
        i -= 1
    return i


def _best_start(spans: list[tuple[int, int, int]], width: int) -> int:
    """Start of the window holding the most distinct phrases (then the most matches)."""
    if not spans:
        return 0
    best, best_score = 0, (-1.0, 0)
    seen: dict[int, int] = {}
    j = 0
    for i, (anchor, _, _) in enumerate(spans):
        start = max(0, anchor - width // 6)
        while j < len(spans) and spans[j][1] <= start + width:
            seen[spans[j][2]] = seen.get(spans[j][2], 0) + 1
            j += 1
        score = (len(seen) + 0.01 * sum(seen.values()), -start)
        if score > best_score:
            best, best_score = start, score
        n = spans[i][2]  # the anchor leaves the window before the next one
        if i < j:
            seen[n] -= 1
            if not seen[n]:
                del seen[n]
    return best
