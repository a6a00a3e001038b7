"""What an operator watches: the health check, Prometheus metrics and logs.

- :func:`health` asks the database (a real query, with its latency) and the
  task queue (how many tasks wait, how many run, how old the oldest waiting
  one is). ``/api/health`` serves it: 200 when the database answers, 503
  when it does not.
- ``/metrics`` serves Prometheus metrics (``prometheus_client``): requests by
  area (portal, office, api, static), method and status class, with a latency
  histogram; and, read from the database at each scrape, documents and
  articles stored, documents stored in the last hour, tasks by state and
  translation jobs by state. It is off unless ``DOINGOAI_METRICS_TOKEN`` is
  set, and then answers only requests carrying ``Authorization: Bearer
  <token>``. Under ``doingoai serve`` the request counts of every worker
  process are added up (prometheus_client's multiprocess mode, in a folder
  the command makes).
- The middleware also logs each request (method, path, status, time; never
  the address) to the ``doingoai.requests`` logger at INFO: see
  :mod:`doingoai.logs` for the format (plain or JSON lines) and level.

Nothing about readers is recorded: no address, no identifier, no cookie.
"""

from __future__ import annotations

import hmac
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

__all__ = [
    "Health",
    "MetricsMiddleware",
    "health",
    "metrics_view",
]

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

# --- health ---------------------------------------------------------------------


@dataclass
class Health:
    status: str  # "ok" or "unavailable"
    database: dict[str, Any] = field(default_factory=dict)
    tasks: dict[str, Any] = field(default_factory=dict)


def health() -> Health:
    """Ask the database and the task queue; never raises."""
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as err:
        return Health(
            status="unavailable",
            database={"ok": False, "vendor": connection.vendor, "error": type(err).__name__},
        )
    database = {
        "ok": True,
        "vendor": connection.vendor,
        "latency_ms": round((time.perf_counter() - started) * 1000, 2),
    }
    return Health(status="ok", database=database, tasks=_queue())


def _queue() -> dict[str, Any]:
    from django_tasks.backends.database.models import DBTaskResult

    try:
        waiting = DBTaskResult.objects.ready()
        oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        return {
            "waiting": waiting.count(),
            "running": DBTaskResult.objects.running().count(),
            "failed_last_day": DBTaskResult.objects.failed()
            .filter(finished_at__gte=timezone.now() - timedelta(days=1))
            .count(),
            "oldest_waiting_seconds": (
                round((timezone.now() - oldest).total_seconds()) if oldest else 0
            ),
        }
    except DatabaseError as err:  # the queue's table missing (not migrated yet)
        return {"error": type(err).__name__}


# --- metrics ----------------------------------------------------------------------

REQUESTS = Counter(
    "doingoai_http_requests_total",
    "HTTP requests answered, by area, method and status class.",
    ["area", "method", "status"],
)
LATENCY = Histogram(
    "doingoai_http_request_seconds",
    "Time to answer an HTTP request, by area.",
    ["area"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
REQUEST_LOG = logging.getLogger("doingoai.requests")
_AREAS = (("/office/", "office"), ("/api/", "api"), ("/static/", "static"), ("/metrics", "metrics"))


def area_of(path: str) -> str:
    for prefix, name in _AREAS:
        if path.startswith(prefix):
            return name
    return "portal"


class MetricsMiddleware:
    """Counts every answer (cached portal pages too: it stands first)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        area = area_of(request.path)
        method = request.method if request.method in _METHODS else "other"
        elapsed = time.perf_counter() - started
        REQUESTS.labels(area, method, f"{response.status_code // 100}xx").inc()
        LATENCY.labels(area).observe(elapsed)
        if REQUEST_LOG.isEnabledFor(logging.INFO):
            REQUEST_LOG.info(
                "%s %s %s %.1f ms",
                method,
                request.path,
                response.status_code,
                elapsed * 1000,
                extra={
                    "method": method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round(elapsed * 1000, 1),
                    "area": area,
                },
            )
        return response


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class DatabaseCollector(Collector):
    """Figures read from the database at each scrape: they are the same
    whichever process answers."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django_tasks.backends.database.models import DBTaskResult

        from doingoai.store.models import Article, RawDocument
        from doingoai.translation.models import TranslationJob

        try:
            documents = GaugeMetricFamily("doingoai_documents", "Raw documents stored.")
            documents.add_metric([], RawDocument.objects.count())
            recent = GaugeMetricFamily(
                "doingoai_documents_last_hour",
                "Raw documents stored in the last hour (the ingest rate).",
            )
            since = timezone.now() - timedelta(hours=1)
            recent.add_metric([], RawDocument.objects.filter(fetched_at__gte=since).count())
            articles = GaugeMetricFamily("doingoai_articles", "Articles stored.")
            articles.add_metric([], Article.objects.count())
            tasks = GaugeMetricFamily(
                "doingoai_tasks", "Background tasks by state.", labels=["state"]
            )
            for state, queryset in (
                ("waiting", DBTaskResult.objects.ready()),
                ("running", DBTaskResult.objects.running()),
                ("failed", DBTaskResult.objects.failed()),
            ):
                tasks.add_metric([state], queryset.count())
            jobs = GaugeMetricFamily(
                "doingoai_translation_jobs", "Translation jobs by state.", labels=["state"]
            )
            counts: dict[str, int] = {}
            for state in TranslationJob.objects.values_list("state", flat=True):
                counts[state] = counts.get(state, 0) + 1
            for state, n in sorted(counts.items()):
                jobs.add_metric([state], n)
        except DatabaseError:
            return
        yield from (documents, recent, articles, tasks, jobs)


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        for collector in (REQUESTS, LATENCY):
            registry.register(collector)
    registry.register(DatabaseCollector())
    return registry


def metrics_view(request: HttpRequest) -> HttpResponse:
    """``/metrics``: 404 unless a metrics token is set; 401 without it."""
    token = str(getattr(settings, "METRICS_TOKEN", "") or "")
    if not token:
        return HttpResponse("Not found\n", status=404, content_type="text/plain")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        response = HttpResponse("A metrics token is needed.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        response["Content-Type"] = "text/plain"
        return response
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


def default_registry() -> CollectorRegistry:
    """The process's own registry (for tests that read counters directly)."""
    return REGISTRY
