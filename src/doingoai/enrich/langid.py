"""Language identification, offline, restricted to the languages the office meets.

Two steps:

1. Vietnamese letters. Words with a letter that only Vietnamese uses among
   the languages we meet (ă, â, đ, ê, ô, ơ, ư and the tone-marked vowels of
   the Latin Extended Additional block: ạ, ả, ấ, ế, ộ, ữ, ỳ …) make up
   about two thirds of the lower-case words of Vietnamese text and none of
   other languages'. When at least :data:`VIETNAMESE_SHARE` of the lower-case
   words carry one, the text is Vietnamese: this settles short titles that a
   character n-gram model is unsure about, and skips the model for most of
   the office's input. Capitalised words are left out of the count so that an
   English report naming "Nguyễn Văn Quý" in "Hà Nội" stays English.
2. Otherwise py3langid (a naive Bayes model over byte n-grams, shipped with
   the library) restricted to :data:`DEFAULT_LANGUAGES` or the caller's list:
   fewer classes make it faster and keep it from answering languages the
   office never receives.

Figures on a mixed sample are in docs/benchmarks.md ("Enrichment").
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any

from doingoai.errors import ConfigError
from doingoai.text import normalize

__all__ = [
    "DEFAULT_LANGUAGES",
    "UNDETERMINED",
    "VIETNAMESE_SHARE",
    "LanguageIdentifier",
    "identify",
    "vietnamese_share",
]

#: Languages considered by default (ISO 639-1): Vietnamese, the languages the
#: office publishes in or receives most (English, French, Chinese, Japanese,
#: Korean, Russian, German, Spanish), neighbours and other frequent sources.
DEFAULT_LANGUAGES: tuple[str, ...] = (
    "vi",
    "en",
    "fr",
    "zh",
    "ja",
    "ko",
    "ru",
    "de",
    "es",
    "it",
    "pt",
    "nl",
    "th",
    "lo",
    "km",
    "id",
    "ms",
)
#: What :func:`identify` answers for a text without letters.
UNDETERMINED = "und"
#: Share of marked lower-case words from which a text is taken as Vietnamese.
#: On the measured sample, Vietnamese titles and sentences have a median share
#: of 0.65 (5th percentile 0.38); no text in another language had any.
VIETNAMESE_SHARE = 0.15
#: Characters read: the beginning of a text decides its language.
MAX_CHARS = 1500

_VIETNAMESE_LETTERS = frozenset(
    "ăâđêôơưĩũ" + "".join(chr(c) for c in range(0x1EA1, 0x1EFA, 2))  # ạ ả ấ … ỳ ỵ ỷ ỹ (lower case)
)
_WORD = re.compile(r"[^\W\d_]+")


def vietnamese_share(text: str) -> tuple[float, int]:
    """Share and number of lower-case words that carry a Vietnamese-only letter.

    A text written all in capitals is read in lower case.
    """
    if text.isupper():
        text = text.lower()
    words = [w for w in _WORD.findall(text) if not w[0].isupper()]
    if not words:
        return 0.0, 0
    marked = sum(1 for w in words if not _VIETNAMESE_LETTERS.isdisjoint(w))
    return marked / len(words), marked


class LanguageIdentifier:
    """Identifies the language of a text among ``languages`` (ISO 639-1 codes).

    The py3langid model is loaded on the first call that needs it (a fraction
    of a second); :func:`identify` keeps one identifier per language list.
    """

    def __init__(self, languages: Iterable[str] = DEFAULT_LANGUAGES) -> None:
        self.languages = tuple(dict.fromkeys(code.strip().lower() for code in languages))
        if not self.languages:
            raise ConfigError("language identification needs at least one language")
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                from py3langid.langid import MODEL_FILE
                from py3langid.langid import LanguageIdentifier as _Model

                model = _Model.from_model_file(MODEL_FILE, norm_probs=True)
                unknown = sorted(set(self.languages) - set(model.nb_classes))
                if unknown:
                    raise ConfigError(
                        f"language identification does not know {', '.join(unknown)}; "
                        "use ISO 639-1 codes such as vi, en, fr, zh"
                    )
                if len(self.languages) > 1:
                    model.set_languages(list(self.languages))
                self._model = model
            return self._model

    def identify(self, text: str) -> tuple[str, float]:
        """``(language, probability)`` of ``text``; ``("und", 0.0)`` when it has no letters."""
        text = normalize(text[:MAX_CHARS]).strip()
        if not _WORD.search(text):
            return UNDETERMINED, 0.0
        if "vi" in self.languages:
            share, marked = vietnamese_share(text)
            if marked and share >= VIETNAMESE_SHARE:
                return "vi", round(min(1.0, 0.5 + share), 3)
        if len(self.languages) == 1:
            return self.languages[0], 1.0
        model = self._load()
        language, probability = model.classify(text)
        if language == "vi" and not vietnamese_share(text)[1]:
            # Vietnamese proper names weigh heavily in byte n-grams: a foreign
            # sentence naming Nguyễn Phú Trọng in Hà Nội scores as Vietnamese.
            # When only capitalised words carry marks and the lower-case words
            # are plain ASCII, judge the text without the marked names.
            words = _WORD.findall(text)
            lower = [w for w in words if not w[0].isupper()]
            if len(lower) >= 2 and all(w.isascii() for w in lower):
                plain = " ".join(w for w in words if w.isascii())
                if plain != " ".join(words):
                    language, probability = model.classify(plain)
        return str(language), round(float(probability), 3)


_identifiers: dict[tuple[str, ...], LanguageIdentifier] = {}


def identify(text: str, languages: Iterable[str] | None = None) -> tuple[str, float]:
    """``(language, probability)`` of ``text`` among ``languages`` (default :data:`DEFAULT_LANGUAGES`).

    >>> identify("Hà Nội mở rộng phố đi bộ quanh hồ Hoàn Kiếm")[0]
    'vi'
    """
    key = DEFAULT_LANGUAGES if languages is None else tuple(languages)
    identifier = _identifiers.get(key)
    if identifier is None:
        identifier = _identifiers.setdefault(key, LanguageIdentifier(key))
    return identifier.identify(text)
