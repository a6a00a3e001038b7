"""Sitemaps: URL sets, sitemap indexes, Google news sitemaps, text sitemaps.

Parsed by :func:`doingoai._xml.parse_untrusted_xml`: no entity expansion, no
DTD, no network; a sitemap that declares XML entities (the vehicle of
entity-expansion bombs and external-entity attacks, and never needed by a
sitemap) is refused with a clear error. Gzipped sitemaps are decompressed up
to the 50 MB the sitemap protocol allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin

if TYPE_CHECKING:
    from lxml import etree

from doingoai.collect.document import gunzip, is_gzip, xml_root_name
from doingoai.errors import CollectError

__all__ = ["MAX_SITEMAP_BYTES", "Sitemap", "SitemapUrl", "parse_sitemap", "parse_w3c_datetime"]

# sitemaps.org: "no larger than 50MB (52,428,800 bytes)" uncompressed
MAX_SITEMAP_BYTES = 52_428_800

_URL_LINE = re.compile(r"^https?://\S+$")
_BARE_AMPERSAND = re.compile(rb"&(?!(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z_][\w.\-]*);)")


@dataclass(frozen=True, slots=True)
class SitemapUrl:
    """One ``<url>`` of a sitemap; the ``news_*`` fields come from a Google
    news sitemap's ``<news:news>`` block."""

    loc: str
    lastmod: datetime | None = None
    news_title: str = ""
    news_publication_date: datetime | None = None


@dataclass(slots=True)
class Sitemap:
    """A parsed sitemap: page URLs (a urlset) and child sitemaps (an index)."""

    urls: list[SitemapUrl] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def parse_w3c_datetime(value: str) -> datetime | None:
    """A W3C datetime ("2026-03-07", "2026-03-07T08:00:00+07:00", "…Z") as an
    aware datetime; a value without a zone is taken as UTC. None if unreadable."""
    value = value.strip()
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""  # comments, processing instructions, entities
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(element: etree._Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _parse_xml(data: bytes, url: str) -> tuple[etree._Element, bool]:
    """The root element, and whether the document was cut short."""
    from lxml import etree

    from doingoai._xml import parse_untrusted_xml

    try:
        return parse_untrusted_xml(data, url, error=CollectError, what="sitemap"), False
    except CollectError as err:
        invalid = err.__cause__
        if not isinstance(invalid, etree.XMLSyntaxError):
            raise  # refused, not merely broken
    truncated = not data.rstrip().endswith(b">") or not re.search(
        rb"</(?:\w+:)?(?:urlset|sitemapindex)>\s*$", data
    )
    # many real sitemaps carry a bare "&" in a URL: escape those, then parse
    # what can be parsed
    root: etree._Element | None
    try:
        root = parse_untrusted_xml(
            _BARE_AMPERSAND.sub(b"&amp;", data),
            url,
            error=CollectError,
            what="sitemap",
            recover=True,
        )
    except CollectError as err:
        if not isinstance(err.__cause__, etree.XMLSyntaxError):
            raise
        root = None
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise CollectError(f"not a sitemap: invalid XML ({invalid})", source=url) from invalid
    return root, truncated


def _text_sitemap(data: bytes, url: str) -> Sitemap:
    text = data.decode("utf-8", errors="replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or not all(_URL_LINE.match(line) for line in lines):
        raise CollectError("not a sitemap: neither sitemap XML nor a list of URLs", source=url)
    return Sitemap(urls=[SitemapUrl(line) for line in dict.fromkeys(lines)])


def parse_sitemap(data: bytes, url: str) -> Sitemap:
    """Parse the sitemap ``data`` read from ``url`` (a URL or a file path).

    Handles ``<urlset>`` (with Google news extensions), ``<sitemapindex>``,
    gzip-compressed sitemaps and text sitemaps (one URL a line). Relative
    locations are resolved against ``url``. Raises :class:`CollectError`
    naming ``url`` for anything else.
    """
    if is_gzip(data):
        data = gunzip(data, limit=MAX_SITEMAP_BYTES, source=url)
    if len(data) > MAX_SITEMAP_BYTES:
        raise CollectError(f"sitemap larger than {MAX_SITEMAP_BYTES} bytes", source=url)
    if xml_root_name(data) is None:
        return _text_sitemap(data, url)
    root, truncated = _parse_xml(data, url)
    kind = _local(root.tag)
    sitemap = Sitemap()
    if kind == "sitemapindex":
        for child in root:
            if _local(child.tag) == "sitemap":
                loc = _child_text(child, "loc")
                if loc:
                    sitemap.sitemaps.append(urljoin(url, loc))
        sitemap.sitemaps = list(dict.fromkeys(sitemap.sitemaps))
        if truncated and sitemap.sitemaps:
            sitemap.sitemaps.pop()  # the last entry may be cut short
        return sitemap
    if kind != "urlset":
        raise CollectError(
            f"not a sitemap: the XML root is <{kind}>, not <urlset> or <sitemapindex>",
            source=url,
        )
    seen: set[str] = set()
    for child in root:
        if _local(child.tag) != "url":
            continue
        loc = _child_text(child, "loc")
        if not loc:
            continue
        loc = urljoin(url, loc)
        if loc in seen:
            continue
        seen.add(loc)
        news_title = ""
        news_date: datetime | None = None
        for block in child:
            if _local(block.tag) == "news":
                news_title = _child_text(block, "title")
                news_date = parse_w3c_datetime(_child_text(block, "publication_date"))
        sitemap.urls.append(
            SitemapUrl(
                loc=loc,
                lastmod=parse_w3c_datetime(_child_text(child, "lastmod")),
                news_title=news_title,
                news_publication_date=news_date,
            )
        )
    if truncated and sitemap.urls:
        sitemap.urls.pop()  # the last entry may be cut short
    return sitemap
