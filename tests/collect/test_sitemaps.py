"""Sitemaps: urlset, index, Google news, text, gzip; entity attacks refused."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta, timezone

import pytest

from doingoai.collect import Sitemap, SitemapUrl, parse_sitemap
from doingoai.errors import CollectError

URL = "https://thudo.example.vn/sitemap.xml"
ICT = timezone(timedelta(hours=7))

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://thudo.example.vn/ha-noi-khanh-thanh-cau-moi-100001.html</loc>
       <lastmod>2026-03-07T08:15:00+07:00</lastmod></url>
  <url><loc> https://thudo.example.vn/le-hoi-mua-xuan-100002.html </loc><lastmod>2026-03-06</lastmod></url>
  <url><loc>https://thudo.example.vn/ha-noi-khanh-thanh-cau-moi-100001.html</loc></url>
  <url><lastmod>2026-03-06</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://thudo.example.vn/sitemaps/2026-03.xml</loc></sitemap>
  <sitemap><loc>/sitemaps/news.xml</loc><lastmod>2026-03-07</lastmod></sitemap>
</sitemapindex>"""

NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://thudo.example.vn/thong-tin-doi-ngoai-nam-2026-100003.html</loc>
    <news:news>
      <news:publication><news:name>Thủ đô</news:name><news:language>vi</news:language></news:publication>
      <news:publication_date>2026-03-07T07:30:00+07:00</news:publication_date>
      <news:title>Thông tin đối ngoại năm 2026</news:title>
    </news:news>
  </url>
</urlset>""".encode()

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.vn/&lol9;</loc></url></urlset>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.vn/&secret;</loc></url></urlset>"""


def test_urlset() -> None:
    assert parse_sitemap(URLSET, URL) == Sitemap(
        urls=[
            SitemapUrl(
                "https://thudo.example.vn/ha-noi-khanh-thanh-cau-moi-100001.html",
                lastmod=datetime(2026, 3, 7, 8, 15, tzinfo=ICT),
            ),
            SitemapUrl(
                "https://thudo.example.vn/le-hoi-mua-xuan-100002.html",
                lastmod=datetime(2026, 3, 6, tzinfo=UTC),
            ),
        ]
    )


def test_sitemap_index_lists_children_absolute() -> None:
    assert parse_sitemap(INDEX, URL) == Sitemap(
        sitemaps=[
            "https://thudo.example.vn/sitemaps/2026-03.xml",
            "https://thudo.example.vn/sitemaps/news.xml",
        ]
    )


def test_google_news_sitemap() -> None:
    (entry,) = parse_sitemap(NEWS, URL).urls
    assert entry.loc == "https://thudo.example.vn/thong-tin-doi-ngoai-nam-2026-100003.html"
    assert entry.news_title == "Thông tin đối ngoại năm 2026"
    assert entry.news_publication_date == datetime(2026, 3, 7, 7, 30, tzinfo=ICT)


def test_gzipped_sitemap() -> None:
    assert parse_sitemap(gzip.compress(URLSET), URL + ".gz") == parse_sitemap(URLSET, URL)


def test_text_sitemap() -> None:
    data = b"https://thudo.example.vn/a-b-c-1.html\nhttps://thudo.example.vn/a-b-c-2.html\n"
    assert [u.loc for u in parse_sitemap(data, URL).urls] == [
        "https://thudo.example.vn/a-b-c-1.html",
        "https://thudo.example.vn/a-b-c-2.html",
    ]


def test_truncated_sitemap_keeps_the_urls_it_has() -> None:
    data = b"<urlset><url><loc>https://x.vn/a-b-c-1.html</loc></url><url><loc>https://x.vn/a-b"
    assert [u.loc for u in parse_sitemap(data, URL).urls] == ["https://x.vn/a-b-c-1.html"]


def test_bare_ampersand_in_a_url_is_tolerated() -> None:
    data = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://x.vn/tin?id=1&amp;p=2</loc></url>"
        b"<url><loc>https://x.vn/tin?id=3&p=4</loc></url></urlset>"
    )
    assert [u.loc for u in parse_sitemap(data, URL).urls] == [
        "https://x.vn/tin?id=1&p=2",
        "https://x.vn/tin?id=3&p=4",
    ]


@pytest.mark.parametrize(
    "attack", [BOMB, EXTERNAL], ids=["entity-expansion bomb", "external entity"]
)
def test_entity_declarations_are_refused(attack: bytes) -> None:
    with pytest.raises(CollectError, match="declares XML entities") as info:
        parse_sitemap(attack, URL)
    assert str(info.value).startswith(URL)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<!doctype html><html><body>Trang</body></html>", "not a sitemap"),
        (b"<?xml version='1.0'?><rss version='2.0'><channel/></rss>", r"root is <rss>"),
        (b"hello world", "not a sitemap"),
        (b"<?xml version='1.0'?>\n<<<>>>", "not a sitemap"),
        (gzip.compress(URLSET)[:40], "truncated gzip"),
    ],
)
def test_not_a_sitemap(data: bytes, message: str) -> None:
    with pytest.raises(CollectError, match=message) as info:
        parse_sitemap(data, URL)
    assert URL in str(info.value)
