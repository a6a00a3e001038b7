"""Feeds deliver text: markup in an article reaches a feed reader as characters.

Read back with feedparser with its sanitiser off, as a reader that does not
sanitise would read them.
"""

from __future__ import annotations

import html
from typing import Any

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from doingoai.portal.content import clear_page_cache
from tests.portal.conftest import make_article, publish

pytestmark = pytest.mark.django_db

LEAD = 'Lễ hội <script>alert("x")</script> & <img src=x onerror=alert(1)> "Hà Nội" <b>mở</b>'
TITLE = "Tin <em>nóng</em> & <script>alert(2)</script>"


@pytest.fixture
def hostile() -> Any:
    editor = get_user_model().objects.create_user("editor-feeds", password="x")
    article = make_article(
        TITLE, LEAD, ["Đoạn thân bài bình thường về Hà Nội."], authors=["<i>Bảo</i> Duy"]
    )
    publish(article, editor, ["doi-ngoai"])
    clear_page_cache()
    return article


@pytest.mark.parametrize("path", ["/vi/rss.xml", "/vi/atom.xml", "/vi/theme/doi-ngoai/rss.xml"])
def test_a_lead_with_markup_reaches_the_reader_as_text(
    hostile: Any, client: Client, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    feed = feedparser.parse(response.content, sanitize_html=False)
    assert not feed.bozo, feed.get("bozo_exception")
    (entry,) = feed.entries
    detail = entry.summary_detail
    if detail.type == "text/html":  # a reader renders it: what it shows is the unescaped text
        shown = html.unescape(detail.value)
        assert "<script" not in detail.value and "<img" not in detail.value
    else:
        shown = detail.value
    assert shown == LEAD
    assert entry.title_detail.type == "text/plain"
    assert entry.title == TITLE
    assert entry.author == "<i>Bảo</i> Duy"
