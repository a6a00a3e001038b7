"""Full-text search over stored articles, accent-aware, on SQLite FTS5 or PostgreSQL.

Articles are indexed twice: exactly as written (one canonical tone placement,
so hoà and hòa meet) and folded (no accents, đ → d). Every query matches
folded, then ranks first the articles with the accents asked for (its words
together before its words apart); a query typed without accents is read with
the accents the corpus most often gives its words in that order ("doi ngoai" →
"đối ngoại", "cua hang" → "cửa hàng"), and the other likely readings of a one- or
two-word query ("thue": "thuê" beside "thuế") each get a place among the first
five hits. Snippets mark matched words with « and ».

The backend follows the database: FTS5 on SQLite, tsvector + GIN on PostgreSQL.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from doingoai.store.search.results import Hit, QueryInfo, SearchResult
from doingoai.store.search.snippet import MARK_END, MARK_START

if TYPE_CHECKING:
    from doingoai.store.search.indexer import index_articles, unindex_articles
    from doingoai.store.search.searcher import search

# The modules that need Django are imported on first use, so that the query
# parser, terms and snippets (core modules) import without Django set up.
_LAZY = {
    "index_articles": "doingoai.store.search.indexer",
    "unindex_articles": "doingoai.store.search.indexer",
    "search": "doingoai.store.search.searcher",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MARK_END",
    "MARK_START",
    "Hit",
    "QueryInfo",
    "SearchResult",
    "index_articles",
    "search",
    "unindex_articles",
]
