"""Vietnamese text primitives: normalisation, legacy encodings, folding,
sentences, words, dates and numbers. Core layer: no Django."""

from __future__ import annotations

from doingoai.text._syllable import is_vietnamese_syllable
from doingoai.text.encodings import Decoded, decode_bytes
from doingoai.text.normalize import canonical_tones, fold, match_form, normalize

__all__ = [
    "Decoded",
    "canonical_tones",
    "decode_bytes",
    "fold",
    "is_vietnamese_syllable",
    "match_form",
    "normalize",
]
