"""Vietnamese text primitives: normalisation, legacy encodings, folding,
sentences, words, dates and numbers. Core layer: no Django.

The word segmenters load only when :func:`segment_words` or
:func:`count_words` is first called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# loaded at once, and bound after the module of the same name is: loading
# doingoai.text.normalize binds that module to the package's ``normalize``
from doingoai.text.normalize import canonical_tones, fold, match_form, normalize

if TYPE_CHECKING:
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
    from doingoai.text.numbers import NumberMention, find_numbers
    from doingoai.text.segment import count_words, segment_words
    from doingoai.text.sentences import split_sentences

#: where each name lives: a module loads when one of its names is first used
#: (a command that only normalises and decodes pages, like ``doingoai
#: extract``, does not load the date, number and sentence readers)
_HOMES = {
    "decode_legacy": "_legacy",
    "is_vietnamese_syllable": "_syllable",
    "DateMention": "dates",
    "find_dates": "dates",
    "LEGACY_ENCODINGS": "encodings",
    "Decoded": "encodings",
    "decode_bytes": "encodings",
    "detect": "encodings",
    "encode_legacy": "encodings",
    "repair_text": "encodings",
    "vietnamese_score": "encodings",
    "NumberMention": "numbers",
    "find_numbers": "numbers",
    "count_words": "segment",
    "segment_words": "segment",
    "split_sentences": "sentences",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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
