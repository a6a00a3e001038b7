"""Unicode normalisation and accent folding for Vietnamese."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "normalize"]

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def normalize(text: str) -> str:
    """NFC, no zero-width characters, runs of spaces collapsed (newlines kept)."""
    text = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", text))
    return _SPACES.sub(" ", text)


def fold(text: str) -> str:
    """Tones and marks removed, đ/Đ → d/D, case-folded: the form search matches on."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
