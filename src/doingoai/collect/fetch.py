"""Polite HTTP fetching: robots.txt, a per-host rate limit, retries, caps.

:class:`Fetcher` wraps one ``httpx.Client``. Every request

- names the project in its user agent (setting ``USER_AGENT``);
- is checked against the host's robots.txt, read once per host and cached
  (``urllib.robotparser``; redirects followed up to five times). Following
  RFC 9309: a robots.txt answering 4xx (404, 401, 403, 410 …) or redirecting
  more than five times means no rules, everything is allowed; one answering
  5xx, 429 after the retries, or not reachable at all means the whole host
  is off limits for this run (:class:`~doingoai.errors.RobotsDisallowed`);
- waits its turn: at least ``FETCH_DELAY`` seconds (or the host's
  ``Crawl-delay`` when larger) between the end of one request to a host and
  the start of the next;
- is retried ``FETCH_RETRIES`` times on timeouts, connection errors, 429 and
  5xx, with exponential backoff and jitter; a ``Retry-After`` header is
  honoured;
- gives up after ``FETCH_TIMEOUT`` seconds without data, past
  ``FETCH_MAX_BYTES`` bytes of body, or after too many redirects;
- always checks the HTTP status: anything but 2xx in the end is a
  :class:`~doingoai.errors.FetchError` naming the URL;
- reaches public addresses only (unless ``FETCH_ALLOWED_HOSTS`` lists the
  host): the host of each URL and each redirect is resolved and checked before
  the request, and again when the connection opens
  (:mod:`doingoai.collect._netguard`); a refusal names the URL and the rule.

The clock, the sleep and the jitter are injectable, so tests check the waits
asked for instead of waiting.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from doingoai.collect.document import KEPT_HEADERS, RawDocument
from doingoai.config import get_setting
from doingoai.errors import ConfigError, FetchError, RobotsDisallowed

if TYPE_CHECKING:
    import httpx

    from doingoai.collect._netguard import NetGuard

__all__ = ["Fetcher"]

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 508, 509, 520, 521, 522, 523, 524})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ROBOTS_MAX_BYTES = 512_000  # RFC 9309 asks crawlers to read at least 500 KiB
_ROBOTS_MAX_REDIRECTS = 5  # RFC 9309: follow at least five consecutive redirects
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)


def number_setting(name: str, kind: type[int] | type[float]) -> float:
    raw = get_setting(name)
    try:
        value = kind(raw)
    except ValueError as err:
        raise ConfigError(f"setting DOINGOAI_{name} must be a number, not {raw!r}") from err
    if value < 0:
        raise ConfigError(f"setting DOINGOAI_{name} must not be negative, not {raw!r}")
    return value


@dataclass(slots=True)
class _Response:
    url: str
    status: int
    headers: httpx.Headers
    body: bytes


@dataclass(slots=True)
class _Robots:
    parser: RobotFileParser
    reason: str = ""  # why the whole host is off limits, when it is


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_url(url: str) -> str:
    """``url`` stripped, when it is an absolute http(s) URL; else FetchError."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("not an http(s) URL", source=url or repr(url))
    return url


