"""Reach: a privacy-preserving count of the portal's article page views.

:class:`ReachMiddleware` sits in front of the page cache and counts each
``GET`` of an article page (``/<lang>/article/<id>/…``) answered 200, cached
or not, by article × language × day × referring site × reader's language.
It keeps no cookie, no address and no identifier: only the referring site's
host name (``Referer``, without path or query; empty when none or the portal
itself) and the first language of ``Accept-Language`` (``vi``, ``en``…).
Requests from robots (a user agent naming a bot, crawler, spider, preview or
a command-line client, or none at all) are not counted.

Counts gather in memory and are written, one statement per row, every
:data:`FLUSH_EVERY` views or :data:`FLUSH_SECONDS` seconds (and at exit) by
a writer thread of the process, so counting costs the cached page a few
dictionary look-ups (the headers' readings are cached); a process that dies
loses at most that much.
"""

from __future__ import annotations

import atexit
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

__all__ = [
    "FLUSH_EVERY",
    "FLUSH_SECONDS",
    "ReachMiddleware",
    "flush",
    "is_robot",
    "reader_language",
]

FLUSH_EVERY = 500
FLUSH_SECONDS = 30.0

_ARTICLE = re.compile(r"^/([a-z]{2,3}(?:-[a-z0-9]{2,8})?)/article/([0-9]{1,18})/")
#: words of a user agent that mark a robot or a command-line client
_ROBOT_WORDS: tuple[str, ...] = (
    "bot",
    "crawl",
    "spider",
    "slurp",
    "preview",
    "facebookexternalhit",
    "embedly",
    "monitor",
    "curl/",
    "wget/",
    "python-",
    "httpx",
    "go-http-client",
    "java/",
    "okhttp",
    "headless",
    "lighthouse",
    "scrapy",
    "feedfetcher",
    "pingdom",
    "uptime",
)
_ROBOT = re.compile("|".join(re.escape(word) for word in _ROBOT_WORDS))
_LANG = re.compile(r"^\s*([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]{1,8})*\s*(?:;|,|$)")

Key = tuple[int, str, date, str, str]
_pending: Counter[Key] = Counter()
_lock = threading.Lock()
_last_flush = time.monotonic()
_gathered = 0


@lru_cache(maxsize=4096)
def is_robot(user_agent: str) -> bool:
    """Whether a request with this User-Agent is left uncounted."""
    agent = user_agent.strip().lower()
    return not agent or _ROBOT.search(agent) is not None


_day: tuple[float, date] = (0.0, date.min)


def _today() -> date:
    """The office's date, worked out at most once a second."""
    global _day
    now = time.monotonic()
    if now >= _day[0]:
        _day = (now + 1.0, timezone.localdate())
    return _day[1]


@lru_cache(maxsize=4096)
def reader_language(accept_language: str) -> str:
    """The first language a browser asks for, as its primary subtag ("vi-VN,vi;q=0.9" → "vi")."""
    found = _LANG.match(accept_language or "")
    return found.group(1).lower() if found else ""


@lru_cache(maxsize=4096)
def referrer_site(referer: str, own_host: str) -> str:
    """The referring site's host name, without ``www.``, user or port; empty
    for none, for anything but an address, or for the portal itself."""
    start = referer.find("://")
    if start < 0:
        return ""
    host = referer[start + 3 :]
    for stop in "/?#":
        host = host.split(stop, 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].lower().removeprefix("www.")[:100]
    own = own_host.split(":", 1)[0].lower().removeprefix("www.")
    return "" if host == own else host


def flush() -> int:
    """Write the counts gathered so far; returns how many rows were touched."""
    from doingoai.reports.models import DailyViews

    global _last_flush, _gathered
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
        _gathered = 0
    if not batch:
        return 0
    from doingoai.store.models import Article

    # an article removed since its page was read takes its counts with it
    present = set(
        Article.objects.filter(pk__in={key[0] for key in batch}).values_list("pk", flat=True)
    )
    for (article, language, day, referrer, reader), n in batch.items():
        if article not in present:
            continue
        fields = {
            "article_id": article,
            "language": language,
            "day": day,
            "referrer": referrer,
            "reader_language": reader,
        }
        updated = DailyViews.objects.filter(**fields).update(views=F("views") + n)
        if updated:
            continue
        try:
            with transaction.atomic():
                DailyViews.objects.create(**fields, views=n)
        except IntegrityError:  # another process made the row meanwhile
            DailyViews.objects.filter(**fields).update(views=F("views") + n)
    return len(batch)


def _flush_quietly() -> None:
    try:
        flush()
    except Exception:  # at exit the database may be gone: the counts are lost, not the process
        return


atexit.register(_flush_quietly)

_writer: threading.Thread | None = None
_wake = threading.Event()


def _write_forever() -> None:
    while True:
        _wake.wait()
        _wake.clear()
        _flush_quietly()


def _flush_in_background() -> None:
    """Wake the process's writer thread (started on first use; it keeps its
    database connection), so that no reader's request waits for the database."""
    global _writer
    if _writer is None or not _writer.is_alive():
        with _lock:
            if _writer is None or not _writer.is_alive():
                _writer = threading.Thread(target=_write_forever, name="reach-writer", daemon=True)
                _writer.start()
    _wake.set()


class ReachMiddleware:
    """Counts article page views (see the module's text); changes no response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.counting = bool(getattr(settings, "REACH_COUNTING", True))
        self.flush_every = int(getattr(settings, "REACH_FLUSH_EVERY", FLUSH_EVERY))
        self.in_background = bool(getattr(settings, "REACH_FLUSH_IN_BACKGROUND", True))

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.method != "GET" or response.status_code != 200:
            return response
        found = _ARTICLE.match(request.path)
        if found is None or not self.counting:
            return response
        meta = request.META
        if is_robot(meta.get("HTTP_USER_AGENT", "")):
            return response
        key = (
            int(found.group(2)),
            found.group(1),
            _today(),
            referrer_site(meta.get("HTTP_REFERER", ""), meta.get("HTTP_HOST", "")),
            reader_language(meta.get("HTTP_ACCEPT_LANGUAGE", "")),
        )
        global _gathered
        with _lock:
            _pending[key] += 1
            _gathered += 1
            due = _gathered >= self.flush_every or time.monotonic() - _last_flush >= FLUSH_SECONDS
        if due:
            if self.in_background:
                _flush_in_background()
            else:
                flush()
        return response
