"""Sources and collection runs: a run is a background task (django-tasks)
that collects the source through the ingest pipeline, with its progress."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from django.test import Client

from doingoai.collect import Fetcher
from doingoai.curation.models import AuditLog
from doingoai.enrich.enricher import Enricher
from doingoai.office import collection
from doingoai.office.models import CollectionRun, Source
from doingoai.store.models import Article

pytestmark = pytest.mark.django_db

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Hà Nội Mới</title><link>https://hanoimoi.vn/</link>
<item><title>Phố cổ Hà Nội đón khách quốc tế</title>
<link>https://hanoimoi.vn/pho-co-don-khach.html</link>
<pubDate>Tue, 03 Jun 2025 08:00:00 +0700</pubDate></item>
<item><title>Trang đã mất</title><link>https://hanoimoi.vn/mat.html</link></item>
</channel></rss>"""

PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Phố cổ Hà Nội đón khách quốc tế</title></head><body><article>
<h1>Phố cổ Hà Nội đón khách quốc tế</h1>
<p>Trong năm tháng đầu năm, phố cổ Hà Nội đón hơn một triệu lượt khách quốc tế,
tăng mạnh so với cùng kỳ năm trước theo số liệu của Sở Du lịch Hà Nội.</p>
<p>Nhiều tuyến phố đi bộ được mở rộng, các di tích được tu bổ và chiếu sáng
về đêm để phục vụ du khách trong và ngoài nước.</p>
</article></body></html>"""


def handler(request: httpx.Request) -> httpx.Response:
    url = str(request.url)
    if url.endswith("/robots.txt"):
        return httpx.Response(404)
    if url.endswith("/rss"):
        return httpx.Response(200, text=FEED, headers={"content-type": "application/rss+xml"})
    if url.endswith("/pho-co-don-khach.html"):
        return httpx.Response(200, text=PAGE, headers={"content-type": "text/html; charset=utf-8"})
    return httpx.Response(404)


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        collection,
        "fetcher_factory",
        lambda: Fetcher(transport=httpx.MockTransport(handler), delay=0, retries=0),
    )
    monkeypatch.setattr(
        collection, "enricher_factory", lambda: Enricher(entities=False, topics=False)
    )


def test_add_a_source_and_collect_it_in_the_background(
    client_for: Callable[[str | None], Client],
    offline: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    editor = client_for("editor")
    editor.post(
        "/office/sources/",
        {
            "name": "Hà Nội Mới",
            "kind": "feed",
            "url": "https://hanoimoi.vn/rss",
            "schedule": "hourly",
            "active": "on",
        },
    )
    source = Source.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(f"/office/sources/{source.pk}/run/")
    run = CollectionRun.objects.get()
    assert response["Location"] == f"/office/runs/{run.pk}/"
    assert run.state == "done"
    assert run.task_id
    assert run.items == 2
    assert run.counts["new"] == 1 and run.counts["failed"] == 1
    assert "mat.html" in run.failures[0]["source"]
    assert Article.objects.get().title == "Phố cổ Hà Nội đón khách quốc tế"
    page = editor.get(f"/office/runs/{run.pk}/").content.decode()
    assert '<dd id="run-state">done</dd>' in page
    assert "mat.html" in page
    source.refresh_from_db()
    assert source.last_run_at is not None
    assert set(AuditLog.objects.values_list("action", flat=True)) == {
        "add-source",
        "queue-collection",
        "collection-done",
    }


def test_a_run_in_progress_refreshes_its_page(client_for: Callable[[str | None], Client]) -> None:
    source = Source.objects.create(name="HNM", url="https://hanoimoi.vn/rss")
    run = CollectionRun.objects.create(source=source, state="running", items=3)
    editor = client_for("editor")
    html = editor.get(f"/office/runs/{run.pk}/").content.decode()
    # reloading is the reader's choice (a page that reloads by itself is an
    # accessibility failure): offered, and on when chosen
    assert 'http-equiv="refresh"' not in html and 'href="?follow=1"' in html
    assert "<dd>3</dd>" in html
    following = editor.get(f"/office/runs/{run.pk}/?follow=1").content.decode()
    assert '<meta http-equiv="refresh" content="5">' in following


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "x", "kind": "feed", "url": "javascript:alert(1)", "schedule": "daily"}, "url"),
        ({"name": "x", "kind": "warc", "url": "https://a.vn/rss", "schedule": "daily"}, "kind"),
        ({"name": "", "kind": "feed", "url": "https://a.vn/rss", "schedule": "daily"}, "name"),
        (
            {"name": "x", "kind": "feed", "url": "https://a.vn/rss", "schedule": "yearly"},
            "schedule",
        ),
    ],
)
def test_bad_sources_are_refused(
    client_for: Callable[[str | None], Client], data: dict[str, str], field: str
) -> None:
    response = client_for("editor").post("/office/sources/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Source.objects.exists()


def test_due_sources_follow_their_schedule() -> None:
    now = datetime(2025, 6, 3, 12, tzinfo=UTC)
    hourly = Source.objects.create(
        name="a", url="https://a.vn/rss", schedule="hourly", last_run_at=now - timedelta(minutes=61)
    )
    Source.objects.create(
        name="b", url="https://b.vn/rss", schedule="daily", last_run_at=now - timedelta(hours=5)
    )
    never = Source.objects.create(name="c", url="https://c.vn/rss", schedule="weekly")
    Source.objects.create(name="d", url="https://d.vn/rss", schedule="manual")
    Source.objects.create(name="e", url="https://e.vn/rss", schedule="hourly", active=False)
    busy = Source.objects.create(name="f", url="https://f.vn/rss", schedule="hourly")
    CollectionRun.objects.create(source=busy, state="running")
    assert sorted(s.name for s in collection.due_sources(now)) == sorted([hourly.name, never.name])
