"""What a search returns: hits, the total, and how the query was understood."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["Hit", "QueryInfo", "SearchResult"]


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching article.

    ``snippet`` is a passage of the article with matched words between « and ».
    ``exact`` is True when the article holds the query's words with the accents
    asked for (or, for an unaccented query, the accents it most likely means);
    such hits come first and their ``score`` is at least 1. Scores order the hits
    of one search; they are not comparable between backends.
    """

    article_id: int
    title: str
    snippet: str
    url: str
    outlet: str
    published_at: datetime | None
    language: str
    topic: str
    score: float
    exact: bool

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["published_at"] = self.published_at.isoformat() if self.published_at else None
        return data


@dataclass(frozen=True, slots=True)
class QueryInfo:
    """How the query was read.

    ``parsed`` is the query in canonical form; ``interpreted_as`` is, for a
    query typed without accents, the accented reading the corpus suggests (its
    matches rank first), else None. ``exact_matches`` counts the hits with
    exact accents when it was needed to page through them, else None.
    """

    text: str
    parsed: str
    accented: bool
    interpreted_as: str | None
    backend: str
    exact_matches: int | None = None
    filters: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The hits of one page, and how many articles match in all.

    ``total`` counts the articles with the accents typed when the query was
    searched with them; ``without_accents`` then counts, apart, those that match
    only when accents are ignored.

    ``total`` is exact when ``total_exact`` is True; a query matching more
    articles than the backend counts one by one gets an estimate, rounded to
    two significant figures (shown as "about 28,000")."""

    hits: list[Hit]
    total: int
    query_info: QueryInfo
    total_exact: bool = True
    #: for a query typed with accents, searched with its accents: how many more
    #: articles match when accents are ignored (not among ``hits`` nor ``total``);
    #: None when the search ignored no accent
    without_accents: int | None = None
    without_accents_exact: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "total_exact": self.total_exact,
            "without_accents": self.without_accents,
            "without_accents_exact": self.without_accents_exact,
            "query": self.query_info.as_dict(),
            "hits": [h.as_dict() for h in self.hits],
        }
