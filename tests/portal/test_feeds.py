"""RSS 2.0 and Atom feeds per language and per theme, read back with feedparser."""

from __future__ import annotations

import feedparser
import pytest
from django.test import Client

from .conftest import Portal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "version", "language", "titles"),
    [
        (
            "/vi/rss.xml",
            "rss20",
            "vi",
            {"Thông tin đối ngoại Hà Nội năm 2015", "Phát triển du lịch Thủ đô"},
        ),
        (
            "/vi/atom.xml",
            "atom10",
            "vi",
            {"Thông tin đối ngoại Hà Nội năm 2015", "Phát triển du lịch Thủ đô"},
        ),
        ("/en/rss.xml", "rss20", "en", {"Hanoi external information in 2015"}),
        ("/en/atom.xml", "atom10", "en", {"Hanoi external information in 2015"}),
        ("/vi/theme/du-lich/rss.xml", "rss20", "vi", {"Phát triển du lịch Thủ đô"}),
        ("/en/theme/doi-ngoai/atom.xml", "atom10", "en", {"Hanoi external information in 2015"}),
        ("/en/theme/du-lich/rss.xml", "rss20", "en", set()),
    ],
)
def test_feed_parses_and_lists_published_stories(
    portal: Portal, client: Client, path: str, version: str, language: str, titles: set[str]
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert feed.feed.get("language", language) == language
    assert {e.title for e in feed.entries} == titles
    for entry in feed.entries:
        assert entry.link.startswith(f"http://testserver/{language}/article/")
        assert entry.get("published_parsed") or entry.get("updated_parsed")


def test_feed_item_carries_lead_author_and_themes(portal: Portal, client: Client) -> None:
    feed = feedparser.parse(client.get("/vi/rss.xml").content)
    entry = next(e for e in feed.entries if e.title.startswith("Thông tin đối ngoại"))
    assert "hội nghị về thông tin đối ngoại" in entry.summary
    assert [t.term for t in entry.tags] == ["Đối ngoại"]
    assert entry.published_parsed[:3] == (2015, 6, 2)
