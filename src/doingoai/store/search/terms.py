"""Words as the search index sees them: exact (canonical tone placement) and folded.

Core module: no Django. Both backends index and query through these functions,
so SQLite and PostgreSQL see exactly the same tokens.

* :func:`words` splits text into lower-case words (runs of letters and digits).
* :func:`exact` puts the tone mark of a Vietnamese syllable where the
  traditional orthography puts it (``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``,
  ``uỷ`` → ``ủy``) and repairs misordered combining marks, so both spellings
  meet in one indexing form. Words that are not Vietnamese syllables are kept.
* :func:`folded` removes tones and marks and maps đ to d (``doingoai.text.fold``).
* :func:`vocabulary` lists, for one document, the folded → written forms of its
  words and word pairs; the index keeps their document counts, from which an
  unaccented query is read back with its most likely accents.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from doingoai.text import fold, normalize

__all__ = [
    "MAX_TOKENS",
    "MAX_WORD_LENGTH",
    "VOCABULARY_WORDS",
    "exact",
    "folded",
    "has_marks",
    "vocabulary",
    "words",
]

#: Words longer than this are not indexed (hashes, base64, garbage).
MAX_WORD_LENGTH = 60
#: Only the first this many words of a document are indexed.
MAX_TOKENS = 50_000
#: Words of each field (title, body) that feed the vocabulary of written forms.
VOCABULARY_WORDS = 300

_WORD = re.compile(r"[^\W_]+")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook, dot below
_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED = frozenset("ăâêôơư")
_CONSONANTS = frozenset("bcdđfghjklmnpqrstvwxz")
_FINALS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})


def words(text: str) -> list[str]:
    """The lower-case words of ``text`` (NFC), in order; over-long words are dropped."""
    return [w for w in _WORD.findall(normalize(text).lower()) if len(w) <= MAX_WORD_LENGTH][
        :MAX_TOKENS
    ]


def _tone_position(base: str) -> int | None:
    """Index in the toneless syllable ``base`` that carries the tone, or None if not Vietnamese."""
    n = len(base)
    if n > 2 and base[:2] in ("qu", "gi") and base[2] in _VOWELS:
        start = 2
    else:
        start = 0
        while start < n and base[start] not in _VOWELS:
            start += 1
    if any(c not in _CONSONANTS for c in base[:start]):
        return None
    end = start
    while end < n and base[end] in _VOWELS:
        end += 1
    cluster, final = base[start:end], base[end:]
    if not cluster or len(cluster) > 3 or final not in _FINALS:
        return None
    marked = [i for i, c in enumerate(cluster) if c in _MARKED]
    if marked:
        return start + marked[-1]  # ươ → ơ, iê → ê, uô → ô
    if final:
        return end - 1  # hoạch, toán, quýt
    if len(cluster) == 3:
        return start + 1  # ngoài, khuỷu
    return start  # hòa, thủy, của, tài (traditional placement)


@lru_cache(maxsize=200_000)
def exact(word: str) -> str:
    """The indexing form of a lower-case word: NFC with the tone in its canonical place."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return unicodedata.normalize("NFC", word)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    pos = _tone_position(base)
    if pos is None:
        return unicodedata.normalize("NFC", word)
    marked = unicodedata.normalize("NFC", base[pos] + tones[0])
    return base[:pos] + marked + base[pos + 1 :]


@lru_cache(maxsize=200_000)
def folded(word: str) -> str:
    """The folded form of a word: no tones or marks, đ → d, case-folded."""
    return fold(word)


def has_marks(word: str) -> bool:
    """True when the word carries a Vietnamese tone or mark (or đ)."""
    return folded(word) != word


def _forms(tokens: Sequence[str]) -> set[tuple[str, str]]:
    alpha = [t if t.isalpha() else "" for t in tokens]
    flat = [folded(t) if t else "" for t in alpha]
    found = {(f, t) for f, t in zip(flat, alpha, strict=True) if t}
    found.update(
        (f"{f1} {f2}", f"{t1} {t2}")
        for f1, f2, t1, t2 in zip(flat, flat[1:], alpha, alpha[1:], strict=False)
        if t1 and t2
    )
    return found


def vocabulary(fields: Iterable[Sequence[str]]) -> set[tuple[str, str]]:
    """The (folded, written) forms of one document's words and adjacent word pairs.

    ``fields`` are the document's exact token lists (title, body); pairs do not
    cross fields, and words with digits are left out. Only the first
    :data:`VOCABULARY_WORDS` words of a field count: a sample that keeps
    indexing fast and is plenty for the statistics.
    """
    found: set[tuple[str, str]] = set()
    for tokens in fields:
        found |= _forms(tokens[:VOCABULARY_WORDS])
    return found
