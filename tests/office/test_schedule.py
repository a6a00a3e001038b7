"""Scheduled collection with several workers: a due source is queued once
whichever workers look at the same moment, a run is taken by one worker only,
two runs of one source never fetch at once, and a run left running by a
worker that died is recovered after the timeout."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from doingoai.curation.models import AuditLog
from doingoai.office.collection import enqueue_due, recover_stale, run_collection
from doingoai.office.models import CollectionRun, Source

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PLACES = [
    ("Văn Miếu – Quốc Tử Giám", "nơi thờ Khổng Tử và là trường đại học đầu tiên của Việt Nam"),
    ("làng gốm Bát Tràng", "làng nghề có lịch sử hơn năm trăm năm bên bờ sông Hồng"),
    ("Hoàng thành Thăng Long", "di sản văn hóa thế giới được UNESCO công nhận năm 2010"),
    ("làng lụa Vạn Phúc", "nơi dệt những tấm lụa tơ tằm nổi tiếng của đất Hà Đông"),
    ("chùa Một Cột", "công trình kiến trúc độc đáo dựng từ thời nhà Lý"),
    ("phố cổ Hà Nội", "khu phố với ba mươi sáu phố phường buôn bán sầm uất"),
]

PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<title>Đoàn khách quốc tế thăm {place}</title></head><body><article>
<h1>Đoàn khách quốc tế thăm {place}</h1>
<p>Sáng nay, đoàn khách quốc tế số {n} đã đến thăm {place}, {what}. Các vị khách
bày tỏ ấn tượng sâu sắc trước vẻ đẹp và bề dày lịch sử của địa danh này.</p>
<p>Trong chuyến thăm, đại diện Sở Du lịch Hà Nội giới thiệu với đoàn về {place}
và những chương trình quảng bá hình ảnh Thủ đô tới bạn bè quốc tế trong năm nay.</p>
</article></body></html>"""


class Site:
    """Pages /page/<n> on 127.0.0.1, each request counted."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with lock:
                    site.hits[self.path] += 1
                if not self.path.startswith("/page/"):
                    self.send_error(404)
                    return
                n = int(self.path.rsplit("/", 1)[-1])
                place, what = PLACES[n % len(PLACES)]
                body = PAGE.format(n=n, place=place, what=what).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def site() -> Iterator[Site]:
    running = Site()
    try:
        yield running
    finally:
        running.server.shutdown()
        running.server.server_close()


def _database_url() -> str:
    """The test database, for commands run in other processes."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    host = quote(str(s.get("HOST") or ""), safe="")
    return f"postgresql://{s.get('USER') or 'postgres'}@{host}:{s.get('PORT') or 5432}/{s['NAME']}"


@pytest.mark.pg_default
def test_two_workers_queue_and_fetch_each_due_source_once(site: Site, tmp_path: Path) -> None:
    count = 6
    for n in range(count):
        Source.objects.create(
            name=f"page {n}", kind="page", url=f"{site.url}/page/{n}", schedule="hourly"
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOINGOAI_")}
    env.update(
        DOINGOAI_DATABASE_URL=_database_url(),
        DOINGOAI_FETCH_ALLOWED_HOSTS="127.0.0.1",
        DOINGOAI_FETCH_DELAY="0",
        DOINGOAI_INGEST_WORKERS="1",
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "doingoai", "worker", "--once"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=300) for w in workers]
    for worker, (_, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
    runs = list(CollectionRun.objects.order_by("source__name"))
    assert [r.source.name for r in runs] == [f"page {n}" for n in range(count)]
    assert {r.state for r in runs} == {"done"}
    assert all(r.counts["new"] == 1 for r in runs), [(r.counts, r.failures) for r in runs]
    pages = {path: hits for path, hits in site.hits.items() if path.startswith("/page/")}
    assert pages == {f"/page/{n}": 1 for n in range(count)}


def test_a_run_left_running_is_recovered_after_the_timeout(settings: Any) -> None:
    source = Source.objects.create(name="feed", url="https://example.org/rss", schedule="hourly")
    now = timezone.now()
    stale = CollectionRun.objects.create(source=source, state="running")
    CollectionRun.objects.filter(pk=stale.pk).update(started_at=now - timedelta(hours=3))
    fresh_source = Source.objects.create(
        name="busy", url="https://example.org/b", schedule="hourly"
    )
    fresh = CollectionRun.objects.create(source=fresh_source, state="running", started_at=now)
    queued = enqueue_due(now)
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.state == "failed" and "the worker running it stopped" in stale.error
    assert fresh.state == "running"  # within the timeout: left alone
    # the recovered source is due again, and queued once; the busy one is not
    assert [r.source.name for r in queued] == ["feed"]
    assert AuditLog.objects.filter(action="collection-abandoned").count() == 1
    assert recover_stale(now) == []  # nothing twice


def test_the_timeout_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    source = Source.objects.create(name="feed", url="https://example.org/rss", schedule="hourly")
    now = timezone.now()
    run = CollectionRun.objects.create(source=source, state="running")
    CollectionRun.objects.filter(pk=run.pk).update(started_at=now - timedelta(minutes=10))
    assert recover_stale(now) == []
    monkeypatch.setenv("DOINGOAI_COLLECTION_RUN_TIMEOUT", "300")
    assert [r.pk for r in recover_stale(now)] == [run.pk]


def test_a_second_run_of_a_source_being_fetched_is_not_started() -> None:
    source = Source.objects.create(name="feed", url="https://example.org/rss", schedule="manual")
    CollectionRun.objects.create(source=source, state="running", started_at=timezone.now())
    second = CollectionRun.objects.create(source=source)
    done = run_collection(second.pk)
    assert done.state == "failed" and "another run of this source was under way" in done.error
    assert done.started_at is None


def test_a_run_already_taken_is_not_run_again() -> None:
    source = Source.objects.create(name="feed", url="https://example.org/rss", schedule="manual")
    run = CollectionRun.objects.create(source=source, state="done", counts={"new": 3})
    again = run_collection(run.pk)
    assert again.state == "done" and again.counts == {"new": 3}
