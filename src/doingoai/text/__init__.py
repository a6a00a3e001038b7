"""Vietnamese text primitives: normalisation, legacy encodings, folding,
sentences, words, dates and numbers. Core layer: no Django."""

from __future__ import annotations

from doingoai.text.encodings import Decoded, decode_bytes
from doingoai.text.normalize import fold, normalize

__all__ = ["Decoded", "decode_bytes", "fold", "normalize"]
