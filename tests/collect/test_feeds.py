"""RSS/Atom feeds: items' links, titles and dates; "not a feed" for the rest."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from doingoai.collect import FeedItem, parse_feed
from doingoai.errors import CollectError

FEED_URL = "https://hanoimoi.example.vn/rss/van-hoa.rss"

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Văn hóa - Hà Nội Mới</title><link>https://hanoimoi.example.vn/van-hoa</link>
<item>
  <title>Phố cổ Hà Nội đón khách quốc tế</title>
  <link>https://hanoimoi.example.vn/pho-co-ha-noi-don-khach-quoc-te-712345.html</link>
  <pubDate>Sat, 07 Mar 2026 08:00:00 +0700</pubDate>
</item>
<item>
  <title>Lễ hội &amp; di sản</title>
  <link>/le-hoi-va-di-san-cua-thu-do-712346.html</link>
</item>
<item>
  <title>Bản trùng</title>
  <link>https://hanoimoi.example.vn/pho-co-ha-noi-don-khach-quoc-te-712345.html</link>
</item>
</channel></rss>
""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Tin đối ngoại</title>
  <entry>
    <title>Hà Nội tiếp đoàn đại biểu</title>
    <link rel="alternate" href="https://doingoai.example.vn/ha-noi-tiep-doan-dai-bieu-1001.htm"/>
    <id>tag:doingoai.example.vn,2026:1001</id>
    <updated>2026-03-06T10:30:00Z</updated>
  </entry>
</feed>
""".encode()


def test_rss_items_in_order_absolute_and_deduplicated() -> None:
    items = parse_feed(RSS, FEED_URL)
    assert items == [
        FeedItem(
            "https://hanoimoi.example.vn/pho-co-ha-noi-don-khach-quoc-te-712345.html",
            "Phố cổ Hà Nội đón khách quốc tế",
            datetime(2026, 3, 7, 1, 0, tzinfo=UTC),
        ),
        FeedItem(
            "https://hanoimoi.example.vn/le-hoi-va-di-san-cua-thu-do-712346.html", "Lễ hội & di sản"
        ),
    ]


def test_atom_entry() -> None:
    (item,) = parse_feed(ATOM, "feeds/doingoai.atom")
    assert item.url == "https://doingoai.example.vn/ha-noi-tiep-doan-dai-bieu-1001.htm"
    assert item.title == "Hà Nội tiếp đoàn đại biểu"
    assert item.published == datetime(2026, 3, 6, 10, 30, tzinfo=UTC)


def test_feed_read_from_a_file_resolves_links_against_its_own_link() -> None:
    items = parse_feed(RSS, "saved/van-hoa.rss")
    assert items[1].url == "https://hanoimoi.example.vn/le-hoi-va-di-san-cua-thu-do-712346.html"


def test_empty_feed_has_no_items() -> None:
    data = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    assert parse_feed(data, FEED_URL) == []


@pytest.mark.parametrize(
    "data",
    [
        "<!doctype html><html><body><p>Trang chủ</p></body></html>".encode(),
        b"this is not xml at all",
        b'{"items": []}',
        b"   ",
        b"\x00\x01\x02\x03binary",
    ],
)
def test_not_a_feed_is_a_clear_error_naming_it(data: bytes) -> None:
    with pytest.raises(CollectError, match="not a feed") as info:
        parse_feed(data, FEED_URL)
    assert str(info.value).startswith(FEED_URL)
