"""RSS and Atom feeds: the items' links, titles and dates (with feedparser).

feedparser always gets the bytes, never a URL (it would fetch it itself,
without robots.txt or limits), and never resolves external entities.
"""

from __future__ import annotations

import calendar
import time
import xml.sax
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    import feedparser

from doingoai.errors import CollectError

__all__ = ["FeedItem", "parse_feed"]


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed: its absolute link, title and publication time (UTC)."""

    url: str
    title: str = ""
    published: datetime | None = None


def _when(parsed: time.struct_time | None) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError):
        return None


def _entry_link(entry: feedparser.FeedParserDict, base: str) -> str:
    link = str(entry.get("link") or "")
    if not link:
        # some feeds give the address only in <guid isPermaLink="true"> or in links[]
        for candidate in entry.get("links") or []:
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = str(candidate["href"])
                break
        else:
            guid = str(entry.get("id") or "")
            if guid.startswith(("http://", "https://")):
                link = guid
    return urljoin(base, link.strip()) if link else ""


def parse_feed(data: bytes, url: str) -> list[FeedItem]:
    """The items of the RSS/Atom feed ``data`` fetched from ``url`` (or read from
    the file ``url``), in feed order, without duplicates.

    Raises :class:`CollectError` "not a feed" naming ``url`` when ``data`` is
    not a feed at all (feedparser finds no feed format and no entries), or is
    broken XML from which no item with a link could be read. A feed cut short
    gives the items read before the break.
    """
    import feedparser  # imported when needed: it is slow to import

    if not data.strip():
        raise CollectError("not a feed: the document is empty", source=url)
    parsed = feedparser.parse(
        data,
        response_headers={"content-location": url, "content-type": "application/xml"},
        resolve_relative_uris=False,
        sanitize_html=False,
    )
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        raise CollectError(f"not a feed: no RSS or Atom content{detail}", source=url)
    base = url if urlsplit(url).scheme in ("http", "https") else ""
    if not base:
        # a feed read from a file: its own <link> is the best base there is
        base = str(parsed.feed.get("link") or "")
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = _entry_link(entry, base)
        if not link or link in seen:
            continue
        seen.add(link)
        published = _when(entry.get("published_parsed") or entry.get("updated_parsed"))
        items.append(FeedItem(link, str(entry.get("title") or "").strip(), published))
    problem = parsed.get("bozo_exception")
    if not items and isinstance(problem, xml.sax.SAXException):
        raise CollectError(f"not a feed: broken XML ({problem}) and no usable item", source=url)
    return items
