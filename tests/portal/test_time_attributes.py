"""Every `<time datetime>` on the portal is a valid HTML date or global date
and time: at most three digits of fractions of a second (the W3C checker
refuses more), a time zone given."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.test import Client

from tests.portal.conftest import Portal, make_article, publish

# HTML's "valid date string" or "valid global date and time string"
VALID = re.compile(
    r"^\d{4}-\d{2}-\d{2}"
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2}))?$"
)


def _times(html: str) -> list[str]:
    return re.findall(r'<time[^>]*\bdatetime="([^"]*)"', html)


@pytest.mark.parametrize("path", ["/vi/", "/vi/theme/doi-ngoai/", "/vi/archive/2015/06/"])
def test_listing_pages_give_valid_moments(client: Client, portal: Portal, path: str) -> None:
    # a moment with microseconds, as a fetch time gives
    late = make_article(
        "Hà Nội mở rộng hợp tác quốc tế",
        "Thành phố ký kết nhiều thỏa thuận mới.",
        ["Các thỏa thuận tập trung vào văn hóa và du lịch."],
        when=datetime(2015, 6, 20, 9, 53, 9, 999144, tzinfo=UTC),
    )
    publish(late, portal.editor, ["doi-ngoai"])
    html = client.get(path).content.decode()
    found = _times(html)
    assert found, f"no <time> on {path}"
    assert [t for t in found if not VALID.match(t)] == []
    assert any(t.startswith("2015-06-20T16:53:09") for t in found)  # the office's time zone


def test_an_article_page_gives_a_valid_moment(client: Client, portal: Portal) -> None:
    html = client.get(f"/vi/article/{portal.both.pk}/", follow=True).content.decode()
    found = _times(html)
    assert found and [t for t in found if not VALID.match(t)] == []