def _retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds asked for by a Retry-After header (a number or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class Fetcher:
    """Fetches URLs politely; see the module documentation for the rules.

    Every argument left ``None`` comes from the settings. ``transport`` is
    handed to ``httpx.Client`` (tests pass an ``httpx.MockTransport``).
    ``clock`` returns monotonic seconds, ``sleep`` waits, ``jitter`` returns
    a number in [0, 1).

    ``guard`` decides which addresses may be reached; left None it is built
    from ``allowed_hosts`` (None: the ``FETCH_ALLOWED_HOSTS`` setting) for the
    real network, and not used with a ``transport`` of the caller's (which
    never opens a socket of its own).
    """

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        user_agent: str | None = None,
        timeout: float | None = None,
        max_bytes: int | None = None,
        delay: float | None = None,
        retries: int | None = None,
        max_redirects: int = 10,
        obey_robots: bool = True,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
        guard: NetGuard | None = None,
        allowed_hosts: str | None = None,
    ) -> None:
        self.user_agent = user_agent or get_setting("USER_AGENT")
        self.timeout = timeout if timeout is not None else number_setting("FETCH_TIMEOUT", float)
        self.max_bytes = int(
            max_bytes if max_bytes is not None else number_setting("FETCH_MAX_BYTES", int)
        )
        self.delay = delay if delay is not None else number_setting("FETCH_DELAY", float)
        self.retries = int(retries if retries is not None else number_setting("FETCH_RETRIES", int))
        self.max_redirects = max_redirects
        self.obey_robots = obey_robots
        self.backoff = backoff
        self.max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._jitter = jitter
        import httpx  # imported when needed: it is slow to import

        if transport is None:
            from doingoai.collect._netguard import GuardedTransport, NetGuard

            guard = guard or NetGuard(allowed_hosts)
            transport = GuardedTransport(guard)
        self._guard = guard
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=False,
            headers={"User-Agent": self.user_agent, "Accept": _ACCEPT},
        )
        self._last: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}

    # -- context manager -------------------------------------------------

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- public ------------------------------------------------------------

    def fetch(self, url: str, *, source: str | None = None) -> RawDocument:
        """GET ``url`` and return its body as a :class:`RawDocument`.

        Raises :class:`RobotsDisallowed` or :class:`FetchError` (both name the URL).
        """
        url = check_url(url)
        response = self._follow(url, self.max_redirects, robots=self.obey_robots)
        headers = {
            name: response.headers[name] for name in KEPT_HEADERS if name in response.headers
        }
        headers["final-url"] = response.url
        return RawDocument(
            data=response.body,
            url=url,
            source=source if source is not None else url,
            fetched_at=datetime.now(UTC),
            headers=headers,
        )

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets this fetcher fetch ``url`` (reads it if needed)."""
        return self._robots_for(url).parser.can_fetch(self.user_agent, url)

    # -- redirects, robots ---------------------------------------------------

    def _follow(self, url: str, max_redirects: int, *, robots: bool) -> _Response:
        chain = [url]
        current = url
        while True:
            if self._guard is not None:
                self._guard.check_url(current)
            if robots:
                self._check_robots(current)
            response = self._request(current)
            if response.status not in _REDIRECT_STATUSES:
                return response
            location = response.headers.get("location")
            if not location:
                raise FetchError(f"HTTP {response.status} redirect without a Location", source=url)
            target = urljoin(current, location.strip())
            try:
                target = check_url(target)
            except FetchError as err:
                raise FetchError(
                    f"redirects to {target!r}, not an http(s) URL", source=url
                ) from err
            if target in chain:
                loop = " → ".join([*chain[chain.index(target) :], target])
                raise _RedirectError(f"redirects forever (a loop: {loop})", source=url)
            chain.append(target)
            if len(chain) > max_redirects + 1:
                raise _RedirectError(
                    f"redirects forever (more than {max_redirects} redirects)", source=url
                )
            current = target

    def _check_robots(self, url: str) -> None:
        robots = self._robots_for(url)
        if robots.reason:
            raise RobotsDisallowed(robots.reason, source=url)
        if not robots.parser.can_fetch(self.user_agent, url):
            raise RobotsDisallowed(f"robots.txt of {_host_key(url)} forbids it", source=url)

    def _robots_for(self, url: str) -> _Robots:
        key = _host_key(url)
        cached = self._robots.get(key)
        if cached is not None:
            return cached
        robots_url = f"{key}/robots.txt"
        parser = RobotFileParser(robots_url)
        reason = ""
        try:
            response = self._follow(robots_url, _ROBOTS_MAX_REDIRECTS, robots=False)
        except FetchError as err:
            from doingoai.collect._netguard import AddressRefused

            if isinstance(err, AddressRefused):  # the host itself is refused: say why
                raise
            status = err.status if isinstance(err, _StatusError) else None
            unavailable = status is not None and 400 <= status < 500 and status != 429
            if unavailable or isinstance(err, _RedirectError):
                parser.parse([])  # no usable robots.txt: no rules
            else:
                parser.parse(["User-agent: *", "Disallow: /"])
                reason = f"robots.txt of {key} could not be read ({_reason_of(err)}), so the host is not crawled"
        else:
            text = response.body[:_ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
            parser.parse(text.splitlines())
        robots = _Robots(parser, reason)
        self._robots[key] = robots
        return robots

    # -- one request, with rate limit and retries ---------------------------

    def _request(self, url: str) -> _Response:
        host = _host_key(url)
        attempt = 0
        while True:
            self._wait_turn(host)
            try:
                return self._once(url)
            except _Retry as retry:
                if attempt >= self.retries:
                    raise retry.error(attempt + 1) from retry.cause
                wait = retry.wait if retry.wait is not None else self._backoff(attempt)
                if wait > self.max_wait:
                    raise FetchError(
                        f"{retry.describe}; the server asks to wait {wait:.0f} s, "
                        f"longer than the {self.max_wait:.0f} s allowed",
                        source=url,
                    ) from retry.cause
                attempt += 1
                self._sleep(wait)
            finally:
                self._last[host] = self._clock()

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is None:
            return
        delay = self.delay
        robots = self._robots.get(host)
        if robots is not None:
            crawl_delay = robots.parser.crawl_delay(self.user_agent)
            if crawl_delay is not None:
                delay = max(delay, float(crawl_delay))
        wait = last + delay - self._clock()
        if wait > 0:
            self._sleep(wait)

    def _backoff(self, attempt: int) -> float:
        base = min(self.max_wait, self.backoff * 2**attempt)
        return base / 2 + self._jitter() * base / 2

    def _once(self, url: str) -> _Response:
        import httpx

        from doingoai.collect._netguard import AddressRefused

        try:
            with self._client.stream("GET", url) as response:
                status = response.status_code
                if status in _RETRY_STATUSES:
                    wait = _retry_after(response.headers.get("retry-after"), datetime.now(UTC))
                    raise _Retry(
                        url, f"HTTP {status} {response.reason_phrase}".strip(), wait, status
                    )
                if status in _REDIRECT_STATUSES:
                    return _Response(url, status, response.headers, b"")
                if not 200 <= status < 300:
                    raise _StatusError(
                        f"HTTP {status} {response.reason_phrase}".strip(), source=url, status=status
                    )
                body = self._read_capped(response, url)
                return _Response(url, status, response.headers, body)
        except AddressRefused as err:  # at connect time: name the URL, not the socket
            raise AddressRefused(err.reason, source=url) from err
        except httpx.TimeoutException as err:
            raise _Retry(url, f"timed out after {self.timeout:g} s", None, None, err) from err
        except (httpx.NetworkError, httpx.RemoteProtocolError) as err:
            raise _Retry(
                url, f"connection failed ({err or type(err).__name__})", None, None, err
            ) from err
        except httpx.HTTPError as err:
            raise FetchError(f"request failed ({err or type(err).__name__})", source=url) from err

    def _read_capped(self, response: httpx.Response, url: str) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(
                f"too large: {int(declared)} bytes declared, the limit is {self.max_bytes}",
                source=url,
            )
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > self.max_bytes:
                raise FetchError(
                    f"too large: more than the {self.max_bytes}-byte limit", source=url
                )
        return bytes(body)


class _Retry(Exception):
    """A failure worth another attempt (internal to :class:`Fetcher`)."""

    def __init__(
        self,
        url: str,
        describe: str,
        wait: float | None,
        status: int | None,
        cause: BaseException | None = None,
    ) -> None:
        super().__init__(describe)
        self.url = url
        self.describe = describe
        self.wait = wait
        self.status = status
        self.cause = cause

    def error(self, attempts: int) -> FetchError:
        tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
        return _StatusError(f"{self.describe} ({tries})", source=self.url, status=self.status)


class _RedirectError(FetchError):
    """Too many redirects, or a redirect loop."""


class _StatusError(FetchError):
    """A FetchError that remembers the final HTTP status (None: no answer)."""

    def __init__(self, message: str, *, source: str, status: int | None) -> None:
        super().__init__(message, source=source)
        self.status = status


def _reason_of(err: FetchError) -> str:
    message = str(err)
    source = err.source or ""
    if source and message.startswith(f"{source}: "):
        return message[len(source) + 2 :]
    return message
