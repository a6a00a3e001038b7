"""What collection yields: a raw document (the bytes as received) or a failure.

Also the sniffing that tells what a body is (HTML, plain text, a feed, a
sitemap, other XML, binary) from its declared content type and first bytes;
:func:`gunzip` and :func:`is_gzip` come from :mod:`doingoai._files`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from doingoai._files import gunzip, is_gzip

__all__ = [
    "KEPT_HEADERS",
    "Failure",
    "Kind",
    "RawDocument",
    "gunzip",
    "is_gzip",
    "sniff_kind",
    "xml_root_name",
]

Kind = Literal["html", "text", "feed", "sitemap", "xml", "binary"]

# The HTTP response headers worth keeping with a document; "final-url" is
# added by the fetcher (the address after redirects).
KEPT_HEADERS: tuple[str, ...] = (
    "content-type",
    "last-modified",
    "etag",
    "content-language",
    "date",
)

_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_HTML_START = re.compile(rb"<(!doctype\s+html|html|head|body|meta|title|div|p|script)\b", re.I)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(slots=True)
class RawDocument:
    """One document exactly as collected.

    ``data`` holds the bytes as received (a ``.gz`` file is decompressed, an
    HTTP body is decoded from its transfer and content encodings, nothing
    else). ``url`` is the document's address ("" for a file without one),
    ``source`` the path or URL that was given to :func:`collect`, ``headers``
    the response headers that matter (lower-case names; see
    :data:`KEPT_HEADERS`, plus ``final-url`` after redirects).
    """

    data: bytes
    url: str = ""
    source: str = ""
    fetched_at: datetime = field(default_factory=_now)
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = ""
    kind: Kind | None = None

    def __post_init__(self) -> None:
        if self.fetched_at.tzinfo is None:
            self.fetched_at = self.fetched_at.replace(tzinfo=UTC)
        else:
            self.fetched_at = self.fetched_at.astimezone(UTC)
        if not self.content_type:
            self.content_type = self.headers.get("content-type", "")
        if self.kind is None:
            self.kind = sniff_kind(self.data, self.content_type)

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of ``data``: the document's identity in the store."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def name(self) -> str:
        """What to call the document in a message: its URL, else its source."""
        return self.url or self.source


@dataclass(frozen=True, slots=True)
class Failure:
    """A source (or one item of it) that could not be collected, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def xml_root_name(data: bytes) -> str | None:
    """The local name of the root element of an XML document, lower-cased;
    ``None`` when ``data`` does not start like XML."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    # skip the declaration, processing instructions, comments and a DOCTYPE
    while head.startswith(b"<?") or head.startswith(b"<!"):
        if head.startswith(b"<!--"):
            end = head.find(b"-->")
            cut = end + 3 if end >= 0 else -1
        elif head.startswith(b"<!DOCTYPE") or head.startswith(b"<!doctype"):
            # an internal subset may hold '>' inside brackets
            bracket = head.find(b"[")
            close = head.find(b">")
            if 0 <= bracket < close:
                end = head.find(b"]>")
                cut = end + 2 if end >= 0 else -1
            else:
                cut = close + 1 if close >= 0 else -1
        else:
            end = head.find(b">")
            cut = end + 1 if end >= 0 else -1
        if cut <= 0:
            return None
        head = head[cut:].lstrip()
    match = _ROOT.match(head)
    if match is None:
        return None
    return match.group(2).decode("ascii", "replace").lower()


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.05


def sniff_kind(data: bytes, content_type: str = "") -> Kind:
    """Tell what a body is from its content type and its first bytes.

    The bytes win over the declared type when they are clear (servers often
    send feeds as ``text/html`` and sitemaps as ``text/plain``).
    """
    ctype = content_type.split(";", 1)[0].strip().lower()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text: judge it by its characters
        head = data[:8192].decode("utf-16", errors="ignore").lstrip("\ufeff")
        return sniff_kind(head.encode("utf-8", errors="replace"), content_type)
    root = xml_root_name(data)
    if root in _FEED_ROOTS:
        return "feed"
    if root in _SITEMAP_ROOTS:
        return "sitemap"
    if ctype in _FEED_TYPES:
        return "feed"
    if root == "html" or _HTML_START.match(data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")):
        return "html"
    if _looks_binary(data):
        return "binary"
    if root is not None and (ctype.endswith("xml") or data.lstrip().startswith(b"<?xml")):
        return "xml"
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    if ctype.startswith("text/") or not ctype:
        return "text"
    return "binary"
