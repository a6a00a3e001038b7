"""The Article: what extraction makes of one document."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["Article", "Image", "Paragraph", "Related"]


@dataclass(slots=True)
class Paragraph:
    """One body block in reading order; ``kind`` is "p" or "h" (a subheading)."""

    text: str
    kind: str = "p"


@dataclass(slots=True)
class Image:
    src: str
    caption: str = ""


@dataclass(slots=True)
class Related:
    """A related-news link, kept apart from the body."""

    title: str
    url: str = ""
    summary: str = ""


@dataclass(slots=True)
class Article:
    title: str = ""
    lead: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    outlet: str = ""
    url: str = ""
    language: str = ""
    tags: list[str] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The article body: lead and paragraphs joined by blank lines."""
        parts = [self.lead] if self.lead else []
        parts.extend(p.text for p in self.paragraphs if p.text)
        return "\n\n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the keys of ``doingoai extract``'s output."""
        # built field by field: dataclasses.asdict deep-copies every value and
        # cost about a tenth of the command's time on news pages
        return {
            "title": self.title,
            "lead": self.lead,
            "paragraphs": [p.text for p in self.paragraphs],
            "captions": list(self.captions),
            "images": [{"src": i.src, "caption": i.caption} for i in self.images],
            "authors": list(self.authors),
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "outlet": self.outlet,
            "url": self.url,
            "language": self.language,
            "tags": list(self.tags),
            "related": [
                {"title": r.title, "url": r.url, "summary": r.summary} for r in self.related
            ],
            "warnings": list(self.warnings),
            "subheadings": [p.text for p in self.paragraphs if p.kind == "h"],
            "text": self.text,
        }
