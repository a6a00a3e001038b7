"""Unicode normalisation, tone placement and accent folding for Vietnamese.

Three forms of the same text:

* :func:`normalize` — for storage and display: NFC, combining marks in the
  right order, no invisible characters, plain spaces. The author's tone
  placement ("hoà" or "hòa") is kept.
* :func:`match_form` — for matching and exact-diacritic indexing: normalised,
  one tone placement (:func:`canonical_tones`), case-folded.
* :func:`fold` — for accent-insensitive search: no tones, no vowel marks,
  đ/Đ → d/D, case-folded.

Tone placement convention for matching: the traditional ("old") placement,
tone on the first vowel of an open ``oa``/``oe``/``uy`` — "hòa", "khỏe",
"thủy", "Ủy ban". It is the placement most Vietnamese news sites and the
default of common keyboards use; "hoà", "khoẻ", "thuỷ", "Uỷ" are matched to it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from doingoai.text._syllable import QUALITY_MARKS, TONE_MARKS, parse, split_char, tone_index

__all__ = ["canonical_tones", "fold", "match_form", "normalize"]

# zero-width space/non-joiner/joiner, LRM/RLM, word joiner, invisible operators,
# BOM, soft hyphen, Mongolian vowel separator
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e]")
# what a plain space replaces: a run of spaces, or one space of another kind
# (a single plain space, the common case, is not a match: nothing to rewrite)
_SPACES = re.compile(
    "[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]{2,}"
    "|[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
)
_COMBINING = re.compile("[\u0300-\u036f]")
# Icelandic eth used for Vietnamese đ (a cp1252 view of cp1258 or VNI text) at a word start
_ETH = re.compile(r"(?<!\w)([\u00d0\u00f0])(?=[^\W\d_])")


def _mark_order(mark: str) -> tuple[int, int]:
    """Sort key: canonical combining class, then vowel-quality marks before tones."""
    return unicodedata.combining(mark), 0 if mark in QUALITY_MARKS else 1


def _repair_marks(text: str) -> str:
    """Put each letter's combining marks in canonical order with the vowel-quality
    mark first, so that e + acute + circumflex composes to ế."""
    decomposed = unicodedata.normalize("NFD", text)
    out: list[str] = []
    marks: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char):
            marks.append(char)
            continue
        if marks:
            out.extend(sorted(marks, key=_mark_order))
            marks = []
        out.append(char)
    out.extend(sorted(marks, key=_mark_order))
    return unicodedata.normalize("NFC", "".join(out))


#: texts up to this long are kept by :func:`normalize` for the next call (the
#: preparation of one article normalises its body in several steps)
_KEPT_CHARS = 100_000


def normalize(text: str) -> str:
    """NFC with combining marks repaired; zero-width characters and soft hyphens
    removed; non-breaking and other odd spaces made plain spaces and runs of
    spaces collapsed; CR LF and CR made LF. Newlines and tone placement are kept."""
    if len(text) > _KEPT_CHARS:
        return _normalize(text)
    return _normalize_kept(text)


def _normalize(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    if _COMBINING.search(text):
        text = _repair_marks(text)
    if "\u00d0" in text or "\u00f0" in text:
        text = _ETH.sub(lambda m: "\u0110" if m.group(1) == "\u00d0" else "\u0111", text)
    return text


# The same text object given again is found at once (its hash is kept by the
# string, and a hit compares by identity first).
_normalize_kept = lru_cache(maxsize=16)(_normalize)


# A pure function of one syllable, called for every word of every text that is
# matched, indexed or classified: the distinct syllables of a news archive are
# a few tens of thousands, so each is worked out once.
@lru_cache(maxsize=1 << 17)
def _place_tone(word: str, *, new_style: bool) -> str:
    bases: list[str] = []
    tone = ""
    position = -1
    for i, char in enumerate(word):
        base, mark = split_char(char)
        bases.append(base)
        if mark:
            if tone:  # two tones: not a syllable, leave it alone
                return word
            tone, position = mark, i
    if not tone:
        return word
    syllable = parse("".join(bases).lower())
    if syllable is None:
        return word
    target = tone_index(syllable, new_style=new_style)
    if target == position:
        return word
    bases[target] = unicodedata.normalize("NFC", bases[target] + tone)
    return "".join(bases)


def _toned_pair() -> re.Pattern[str]:
    """Words where a tone could be moved: a toned vowel beside another vowel.

    A syllable's vowels stand together, so a tone on a vowel with no vowel
    beside it is already where both placements put it; only about a quarter
    of the words of news text have a toned vowel beside another, and only
    those are worked out (in C the regex skips the rest)."""
    bases = "aăâeêioôơuưy"
    bases += bases.upper()
    toned = "".join(
        unicodedata.normalize("NFC", base + tone) for base in bases for tone in sorted(TONE_MARKS)
    )
    vowel = f"[{bases}{toned}]"
    return re.compile(rf"(?<![^\W\d_])[^\W\d_]*?(?:[{toned}]{vowel}|{vowel}[{toned}])[^\W\d_]*")


_TONED_PAIR = _toned_pair()


def canonical_tones(text: str, *, new_style: bool = False) -> str:
    """Move each syllable's tone mark to one placement: "hoà" → "hòa", "thuỷ" →
    "thủy", "Uỷ" → "Ủy" (``new_style=True`` gives the reverse). Words that are not
    Vietnamese syllables are left as they are. Expects NFC text."""
    return _TONED_PAIR.sub(lambda m: _place_tone(m.group(0), new_style=new_style), text)


def match_form(text: str) -> str:
    """The form two texts are compared in: normalised, one tone placement, case-folded.
    Diacritics are kept: "Đảng" and "đang" stay different."""
    return canonical_tones(normalize(text)).casefold()


def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in [*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        stripped = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        )
        if stripped != char:
            table[code] = stripped
    for code in range(0x0300, 0x0370):
        table[code] = None
    table.update({0x0110: "D", 0x0111: "d", 0x00D0: "D", 0x00F0: "d"})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Tones and marks removed, đ/Đ → d/D, case-folded: the form accent-insensitive
    search matches on ("Đối ngoại" → "doi ngoai"). One character out per NFC letter in."""
    return text.translate(_FOLD).casefold()
