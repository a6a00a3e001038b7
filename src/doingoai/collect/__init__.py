"""Collection: turning sources (files, folders, stdin, WARC files, URLs, URL
lists, RSS/Atom feeds, sitemaps, section pages) into raw documents.

Core layer: no Django, no database. :func:`collect` yields
:class:`RawDocument` and :class:`Failure` objects; the store decides what to
keep.
"""

from __future__ import annotations

from doingoai.collect.document import Failure, Kind, RawDocument, sniff_kind
from doingoai.collect.feeds import FeedItem, parse_feed
from doingoai.collect.fetch import Fetcher
from doingoai.collect.listpages import ListPage, discover_links, looks_like_list_page
from doingoai.collect.sitemaps import Sitemap, SitemapUrl, parse_sitemap
from doingoai.collect.sources import collect
from doingoai.collect.warc import read_warc

__all__ = [
    "Failure",
    "FeedItem",
    "Fetcher",
    "Kind",
    "ListPage",
    "RawDocument",
    "Sitemap",
    "SitemapUrl",
    "collect",
    "discover_links",
    "looks_like_list_page",
    "parse_feed",
    "parse_sitemap",
    "read_warc",
    "sniff_kind",
]
