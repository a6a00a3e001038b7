"""Vietnamese syllable structure: tone marks, onset / nucleus / coda, validity.

A written Vietnamese syllable is ``onset + nucleus + coda`` with exactly one
tone (the level tone has no mark). The tables below are the facts of the
orthography; :func:`parse` and :func:`tone_index` drive both tone placement
(:func:`doingoai.text.normalize.canonical_tones`) and the "how Vietnamese
does this look" score used to detect legacy encodings.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "QUALITY_MARKS",
    "TONE_MARKS",
    "Syllable",
    "is_vietnamese_syllable",
    "parse",
    "split_tone",
    "tone_index",
]

#: combining tone marks: grave (huyền), acute (sắc), tilde (ngã), hook (hỏi), dot below (nặng)
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
#: combining vowel-quality marks: circumflex, breve, horn
QUALITY_MARKS = frozenset("\u0302\u0306\u031b")

VOWELS = frozenset("aăâeêioôơuưy")
MARKED_VOWELS = frozenset("ăâêôơư")

# Longest first, so "ngh" wins over "ng" and "ng" over "n".
ONSETS = (
    "ngh",
    "ng",
    "gh",
    "gi",
    "kh",
    "nh",
    "ph",
    "th",
    "tr",
    "ch",
    "qu",
    "b",
    "c",
    "d",
    "đ",
    "g",
    "h",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "x",
)
CODAS = frozenset({"c", "ch", "m", "n", "ng", "nh", "p", "t"})
STOP_CODAS = frozenset({"c", "ch", "p", "t"})  # only the acute or dot-below tone after these

_OPEN_ONLY = frozenset(
    [
        "ai",
        "ao",
        "au",
        "ay",
        "âu",
        "ây",
        "eo",
        "êu",
        "ia",
        "iu",
        "iêu",
        "yêu",
        "oai",
        "oao",
        "oay",
        "oeo",
        "oi",
        "ôi",
        "ơi",
        "ua",
        "uôi",
        "ui",
        "ưa",
        "ưi",
        "ưu",
        "ươi",
        "ươu",
        "uya",
        "uyu",
        "uây",
    ]
)
_CLOSED_ONLY = frozenset(["ă", "â", "iê", "yê", "uô", "ươ", "uyê", "oă", "uâ", "oo"])
_BOTH = frozenset(["a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uê", "uơ", "uy"])
NUCLEI = _OPEN_ONLY | _CLOSED_ONLY | _BOTH
# the two-vowel nuclei whose tone moves between the old and new placement
_MOVABLE = frozenset({"oa", "oe", "uy"})


@lru_cache(maxsize=4096)
def split_char(char: str) -> tuple[str, str]:
    """``"ế"`` → ``("ê", "\u0301")``: the letter without its tone, and the tone mark."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = "".join(c for c in decomposed if c in TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return base, tone


def split_tone(word: str) -> tuple[str, list[str]]:
    """``"Việt"`` → ``("Viêt", ["\u0323"])``: the word without tones, and the tones found."""
    bases: list[str] = []
    tones: list[str] = []
    for char in unicodedata.normalize("NFC", word):
        base, tone = split_char(char)
        bases.append(base)
        if tone:
            tones.append(tone)
    return "".join(bases), tones


@dataclass(frozen=True, slots=True)
class Syllable:
    """A toneless, lower-case syllable cut into parts; ``start`` is where the nucleus begins."""

    onset: str
    nucleus: str
    coda: str
    start: int


@lru_cache(maxsize=65536)
def parse(toneless: str) -> Syllable | None:
    """Cut a toneless lower-case syllable into onset, nucleus and coda, or None if it is
    not spelled like a Vietnamese syllable."""
    if not toneless or len(toneless) > 8:
        return None
    onset = ""
    for candidate in ONSETS:
        if toneless.startswith(candidate):
            onset = candidate
            break
    rest = toneless[len(onset) :]
    # "gì", "gìn": the i of "gi" is the nucleus when no other vowel follows.
    if onset == "gi" and (not rest or rest[0] not in VOWELS):
        onset, rest = "g", toneless[1:]
    end = 0
    while end < len(rest) and rest[end] in VOWELS:
        end += 1
    nucleus, coda = rest[:end], rest[end:]
    if not nucleus or nucleus not in NUCLEI:
        return None
    if coda and (coda not in CODAS or nucleus in _OPEN_ONLY):
        return None
    if not coda and nucleus in _CLOSED_ONLY:
        return None
    return Syllable(onset, nucleus, coda, len(onset))


def tone_index(syllable: Syllable, *, new_style: bool = False) -> int:
    """Index, in the whole syllable, of the vowel that carries the tone.

    Old (traditional) placement: "hòa", "thủy", "khỏe"; new placement
    (``new_style=True``): "hoà", "thuỷ", "khoẻ". Both agree everywhere else.
    """
    nucleus = syllable.nucleus
    marked = [i for i, c in enumerate(nucleus) if c in MARKED_VOWELS]
    if marked:
        offset = marked[-1]
    elif syllable.coda:
        offset = len(nucleus) - 1
    elif len(nucleus) == 3:
        offset = 1
    elif len(nucleus) == 2:
        offset = 1 if new_style and nucleus in _MOVABLE else 0
    else:
        offset = 0
    return syllable.start + offset


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` is spelled like one Vietnamese syllable ("người", "Việt",
    "khuỷu"), whatever the case; false for "tieng", "Tie^'ng", "TiÕng"."""
    toneless, tones = split_tone(word.lower())
    if len(tones) > 1 or any(len(t) > 1 for t in tones):
        return False
    syllable = parse(toneless)
    if syllable is None:
        return False
    return not (syllable.coda in STOP_CODAS and tones and tones[0] not in "\u0301\u0323") and not (
        syllable.coda in STOP_CODAS and not tones
    )
