"""One registry of settings: ``(name, default, help)``, read from the environment.

Each setting ``NAME`` is read from the environment variable ``DOINGOAI_NAME``.
``doingoai settings`` prints them all; a test checks that README.md documents
every one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["SETTINGS", "Setting", "get_setting"]


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        return f"DOINGOAI_{self.name}"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        "sqlite:///var/doingoai.sqlite3",
        "Database: sqlite:///PATH (relative to the working directory) or postgresql://USER:PASS@HOST:PORT/NAME.",
    ),
    Setting("SECRET_KEY", "", "Django secret key; required outside development and demo mode."),
    Setting("DEBUG", "0", "1 turns on Django's debug mode (never in production)."),
    Setting(
        "HTTPS",
        "0",
        "1 when the site is served over HTTPS: cookies sent over HTTPS only, HTTP redirected to HTTPS, HSTS sent.",
    ),
    Setting(
        "HSTS_SECONDS",
        "31536000",
        "With DOINGOAI_HTTPS=1: seconds browsers remember to reach the site over HTTPS only (0 sends no HSTS).",
    ),
    Setting(
        "PROXY_SSL_HEADER",
        "",
        "Header by which the reverse proxy in front says a request came over HTTPS (X-Forwarded-Proto, value https); empty: none is trusted.",
    ),
    Setting(
        "ALLOWED_HOSTS", "127.0.0.1,localhost", "Comma-separated host names the web server answers."
    ),
    Setting(
        "LANGUAGES",
        "vi,en",
        "Comma-separated languages of the public portal (/vi/, /en/…), the original's language first.",
    ),
    Setting(
        "PAGE_CACHE_SECONDS",
        "600",
        "Seconds a rendered portal page stays cached (0 turns the page cache off); publishing anything refreshes it at once.",
    ),
    Setting(
        "WEB_WORKERS",
        "2",
        "Worker processes of `doingoai serve` (gunicorn); about one per core.",
    ),
    Setting(
        "WEB_THREADS",
        "2",
        "Threads of each `doingoai serve` worker: more let a worker wait on slow requests, but threads of one process share one interpreter lock (2 served the uncached portal twice as fast as 4 on 2 cores).",
    ),
    Setting(
        "WEB_WORKER_CLASS",
        "gthread",
        "How `doingoai serve` workers take requests: gthread (threads, kept-alive connections; for a server that faces readers directly) or sync (one request at a time per worker, each connection closed after its answer; behind a buffering reverse proxy, with about two workers per core, the uncached portal's slowest answers are two to three times faster).",
    ),
    Setting(
        "USER_AGENT",
        "doingoai/0.1 (+https://github.com/doingoai/doingoai; external-information collector)",
        "User agent sent when fetching URLs, feeds and sitemaps.",
    ),
    Setting(
        "INGEST_WORKERS",
        "auto",
        "Processes that extract and enrich documents during `doingoai ingest` (auto: one per CPU; 1: none besides the main one).",
    ),
    Setting(
        "INGEST_CLUSTER",
        "",
        "Dask scheduler (tcp://HOST:8786) whose workers collect, extract and enrich during `doingoai ingest`; empty: this machine.",
    ),
    Setting("FETCH_TIMEOUT", "20", "Seconds before one HTTP request gives up."),
    Setting("FETCH_MAX_BYTES", "20000000", "Largest response body accepted, in bytes."),
    Setting("FETCH_DELAY", "1.0", "Minimum seconds between two requests to the same host."),
    Setting("FETCH_RETRIES", "3", "Retries for a request that times out or answers 429/5xx."),
    Setting(
        "FETCH_ALLOWED_HOSTS",
        "",
        "Comma-separated host names, IP addresses and networks (10.0.0.0/8) that fetches may reach although they are not public; every other loopback, private, link-local, multicast or reserved address is refused.",
    ),
    Setting(
        "SITE_PROFILES",
        "",
        "Folders of your own site profiles (*.toml, see docs/site-profiles.md), separated by the path separator; they add to the shipped profiles and replace one for the same host.",
    ),
    Setting(
        "API_RATE_ANONYMOUS",
        "120/m",
        "JSON API requests allowed without a token, per client address.",
    ),
    Setting("API_RATE_TOKEN", "600/m", "JSON API requests allowed per token."),
    Setting(
        "API_NUM_PROXIES",
        "0",
        "Trusted reverse proxies in front of the JSON API (their X-Forwarded-For counts).",
    ),
    Setting(
        "MT_ENGINE",
        "dummy",
        'Machine-translation engine: a name (dummy, ctranslate2, libretranslate, openai), a dotted path, or JSON {"CLASS": ..., "OPTIONS": {...}}.',
    ),
    Setting(
        "CLI_LANGUAGE",
        "",
        "Language of the doingoai command's messages: vi or en; empty: the locale's (LANG), else Vietnamese.",
    ),
    Setting(
        "METRICS_TOKEN",
        "",
        "Bearer token that /metrics (Prometheus) asks for; empty: /metrics is off (404).",
    ),
    Setting(
        "COLLECTION_RUN_TIMEOUT",
        "7200",
        "Seconds after which a collection run still running is taken for abandoned "
        "(its worker died) and marked failed; longer than the longest run.",
    ),
    Setting(
        "NOTIFY_EMAIL",
        "0",
        "1 e-mails the office's notifications (a job or item needs someone's action) to people with an address; 0: in the office only.",
    ),
    Setting(
        "EMAIL_HOST", "localhost:25", "Mail server (host:port) the notifications are sent through."
    ),
    Setting("EMAIL_FROM", "doingoai@localhost", "Sender address of the notification e-mails."),
    Setting("LOG_FORMAT", "plain", "Logs on stderr as plain text (plain) or JSON lines (json)."),
    Setting(
        "LOG_LEVEL",
        "WARNING",
        "Level of doingoai's own logs; INFO adds a line per request, ingest run and task.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get_setting(name: str) -> str:
    """The value of setting ``name``: its environment variable or its default."""
    setting = _BY_NAME[name]
    return os.environ.get(setting.env, setting.default)
