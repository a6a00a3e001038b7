"""Vietnamese text primitives: normalisation, legacy encodings, folding,
sentences, words, dates and numbers. Core layer: no Django.

The word segmenters load only when :func:`segment_words` or
:func:`count_words` is first called.
"""

from __future__ import annotations

from doingoai.text._legacy import decode_legacy
from doingoai.text._syllable import is_vietnamese_syllable
from doingoai.text.dates import DateMention, find_dates
from doingoai.text.encodings import (
    LEGACY_ENCODINGS,
    Decoded,
    decode_bytes,
    detect,
    encode_legacy,
    repair_text,
    vietnamese_score,
)
from doingoai.text.normalize import canonical_tones, fold, match_form, normalize
from doingoai.text.numbers import NumberMention, find_numbers
from doingoai.text.segment import count_words, segment_words
from doingoai.text.sentences import split_sentences

__all__ = [
    "LEGACY_ENCODINGS",
    "DateMention",
    "Decoded",
    "NumberMention",
    "canonical_tones",
    "count_words",
    "decode_bytes",
    "decode_legacy",
    "detect",
    "encode_legacy",
    "find_dates",
    "find_numbers",
    "fold",
    "is_vietnamese_syllable",
    "match_form",
    "normalize",
    "repair_text",
    "segment_words",
    "split_sentences",
    "vietnamese_score",
]
