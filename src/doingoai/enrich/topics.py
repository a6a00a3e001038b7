"""News topic classification: the ten VNTC topics, by a linear model shipped as JSON.

The model is multinomial logistic regression over TF-IDF weights of
syllable unigrams and bigrams (bigrams do not cross punctuation), read in
:func:`doingoai.text.match_form` (NFC, one tone placement, case-folded,
diacritics kept). It is trained by :mod:`doingoai.enrich.train_topics` on the
VNTC subset in ``../shared/data/topics`` and stored in
``doingoai/data/topics.json``: the vocabulary, IDF weights, one weight per
feature and topic, and the intercepts. Loading it reads JSON only (no pickle)
and inference is a few numpy operations.

Labels are VNTC's folder names ("Kinh doanh", "Chinh tri Xa hoi", …), kept
as stored keys; :func:`label_name` gives them as readers write them
("Chính trị – Xã hội") and :func:`theme` suggests the office's theme (the
slug of a :class:`~doingoai.curation.models.Theme` seeded by curation) an
article of that topic is most often filed under.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from doingoai.errors import ConfigError
from doingoai.text import match_form

__all__ = [
    "FORMAT",
    "LABEL_NAMES",
    "MODEL_PATH",
    "THEMES",
    "TopicModel",
    "classify",
    "features",
    "label_name",
    "load_model",
    "theme",
]

#: Identifies the layout of the model file (and the feature extraction).
FORMAT = "doingoai-topics/1"
MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "topics.json"

#: VNTC labels in Vietnamese as readers write them (an en dash between the
#: two halves of a paired section name, as the press prints it).
LABEL_NAMES: dict[str, str] = {
    "Chinh tri Xa hoi": "Chính trị – Xã hội",
    "Doi song": "Đời sống",
    "Khoa hoc": "Khoa học",
    "Kinh doanh": "Kinh doanh",
    "Phap luat": "Pháp luật",
    "Suc khoe": "Sức khỏe",
    "The gioi": "Thế giới",
    "The thao": "Thể thao",
    "Van hoa": "Văn hóa",
    "Vi tinh": "Vi tính",
}
#: The office's theme (a curation theme slug) suggested for each VNTC label:
#: business, science and computing under the economy; the world under
#: external relations; culture and sport under culture; the rest under people.
THEMES: dict[str, str] = {
    "Chinh tri Xa hoi": "con-nguoi",
    "Doi song": "con-nguoi",
    "Khoa hoc": "kinh-te",
    "Kinh doanh": "kinh-te",
    "Phap luat": "con-nguoi",
    "Suc khoe": "con-nguoi",
    "The gioi": "doi-ngoai",
    "The thao": "van-hoa",
    "Van hoa": "van-hoa",
    "Vi tinh": "kinh-te",
}

_SEGMENT = re.compile(r"[.,;:!?()\[\]{}\"“”‘’'«»/\n\t|•…–—-]+")
_SYLLABLE = re.compile(r"[^\W\d_]+")


def features(text: str) -> list[str]:
    """Syllable unigrams and bigrams of ``text`` in match form, bigrams within punctuation."""
    out: list[str] = []
    for segment in _SEGMENT.split(match_form(text)):
        syllables = _SYLLABLE.findall(segment)
        out.extend(syllables)
        out.extend(f"{a} {b}" for a, b in pairwise(syllables))
    return out


@dataclass
class TopicModel:
    """A linear topic model: vocabulary, IDF, weights (features × labels), intercepts."""

    labels: tuple[str, ...]
    vocabulary: tuple[str, ...]
    idf: np.ndarray
    weights: np.ndarray
    intercepts: np.ndarray
    info: dict[str, Any]
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n, k = len(self.vocabulary), len(self.labels)
        if self.idf.shape != (n,) or self.weights.shape != (n, k) or self.intercepts.shape != (k,):
            raise ConfigError(
                f"topic model shapes disagree: {n} features, {k} labels, idf {self.idf.shape}, "
                f"weights {self.weights.shape}, intercepts {self.intercepts.shape}"
            )
        self._index = {f: i for i, f in enumerate(self.vocabulary)}

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature indices and their L2-normalised TF-IDF values (sublinear TF)."""
        index = self._index
        counts = Counter(i for i in map(index.get, features(text)) if i is not None)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=float)
        values = tf * self.idf[cols]
        return cols, values / np.linalg.norm(values)

    def probabilities(self, text: str) -> np.ndarray:
        """Probability of each label (in :attr:`labels` order)."""
        cols, values = self.vector(text)
        scores = self.intercepts + values @ self.weights[cols]
        scores = np.exp(scores - scores.max())
        return np.asarray(scores / scores.sum())

    def classify(self, text: str) -> tuple[str, float]:
        """``(label, probability)`` of the most probable topic."""
        probs = self.probabilities(text)
        best = int(probs.argmax())
        return self.labels[best], round(float(probs[best]), 4)

    def rank(self, text: str) -> list[tuple[str, float]]:
        """Every label with its probability, most probable first."""
        probs = self.probabilities(text)
        order = sorted(range(len(self.labels)), key=lambda i: (-probs[i], i))
        return [(self.labels[i], round(float(probs[i]), 4)) for i in order]

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form written to the model file (weights rounded to 4 decimals)."""
        return {
            "format": FORMAT,
            "info": self.info,
            "labels": list(self.labels),
            "intercepts": _rounded(self.intercepts),
            "vocabulary": list(self.vocabulary),
            "idf": _rounded(self.idf),
            "weights": [_rounded(row) for row in self.weights],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str = "topic model") -> TopicModel:
        if data.get("format") != FORMAT:
            raise ConfigError(
                f"{source}: not a {FORMAT} model file (format {data.get('format')!r}); "
                "rebuild it with `make topics-model`"
            )
        try:
            return cls(
                labels=tuple(data["labels"]),
                vocabulary=tuple(data["vocabulary"]),
                idf=np.asarray(data["idf"], dtype=float),
                weights=np.asarray(data["weights"], dtype=float).reshape(
                    len(data["vocabulary"]), len(data["labels"])
                ),
                intercepts=np.asarray(data["intercepts"], dtype=float),
                info=dict(data.get("info", {})),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise ConfigError(f"{source}: damaged topic model ({err})") from err


def _rounded(values: Sequence[float] | np.ndarray) -> list[float]:
    return [round(float(v), 4) + 0.0 for v in values]


def load_model(path: Path | str | None = None) -> TopicModel:
    """The topic model in ``path`` (default: the one shipped with the package)."""
    path = Path(path) if path is not None else MODEL_PATH
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ConfigError(
            f"{path}: the topic model is missing; build it with `make topics-model`"
        ) from err
    except (OSError, ValueError) as err:
        raise ConfigError(f"{path}: cannot read the topic model ({err})") from err
    return TopicModel.from_dict(data, source=str(path))


_model: TopicModel | None = None
_lock = threading.Lock()


def _default_model() -> TopicModel:
    global _model
    with _lock:
        if _model is None:
            _model = load_model()
        return _model


def classify(text: str) -> tuple[str, float]:
    """``(label, probability)``: the VNTC topic of a Vietnamese news text.

    A text with no known syllable gets the label the model prefers a priori,
    with a low probability.
    """
    return _default_model().classify(text)


def label_name(label: str) -> str:
    """A stored topic label as readers write it ("Chinh tri Xa hoi" →
    "Chính trị – Xã hội"); a label of another classifier is shown as it is."""
    return LABEL_NAMES.get(label, label)


def theme(label: str) -> str:
    """The slug of the office's theme suggested for a VNTC label
    ("Kinh doanh" → "kinh-te"); ConfigError for a label the model does not have."""
    try:
        return THEMES[label]
    except KeyError:
        raise ConfigError(f"unknown topic label {label!r}") from None
