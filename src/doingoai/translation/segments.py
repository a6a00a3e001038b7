"""An article cut into the segments a translator works on: the sentences of
its title, lead, paragraphs and captions, in that order (Vietnamese sentence
splitter), each with a hash of its text and a context for the memory."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from doingoai.text import normalize, split_sentences

__all__ = ["SourceSegment", "article_segments", "assemble", "segments_hash", "source_hash"]


@dataclass(frozen=True)
class SourceSegment:
    """One sentence of the source. ``block`` numbers the paragraph or caption
    it belongs to (0 for the title and the lead)."""

    kind: str
    block: int
    source: str
    source_hash: str
    context: str


def source_hash(text: str) -> str:
    """A hash of ``text`` that ignores Unicode form and runs of spaces."""
    squashed = " ".join(normalize(text).split())
    return hashlib.sha256(squashed.encode("utf-8")).hexdigest()


def segments_hash(hashes: Sequence[str]) -> str:
    """A hash of the whole source, from its segments' hashes in order."""
    return hashlib.sha256("\n".join(hashes).encode("ascii")).hexdigest()


def _sentences(text: str) -> list[str]:
    found = split_sentences(text or "")
    if not found and text.strip():
        found = [" ".join(text.split())]
    return found


def article_segments(article: Any) -> list[SourceSegment]:
    """The segments of a stored article (anything with ``title``, ``lead``,
    ``paragraphs`` and ``captions``). The context of a segment is its kind and
    the hash of the segment before it, so that an exact memory match from the
    same surroundings ranks first."""
    blocks: list[tuple[str, int, str]] = [("title", 0, article.title or "")]
    blocks.append(("lead", 0, article.lead or ""))
    blocks.extend(("paragraph", n, p) for n, p in enumerate(article.paragraphs or []))
    blocks.extend(("caption", n, c) for n, c in enumerate(article.captions or []))
    out: list[SourceSegment] = []
    previous = ""
    for kind, block, text in blocks:
        for sentence in _sentences(text):
            digest = source_hash(sentence)
            out.append(SourceSegment(kind, block, sentence, digest, f"{kind}:{previous[:16]}"))
            previous = digest
    return out


def assemble(rows: Sequence[tuple[str, int, str]]) -> dict[str, Any]:
    """A version's text from (kind, block, target) rows in order: the title
    and lead as strings, paragraphs and captions as lists."""
    title: list[str] = []
    lead: list[str] = []
    paragraphs: dict[int, list[str]] = {}
    captions: dict[int, list[str]] = {}
    for kind, block, target in rows:
        text = target.strip()
        if kind == "title":
            title.append(text)
        elif kind == "lead":
            lead.append(text)
        elif kind == "paragraph":
            paragraphs.setdefault(block, []).append(text)
        else:
            captions.setdefault(block, []).append(text)
    return {
        "title": " ".join(t for t in title if t),
        "lead": " ".join(t for t in lead if t),
        "paragraphs": [" ".join(t for t in paragraphs[k] if t) for k in sorted(paragraphs)],
        "captions": [" ".join(t for t in captions[k] if t) for k in sorted(captions)],
    }
