"""Reach: article page views counted per article × language × day, with the
referring site and the reader's language, robots left out, cached pages
counted too, and nothing about any reader kept (no cookie, address or
identifier)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from doingoai.curation import services as curation
from doingoai.plans.models import Plan, Target
from doingoai.portal.content import clear_page_cache
from doingoai.reports import reach as counting
from doingoai.reports.figures import reach, target_progress
from doingoai.reports.models import DailyViews
from doingoai.reports.periods import parse_period
from doingoai.store.models import Article, RawDocument

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


@pytest.fixture(autouse=True)
def count_at_once(settings: Any) -> None:
    settings.REACH_FLUSH_EVERY = 1
    settings.REACH_FLUSH_IN_BACKGROUND = False  # the test's own transaction holds the article
    settings.PORTAL_PAGE_CACHE_SECONDS = 600
    clear_page_cache()


@pytest.fixture
def article() -> Article:
    text = "Hà Nội giới thiệu phố cổ với bạn bè quốc tế."
    digest = hashlib.sha256(text.encode()).hexdigest()
    raw = RawDocument.objects.create(
        sha256=digest,
        fetched_at=datetime(2025, 1, 1, tzinfo=UTC),
        size=len(text),
        compressed=RawDocument.compress(text.encode()),
    )
    found = Article.objects.create(
        raw=raw,
        title="Phố cổ Hà Nội",
        lead=text,
        body=text,
        language="vi",
        fingerprint=digest[:16],
    )
    editor = User.objects.create_user("bien-tap")
    curation.publish_original(curation.select_article(found, editor, ["van-hoa"]), editor)
    return found


def read(path: str, **headers: str) -> Any:
    meta = {"HTTP_USER_AGENT": BROWSER, **headers}
    return Client().get(path, follow=True, **meta)


def test_views_are_counted_by_language_referrer_and_reader_language(article: Article) -> None:
    url = f"/vi/article/{article.pk}/"
    first = read(
        url,
        HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8",
        HTTP_REFERER="https://www.google.com/search?q=pho+co",
    )
    assert first.status_code == 200
    assert not first.cookies  # no cookie set for a reader
    read(url, HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9", HTTP_REFERER="https://www.facebook.com/x/y")
    read(url, HTTP_ACCEPT_LANGUAGE="vi")  # from the cache, no referrer
    read(url, HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    read(url, HTTP_USER_AGENT="curl/8.5.0")
    read(url, HTTP_USER_AGENT="")
    counting.flush()
    today = timezone.localdate()
    rows = sorted(
        DailyViews.objects.values_list("language", "day", "referrer", "reader_language", "views")
    )
    assert rows == [
        ("vi", today, "", "vi", 1),
        ("vi", today, "facebook.com", "vi", 1),
        ("vi", today, "google.com", "en", 1),
    ]
    stored = [str(v) for row in DailyViews.objects.values_list() for v in row]
    assert not any("127.0.0.1" in v or "Mozilla" in v or "search" in v for v in stored)
    figures = reach(parse_period(str(today.year)))
    assert figures["views"] == 3
    assert figures["by_referrer"] == {"": 1, "facebook.com": 1, "google.com": 1}
    assert figures["by_reader_language"] == {"vi": 2, "en": 1}


def test_pages_that_are_not_articles_are_not_counted(article: Article) -> None:
    read("/vi/")
    read(f"/vi/article/{article.pk + 1000}/")  # not found
    counting.flush()
    assert not DailyViews.objects.exists()


def test_a_readers_target_is_measured_by_the_views(article: Article) -> None:
    year = timezone.localdate().year
    plan = Plan.objects.create(
        name="Kế hoạch", kind="year", start=date(year, 1, 1), end=date(year, 12, 31)
    )
    Target.objects.create(plan=plan, measure="readers", value=Decimal(4))
    for _ in range(2):
        read(f"/vi/article/{article.pk}/")
    counting.flush()
    (row,) = target_progress(parse_period(str(year)))
    assert row.actual == 2.0 and row.percent == 50.0


@pytest.mark.parametrize(
    ("header", "language"),
    [("vi-VN,vi;q=0.9,en;q=0.8", "vi"), ("en_US", "en"), ("*", ""), ("", ""), ("zh-Hant-TW", "zh")],
)
def test_reader_language(header: str, language: str) -> None:
    assert counting.reader_language(header) == language
