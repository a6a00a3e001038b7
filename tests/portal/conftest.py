"""A small published portal: articles stored, selected, published under
themes, one of them with a published English version."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from doingoai.curation import services as curation
from doingoai.portal.content import clear_page_cache
from doingoai.store.models import Article, Outlet, RawDocument
from doingoai.store.search import index_articles
from doingoai.translation import services as translation


def make_article(
    title: str,
    lead: str,
    paragraphs: list[str],
    *,
    when: datetime | None = None,
    captions: list[str] | None = None,
    images: list[dict[str, str]] | None = None,
    authors: list[str] | None = None,
    url: str = "",
) -> Article:
    text = "\n\n".join([title, lead, *paragraphs]).encode()
    raw = RawDocument.objects.create(
        sha256=hashlib.sha256(text).hexdigest(),
        url=url,
        source="test",
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        size=len(text),
        compressed=RawDocument.compress(text),
    )
    outlet, _ = Outlet.objects.get_or_create(domain="laodongthudo.vn", name="Lao Động Thủ Đô")
    article = Article.objects.create(
        raw=raw,
        url=url,
        outlet=outlet,
        title=title,
        lead=lead,
        body="\n\n".join([lead, *paragraphs]),
        paragraphs=paragraphs,
        captions=captions or [],
        images=images or [],
        authors=authors or [],
        published_at=when,
        language="vi",
        fingerprint=hashlib.sha256(text).hexdigest()[:16],
    )
    index_articles([article])
    return article


def publish(article: Article, editor: Any, themes: list[str], featured: bool = False) -> None:
    selection = curation.select_article(article, editor, themes, featured=featured)
    curation.publish_original(selection, editor)


def translate(article: Article, user: Any, targets: list[str]) -> None:
    job = translation.create_or_refresh_job(article, "en").job
    segments = list(job.segments.order_by("position"))
    assert len(segments) == len(targets), [s.source for s in segments]
    for segment, target in zip(segments, targets, strict=True):
        translation.save_segment(segment, target, user=user)
    job.refresh_from_db()
    translation.submit_for_review(job, user=user)
    translation.approve(job, user=user)
    translation.publish(job, user=user)


@dataclass
class Portal:
    both: Article  # in Vietnamese and English
    vi_only: Article
    unpublished: Article
    editor: Any


def _build() -> Portal:
    editor = get_user_model().objects.create_user("editor-test", password="x")
    both = make_article(
        "Thông tin đối ngoại Hà Nội năm 2015",
        "Sở Thông tin và Truyền thông tổ chức hội nghị về thông tin đối ngoại.",
        ["Hội nghị diễn ra tại Hà Nội với nhiều đại biểu."],
        when=datetime(2015, 6, 2, 3, 0, tzinfo=UTC),
        captions=["Toàn cảnh hội nghị."],
        images=[{"src": "https://example.org/hoi-nghi.jpg", "caption": "Toàn cảnh hội nghị."}],
        authors=["Bảo Duy"],
        url="https://laodongthudo.vn/thong-tin-doi-ngoai.html",
    )
    vi_only = make_article(
        "Phát triển du lịch Thủ đô",
        "Hà Nội đón nhiều khách quốc tế trong năm.",
        ["Ngành du lịch đặt mục tiêu mới."],
        when=datetime(2024, 4, 26, 3, 0, tzinfo=UTC),
    )
    unpublished = make_article(
        "Bài chưa đăng về đối ngoại",
        "Bài này chỉ mới được chọn.",
        ["Không có trên cổng thông tin."],
        when=datetime(2024, 5, 1, 3, 0, tzinfo=UTC),
    )
    publish(both, editor, ["doi-ngoai"], featured=True)
    publish(vi_only, editor, ["du-lich", "kinh-te"])
    curation.select_article(unpublished, editor, ["doi-ngoai"])
    translate(
        both,
        editor,
        [
            "Hanoi external information in 2015",
            "The Department of Information and Communications held a conference on external information.",
            "The conference took place in Hanoi with many delegates.",
            "An overview of the conference.",
        ],
    )
    return Portal(both, vi_only, unpublished, editor)


@pytest.fixture(scope="module")
def portal_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[Portal]:
    """Built once per module inside a transaction that is rolled back at its
    end; each test runs in a savepoint of its own (pytest-django's ``db``)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


@pytest.fixture
def portal(portal_world: Portal, db: None) -> Portal:
    # ids come back after a rollback, so a page cached by another test could
    # carry the same stamp: every test starts with an empty cache
    clear_page_cache()
    return portal_world
