"""One object that runs every enrichment step on an extracted article.

Language, topic, named entities and the word count, each step loaded lazily
the first time it is needed, so a process that never enriches never pays
for the models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from doingoai.enrich.entities import Method

__all__ = ["Enricher", "Enrichment"]


@dataclass(slots=True)
class Enrichment:
    language: str = ""
    language_score: float = 0.0
    topic: str = ""
    topic_score: float | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    words: int = 0


@dataclass(slots=True)
class Enricher:
    """Runs language identification, topic classification, NER and word counting.

    ``entities`` is the costliest step. ``entity_method`` "rules" (the
    default: capitalised runs, word lists and titles) scored F1 0.80 on the
    held-out gold set against 0.29 for underthesea's tagger alone and 0.83
    for "combined" (rules with underthesea's CRF), which is about ten times
    slower (docs/benchmarks.md, "Enrichment"). ``entity_chars`` bounds how
    much of the text it reads (the title and the first part of the body,
    where the article names who and where).
    """

    topics: bool = True
    entities: bool = True
    entity_method: Method = "rules"
    entity_chars: int = 2000
    count_words: bool = True

    def enrich(self, title: str, text: str, *, declared_language: str = "") -> Enrichment:
        from doingoai.enrich import langid

        result = Enrichment()
        language, score = langid.identify(f"{title}\n{text[:2000]}")
        if declared_language and score < 0.5:
            language, score = declared_language.split("-")[0].lower(), score
        result.language, result.language_score = language, score
        if language == "vi":
            if self.topics:
                from doingoai.enrich import topics

                result.topic, result.topic_score = topics.classify(f"{title}\n{text}")
            if self.entities:
                from doingoai.enrich import entities

                found = entities.find_entities(
                    f"{title}.\n{text[: self.entity_chars]}", method=self.entity_method
                )
                seen: set[tuple[str, str]] = set()
                for ent in found:
                    key = (ent.text, ent.kind)
                    if key not in seen:
                        seen.add(key)
                        result.entities.append({"text": ent.text, "kind": ent.kind})
            if self.count_words:
                # pyvi's segmentation, counted from its labels (doingoai.enrich.wordcount)
                from doingoai.enrich.wordcount import count_words

                result.words = count_words(text)
        elif self.count_words:
            result.words = len(text.split())
        return result
