"""Word counts as pyvi segments them, without building the segmented text.

:func:`doingoai.text.segment.count_words` segments a text with pyvi's
tokenizer and counts the words: pyvi builds a dictionary of features for every
syllable (about three quarters of its time), has its CRF model label each
syllable as the beginning or the inside of a word, and joins the syllables
into a string that the count then splits again. Only the labels are needed to
count. :func:`count_words` gives the same count from the same model: the
syllables are split with pyvi's own pattern, the features of a syllable (its
lower-case form, case and digits, as itself and as a neighbour) are computed
once per distinct syllable and kept, the CRF tagger is called directly, and
the words are counted from the labels with pyvi's joining rules.

The counts equal those of :func:`doingoai.text.segment.count_words` (the
tests compare them on the VNTC news texts); pyvi is imported on first use.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import cache
from itertools import pairwise
from typing import Any

from doingoai.text.normalize import normalize

__all__ = ["count_words"]

# pyvi's syllable pattern (ViTokenizer.sylabelize), in the same order
_SYLLABLE = re.compile(
    "("
    + "|".join(
        [
            r"[A-ZĐ]+\.",
            r"Tp\.",
            r"Mr\.",
            r"Mrs\.",
            r"Ms\.",
            r"Dr\.",
            r"ThS\.",
            "==>",
            "->",
            r"\.\.\.",
            ">>",
            "\n",
            r"\w+://[^\s]+",
            r"([a-zA-Z0-9_.+-]+@([a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+)",
            r"\d+([\.,_]\d+)+",
            r"[^\w\s]",
            r"\w+",
        ]
    )
    + ")"
)
_WORDLIKE = re.compile(r"\w")
_PUNCTUATION = frozenset(string.punctuation)
#: distinct syllables whose features are kept (a news archive has a few tens of thousands)
_CACHE_LIMIT = 200_000


@cache
def _model() -> tuple[Any, frozenset[str], frozenset[str]]:
    """pyvi's CRF tagger and its lists of two- and three-syllable words."""
    from doingoai.text.segment import pyvi_tokenizer

    tokenizer = pyvi_tokenizer()
    return (
        tokenizer.model.tagger_,
        frozenset(tokenizer.bi_grams),
        frozenset(tokenizer.tri_grams),
    )


class _Syllable:
    """What pyvi's features say about one syllable, as itself and as a neighbour."""

    __slots__ = (
        "after",
        "before",
        "digit_start",
        "lower",
        "own",
        "punct",
        "title_start",
        "wordlike",
    )

    def __init__(self, text: str) -> None:
        lower = text.lower()
        self.lower = lower
        upper, title = text.isupper(), text.istitle()
        own = ["bias", "word.lower():" + lower]
        if upper:
            own.append("word.isupper()")
        if title:
            own.append("word.istitle()")
        if text.isdigit():
            own.append("word.isdigit()")
        self.own = own
        before = ["-1:word.lower():" + lower]  # features of the next syllable about this one
        after = ["+1:word.lower():" + lower]  # features of the previous syllable about this one
        if title:
            before.append("-1:word.istitle()")
            after.append("+1:word.istitle()")
        if upper:
            before.append("-1:word.isupper()")
            after.append("+1:word.isupper()")
        self.before = before
        self.after = after
        self.punct = text in _PUNCTUATION
        self.digit_start = text[0].isdigit()
        self.title_start = text[0].istitle()
        self.wordlike = _WORDLIKE.search(text) is not None


_syllables: dict[str, _Syllable] = {}


def _syllable(text: str) -> _Syllable:
    found = _syllables.get(text)
    if found is None:
        if len(_syllables) >= _CACHE_LIMIT:
            _syllables.clear()
        found = _syllables[text] = _Syllable(text)
    return found


def _count_line(line: str) -> int:
    """Words pyvi finds in one line (after the "_" → " " pyvi's caller applies)."""
    line = line.replace("_", " ")
    texts = [m.group(1) for m in _SYLLABLE.finditer(unicodedata.normalize("NFC", line))]
    if not texts:
        return sum(1 for token in line.split() if _WORDLIKE.search(token))
    tagger, bi_grams, tri_grams = _model()
    sylls = [_syllable(t) for t in texts]
    lowers = [s.lower for s in sylls]
    n = len(sylls)
    # whether each pair and triple of neighbours is one of pyvi's words: each is
    # a feature of two syllables (the first and the last of it), looked up once
    pairs = [f"{a} {b}" in bi_grams for a, b in pairwise(lowers)]
    triples = [
        f"{a} {b} {c}" in tri_grams for a, b, c in zip(lowers, lowers[1:], lowers[2:], strict=False)
    ]
    features: list[list[str]] = []
    for i, syll in enumerate(sylls):
        # the features in pyvi's order (a CRF's sums do not depend on it, but
        # the same order keeps every score the same to the last bit)
        if i > 0:
            feats = syll.own + sylls[i - 1].before
            if pairs[i - 1]:
                feats.append("-1:word.bi_gram()")
            if i > 1 and triples[i - 2]:
                feats.append("-2:word.tri_gram()")
        else:
            feats = list(syll.own)
        if i < n - 1:
            feats += sylls[i + 1].after
            if pairs[i]:
                feats.append("+1:word.bi_gram()")
            if i < n - 2 and triples[i]:
                feats.append("+2:word.tri_gram()")
        features.append(feats)
    labels = tagger.tag(features)
    # pyvi's joining rule: an inside syllable joins the word before it unless
    # either is punctuation or starts with a digit, or a capital follows a small letter
    count = 0
    wordlike = sylls[0].wordlike
    for i in range(1, n):
        here, before = sylls[i], sylls[i - 1]
        joins = (
            labels[i] == "I_W"
            and not here.punct
            and not before.punct
            and not here.digit_start
            and not before.digit_start
            and not (here.title_start and not before.title_start)
        )
        if joins:
            wordlike = wordlike or here.wordlike
        else:
            count += wordlike
            wordlike = here.wordlike
    return count + wordlike


def count_words(text: str) -> int:
    """How many words a Vietnamese reader counts in ``text`` (segmented words,
    numbers included, punctuation left out), as
    ``doingoai.text.segment.count_words(text, segmenter="pyvi")`` counts them."""
    return sum(_count_line(line) for line in normalize(text).splitlines() if line.strip())
