"""RawDocument, sniffing what a body is, and safe gunzip."""

from __future__ import annotations

import gzip
import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from doingoai.collect import RawDocument, sniff_kind
from doingoai.collect.document import gunzip, xml_root_name
from doingoai.errors import CollectError


@pytest.mark.parametrize(
    ("data", "content_type", "kind"),
    [
        (b"<!DOCTYPE html><html><head><title>Tin</title></head></html>", "", "html"),
        (b"\xef\xbb\xbf<html lang='vi'><body>x</body></html>", "text/html", "html"),
        (b"<div class='sapo'>Ha Noi</div>", "", "html"),
        (b"<?xml version='1.0'?><rss version='2.0'><channel/></rss>", "text/html", "feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "", "feed"),
        (b"<?xml version='1.0'?><rdf:RDF xmlns:rdf='x'></rdf:RDF>", "", "feed"),
        (b"<?xml version='1.0'?>\n<!-- generated -->\n<urlset></urlset>", "text/plain", "sitemap"),
        (b"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'/>", "", "sitemap"),
        (b"<?xml version='1.0'?><note><to>A</to></note>", "application/xml", "xml"),
        ("Thông tin đối ngoại: Đã đáp ứng\n\nNgày 2.6, Sở…".encode(), "", "text"),
        ("Thông tin đối ngoại".encode(), "text/plain; charset=utf-8", "text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "", "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "application/pdf", "binary"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "image/gif", "binary"),
        (b'{"a": 1}', "application/json", "binary"),
    ],
)
def test_sniff_kind(data: bytes, content_type: str, kind: str) -> None:
    assert sniff_kind(data, content_type) == kind


def test_xml_root_skips_doctype_with_internal_subset() -> None:
    data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><urlset/>'
    assert xml_root_name(data) == "urlset"


def test_raw_document_fields() -> None:
    ict = timezone(timedelta(hours=7))
    doc = RawDocument(
        b"<html><body>x</body></html>",
        url="https://a.vn/x",
        source="https://a.vn/rss",
        fetched_at=datetime(2026, 3, 7, 8, 0, tzinfo=ict),
        headers={"content-type": "text/html; charset=utf-8"},
    )
    assert doc.sha256 == hashlib.sha256(b"<html><body>x</body></html>").hexdigest()
    assert doc.fetched_at == datetime(2026, 3, 7, 1, 0, tzinfo=UTC)
    assert doc.fetched_at.tzinfo is UTC
    assert doc.content_type == "text/html; charset=utf-8"
    assert doc.kind == "html"


def test_naive_fetched_at_is_taken_as_utc() -> None:
    doc = RawDocument(b"x", fetched_at=datetime(2026, 1, 1))
    assert doc.fetched_at == datetime(2026, 1, 1, tzinfo=UTC)


def test_gunzip() -> None:
    data = "Hà Nội".encode() * 100
    assert gunzip(gzip.compress(data), limit=10_000, source="a.gz") == data
    # concatenated members are one stream
    assert gunzip(gzip.compress(b"ab") + gzip.compress(b"cd"), limit=10, source="a.gz") == b"abcd"


@pytest.mark.parametrize(
    ("data", "limit", "message"),
    [
        (gzip.compress(b"x" * 10_000)[:-12], 100_000, "truncated gzip"),
        (gzip.compress(b"x" * 10_000)[:15], 100_000, "truncated gzip"),
        (b"\x1f\x8b\x08\x00garbage-that-is-not-deflate", 100_000, "corrupt gzip"),
        (gzip.compress(b"\x00" * 1_000_000), 1000, "more than 1000 bytes"),
    ],
    ids=["cut near the end", "cut in the header", "corrupt", "bomb"],
)
def test_gunzip_bad_input(data: bytes, limit: int, message: str) -> None:
    with pytest.raises(CollectError, match=message) as info:
        gunzip(data, limit=limit, source="corpus/bai.html.gz")
    assert str(info.value).startswith("corpus/bai.html.gz: ")
