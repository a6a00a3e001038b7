"""What an operator watches: /api/health asks the database and the task queue,
/metrics serves Prometheus figures to the holder of its token only (added up
over every worker of `doingoai serve`), and the logs can be JSON lines that
carry no reader's address."""

from __future__ import annotations

import json
import logging
import logging.config
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.db import OperationalError
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from doingoai import ops
from doingoai.errors import ConfigError
from doingoai.logs import logging_config
from doingoai.office.collection import collect_source
from doingoai.store.models import Article
from tests.conftest import ROOT, SEED, copy_database

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-for-the-tests-0123456789"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus text page, by name and sorted labels."""
    out = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return out


# --- health ----------------------------------------------------------------------


def test_health_asks_the_database_and_counts_the_queue(client: Client) -> None:
    for run_id in (101, 102):
        collect_source.enqueue(run_id)  # waiting: no worker runs in the tests
    answer = client.get("/api/health")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True and body["database"]["vendor"] in {
        "sqlite",
        "postgresql",
    }
    assert body["database"]["latency_ms"] >= 0
    assert body["tasks"]["waiting"] == 2 and body["tasks"]["running"] == 0
    assert body["tasks"]["oldest_waiting_seconds"] >= 0


def test_health_answers_503_when_the_database_does_not(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Down:
        vendor = "sqlite"

        def cursor(self) -> Any:
            raise OperationalError("unable to open database file")

    monkeypatch.setattr(ops, "connection", Down())
    answer = client.get("/api/health")
    assert answer.status_code == 503
    assert answer["Content-Type"].startswith("application/json")
    body = answer.json()
    assert body["status"] == "unavailable" and body["database"]["ok"] is False
    assert body["database"]["error"] == "OperationalError"


# --- metrics ----------------------------------------------------------------------


def test_metrics_are_off_without_a_token(client: Client, settings: Any) -> None:
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_metrics_need_the_token(client: Client, settings: Any, header: str | None) -> None:
    settings.METRICS_TOKEN = TOKEN
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    answer = client.get("/metrics", **extra)
    assert answer.status_code == 401 and "doingoai_" not in answer.content.decode()


def test_metrics_count_requests_and_read_the_database(
    client: Client, settings: Any, make_stored_article: Any
) -> None:
    settings.METRICS_TOKEN = TOKEN
    make_stored_article()

    def scrape() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        answer = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert answer.status_code == 200
        assert answer["Content-Type"].startswith("text/plain")
        return samples(answer.content.decode())

    key = (
        "doingoai_http_requests_total",
        (("area", "api"), ("method", "GET"), ("status", "2xx")),
    )
    before = scrape().get(key, 0.0)
    for _ in range(3):
        assert client.get("/api/health").status_code == 200
    after = scrape()
    assert after[key] == before + 3
    assert after[("doingoai_articles", ())] == Article.objects.count() == 1
    assert after[("doingoai_documents", ())] == 1
    assert after[("doingoai_tasks", (("state", "waiting"),))] == 0


@pytest.fixture
def make_stored_article() -> Any:
    def make() -> None:
        from doingoai.enrich.enricher import Enricher
        from doingoai.store.ingest import ingest

        assert ingest([str(SEED)], enricher=Enricher(entities=False, topics=False)).new == 1

    return make


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.django_db(transaction=False)
def test_serve_adds_up_the_counts_of_every_worker(tmp_path: Path, migrated_sqlite: Path) -> None:
    copy_database(migrated_sqlite, tmp_path / "db.sqlite3")  # serve migrates first
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DOINGOAI_", "PROMETHEUS_"))}
    env.update(
        DOINGOAI_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DOINGOAI_SECRET_KEY="s" * 50,
        DOINGOAI_METRICS_TOKEN=TOKEN,
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "doingoai", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=10, trust_env=False) as http:
            for _ in range(300):  # up to about 60 s for migrations and start-up
                try:
                    http.get("/api/health")
                    break
                except httpx.TransportError:
                    if server.poll() is not None:
                        pytest.fail(
                            f"the server stopped: {server.stderr.read() if server.stderr else ''}"
                        )
                    time.sleep(0.2)
            sent = 40
            # new connections each time, so that both workers answer some
            for _ in range(sent):
                httpx.get(f"{base}/api/health", timeout=10, trust_env=False)
            auth = {"Authorization": f"Bearer {TOKEN}"}
            found = samples(http.get("/metrics", headers=auth).text)
    finally:
        server.terminate()
        server.wait(30)
    key = (
        "doingoai_http_requests_total",
        (("area", "api"), ("method", "GET"), ("status", "2xx")),
    )
    # the start-up probe counted once, plus what was sent, whichever worker answered
    assert found[key] == sent + 1


# --- logs ---------------------------------------------------------------------------


def test_json_logs_one_object_per_request_without_the_address(
    client: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    logging.config.dictConfig(logging_config("json", "INFO"))
    try:
        client.get("/api/health", REMOTE_ADDR="203.0.113.7")
        client.get("/vi/no-such-page/", REMOTE_ADDR="203.0.113.7")
    finally:
        from django.conf import settings

        logging.config.dictConfig(settings.LOGGING)
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]
    requests = [r for r in records if r["logger"] == "doingoai.requests"]
    assert [(r["path"], r["status"]) for r in requests] == [
        ("/api/health", 200),
        ("/vi/no-such-page/", 404),
    ]
    assert all(r["level"] == "INFO" and "time" in r and r["ms"] >= 0 for r in requests)
    assert "203.0.113.7" not in "\n".join(lines)


@pytest.mark.parametrize(
    ("fmt", "level", "message"),
    [("xml", "INFO", "DOINGOAI_LOG_FORMAT='xml'"), ("json", "LOUD", "DOINGOAI_LOG_LEVEL='LOUD'")],
)
def test_a_wrong_log_setting_is_named(fmt: str, level: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        logging_config(fmt, level)


def test_the_server_refuses_to_start_with_a_wrong_log_format(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOINGOAI_")}
    env.update(
        DOINGOAI_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", DOINGOAI_LOG_FORMAT="xml"
    )
    done = subprocess.run(
        [sys.executable, "-m", "doingoai", "stats"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "DOINGOAI_LOG_FORMAT='xml'" in done.stderr
    assert "Traceback" not in done.stderr


def test_json_logs_say_what_an_ingest_run_did(
    make_stored_article: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    logging.config.dictConfig(logging_config("json", "INFO"))
    try:
        make_stored_article()
    finally:
        from django.conf import settings

        logging.config.dictConfig(settings.LOGGING)
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]
    runs = [r for r in records if r["logger"] == "doingoai.store.ingest"]
    assert len(runs) == 1
    assert runs[0]["status"] == "done" and runs[0]["count_new"] == 1
    assert runs[0]["count_failed"] == 0 and runs[0]["seconds"] >= 0
