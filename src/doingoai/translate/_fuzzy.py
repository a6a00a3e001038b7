"""Matching forms, n-grams, the fuzzy score and word diffs of the translation memory.

Score definition (documented in docs and in :class:`doingoai.translate.memory.Match`):

* Both sources are put in their *key* form: :func:`doingoai.text.match_form`
  (NFC with repaired marks, one tone placement, case-folded), spaces collapsed and
  the spaces a tokeniser leaves before punctuation removed ("story ." = "story.").
* The fuzzy score is ``rapidfuzz.fuzz.ratio`` of the two keys, that is
  ``100 * (1 - indel_distance / (len(a) + len(b)))`` over characters, rounded
  down to an integer and capped at 99: only an exact match scores 100.

Candidates come from an index of word bigrams (with start and end markers, every
token holding a digit read as ``#`` so that number changes do not hide a match).
"""

from __future__ import annotations

import itertools
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from doingoai.text import canonical_tones, normalize

__all__ = [
    "Prepared",
    "diff_pieces",
    "display_form",
    "gram_hashes",
    "key_of",
    "length_window",
    "prepare",
    "ratio_score",
    "stable_hash",
]

_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+(?=[.,;:!?%)\]}»”’…])")
_SPACE_AFTER_OPEN = re.compile(r"(?<=[(\[{«“‘])\s+")
_TOKEN = re.compile(r"\w+")
_DIFF_TOKEN = re.compile(r"\d+(?:[.,/:-]\d+)*|\w+|[^\w\s]+|\s+")
_DIGIT = re.compile(r"\d")
# the words canonical_tones works on, one by one
_WORD = re.compile(r"[^\W\d_]+")


def _tidy(text: str) -> str:
    text = _SPACE.sub(" ", text).strip()
    text = _SPACE_BEFORE_PUNCT.sub("", text)
    return _SPACE_AFTER_OPEN.sub("", text)


@lru_cache(maxsize=100_000)
def _canonical_word(word: str) -> str:
    return canonical_tones(word)


def _canonical(text: str) -> str:
    """:func:`doingoai.text.canonical_tones` word by word, each distinct word
    worked out once (a few thousand syllables cover nearly all text)."""
    return _WORD.sub(lambda m: _canonical_word(m.group(0)), text)


def display_form(text: str) -> str:
    """Normalised text with one tone placement, case kept: two sources equal in
    this form are an exact match (score 100)."""
    return _tidy(_canonical(normalize(text)))


def key_of(text: str) -> str:
    """The form sources are compared and scored in (see the module docstring)."""
    return display_form(text).casefold()


def key_of_display(display: str) -> str:
    """:func:`key_of` for text already in :func:`display_form` (cheaper)."""
    return _tidy(display).casefold()


def stable_hash(text: str) -> int:
    """A signed 64-bit hash that is the same in every process (SQLite INTEGER):
    CRC-32 and Adler-32 side by side. Not cryptographic: a collision only adds
    a candidate, which scoring then drops."""
    data = text.encode("utf-8")
    value = (zlib.crc32(data) << 32) | zlib.adler32(data)
    return value - (1 << 64) if value >= 1 << 63 else value


def _gram_tokens(key: str) -> list[str]:
    return ["#" if _DIGIT.search(tok) else tok for tok in _TOKEN.findall(key)]


def gram_hashes(key: str, pair: str) -> set[int]:
    """The distinct word bigrams of a key (``^`` and ``$`` mark the ends), each
    hashed together with the language pair so pairs never share a posting list."""
    tokens = ["^", *_gram_tokens(key), "$"]
    prefix = pair + "\x1f"
    return {stable_hash(f"{prefix}{a} {b}") for a, b in itertools.pairwise(tokens)}


@dataclass(frozen=True, slots=True)
class Prepared:
    """A source text in the forms the memory stores and looks up."""

    text: str
    display: str
    key: str


def prepare(text: str) -> Prepared:
    display = display_form(text)
    return Prepared(text=text, display=display, key=display.casefold())


def ratio_score(query_key: str, entry_key: str) -> float:
    """The raw 0–100 similarity of two keys (before rounding and capping)."""
    return float(fuzz.ratio(query_key, entry_key))


def length_window(length: int, min_score: float) -> tuple[int, int]:
    """The entry key lengths that can still reach ``min_score`` with fuzz.ratio:
    the indel distance is at least the length difference, so
    ``|la - lb| <= (1 - r) (la + lb)``."""
    r = max(min(min_score / 100.0, 1.0), 0.01)
    low = int(length * r / (2.0 - r))
    high = int(length * (2.0 - r) / r) + 1
    return low, high


def diff_pieces(new: str, old: str) -> list[tuple[str, str]]:
    """Word-level differences from the matched source ``old`` to the new source
    ``new``: ``("=", text)`` same in both, ``("-", text)`` only in the matched
    source, ``("+", text)`` only in the new source. Words are compared in their
    key form, so tone placement and case do not count as differences; the text of
    ``=`` pieces is the new source's."""
    new_tokens = _DIFF_TOKEN.findall(_tidy(normalize(new)))
    old_tokens = _DIFF_TOKEN.findall(_tidy(normalize(old)))
    new_cmp = [" " if tok.isspace() else _canonical(tok).casefold() for tok in new_tokens]
    old_cmp = [" " if tok.isspace() else _canonical(tok).casefold() for tok in old_tokens]
    pieces: list[tuple[str, str]] = []

    def push(op: str, text: str) -> None:
        if not text:
            return
        if pieces and pieces[-1][0] == op:
            pieces[-1] = (op, pieces[-1][1] + text)
        else:
            pieces.append((op, text))

    # (equal?, old start, old end, new start, new end); a blank equal run
    # between two changes joins them, so "Nguyễn Văn" → "Trần Thị" is one change
    blocks: list[list[Any]] = []
    for op in Levenshtein.opcodes(old_cmp, new_cmp):
        equal = op.tag == "equal"
        span = [equal, op.src_start, op.src_end, op.dest_start, op.dest_end]
        if blocks and not equal and not blocks[-1][0]:
            blocks[-1][2], blocks[-1][4] = op.src_end, op.dest_end
        elif (
            len(blocks) >= 2
            and not equal
            and blocks[-1][0]
            and not blocks[-2][0]
            and all(t == " " for t in old_cmp[blocks[-1][1] : blocks[-1][2]])
        ):
            blocks.pop()
            blocks[-1][2], blocks[-1][4] = op.src_end, op.dest_end
        else:
            blocks.append(span)
    for equal, src_start, src_end, dest_start, dest_end in blocks:
        old_text = "".join(old_tokens[src_start:src_end])
        new_text = "".join(new_tokens[dest_start:dest_end])
        if equal:
            push("=", new_text)
        else:
            push("-", old_text)
            push("+", new_text)
    return pieces
