"""Vietnamese word segmentation and word counts.

Vietnamese writes one syllable per space-separated unit, but a word is often
two or more syllables ("thông tin", "đối ngoại"). Volume is counted in words
as readers count them, so the text is segmented first. Two segmenters are
supported, both imported only when first used (they take seconds to load):

* ``pyvi`` — ``pyvi.ViTokenizer`` (CRF), the default: on UD Vietnamese-VTB
  test it scored the higher word F1 and segmented faster (slower to load)
  (docs/benchmarks.md, ``bench/bench_text.py``);
* ``underthesea`` — ``underthesea.word_tokenize`` (CRF); keeps hyphenated
  abbreviations such as "TT-TT" whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any, Literal

from doingoai.text.normalize import normalize

__all__ = ["DEFAULT_SEGMENTER", "SEGMENTERS", "Segmenter", "count_words", "segment_words"]

Segmenter = Literal["underthesea", "pyvi"]
SEGMENTERS: tuple[Segmenter, ...] = ("pyvi", "underthesea")
DEFAULT_SEGMENTER: Segmenter = "pyvi"

_WORDLIKE = re.compile(r"\w")


@cache
def pyvi_tokenizer() -> Any:
    """pyvi's ``ViTokenizer`` with its CRF tagger open and no file left behind.

    pyvi's model is a pickled sklearn-crfsuite CRF: unpickling writes the CRF
    to a temporary file (about 640 kB) that is removed only when the model is
    garbage-collected, which never happens in a process that ends with
    ``os._exit`` (a worker of a process pool), so every ingest worker left one
    in the temporary folder. CRFsuite reads the whole file when the tagger
    opens it: the tagger is opened here and the file removed at once."""
    from pyvi import ViTokenizer

    model = ViTokenizer.ViTokenizer.model
    model.tagger_  # noqa: B018 - opens the tagger, which reads the file
    modelfile = getattr(model, "modelfile", None)
    if modelfile is not None and getattr(modelfile, "auto", False):
        modelfile.cleanup()
    return ViTokenizer.ViTokenizer


@cache
def _engine(name: Segmenter) -> Callable[[str], list[str]]:
    if name == "underthesea":
        from underthesea import word_tokenize

        def run_underthesea(line: str) -> list[str]:
            return [str(word) for word in word_tokenize(line)]

        return run_underthesea
    if name == "pyvi":
        tokenizer = pyvi_tokenizer()

        def run_pyvi(line: str) -> list[str]:
            # pyvi joins the syllables of a word with "_": keep real ones apart first
            tokens = str(tokenizer.tokenize(line.replace("_", " "))).split()
            return [token.replace("_", " ") for token in tokens]

        return run_pyvi
    raise ValueError(f"unknown segmenter {name!r}; known: {', '.join(SEGMENTERS)}")


def segment_words(text: str, *, segmenter: Segmenter = DEFAULT_SEGMENTER) -> list[str]:
    """The words of ``text``, punctuation included as its own tokens; the
    syllables of a word are joined by a space, as in UD Vietnamese-VTB:
    "Thông tin đối ngoại" → ["Thông tin", "đối ngoại"]."""
    run = _engine(segmenter)
    words: list[str] = []
    for line in normalize(text).splitlines():
        if line.strip():
            words.extend(run(line))
    return words


def count_words(text: str, *, segmenter: Segmenter = DEFAULT_SEGMENTER) -> int:
    """How many words a Vietnamese reader counts in ``text``: segmented words,
    numbers included, punctuation left out."""
    return sum(1 for word in segment_words(text, segmenter=segmenter) if _WORDLIKE.search(word))
