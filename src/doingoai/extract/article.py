"""The Article: what extraction makes of one document."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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
        data = asdict(self)
        data["paragraphs"] = [p.text for p in self.paragraphs]
        data["subheadings"] = [p.text for p in self.paragraphs if p.kind == "h"]
        data["published_at"] = self.published_at.isoformat() if self.published_at else None
        data["text"] = self.text
        return data
