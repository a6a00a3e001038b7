"""Fetcher: robots.txt, rate limit, retries, timeouts, redirects, size cap."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from doingoai.collect import Fetcher
from doingoai.errors import ConfigError, FetchError, RobotsDisallowed
from tests.collect.conftest import FakeClock, FakeSite, html_page

HOST = "https://news.example.vn"
ROBOTS = f"{HOST}/robots.txt"
PAGE = f"{HOST}/ha-noi-mo-rong-khong-gian-van-hoa-123456.htm"


def ok(body: bytes = b"<html><body>ok</body></html>", **headers: str) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "text/html", **headers}, content=body)


def test_fetch_returns_the_bytes_and_the_headers_that_matter(
    site: FakeSite, make_fetcher: Callable[..., Fetcher]
) -> None:
    body = html_page("Hà Nội")
    site.routes[PAGE] = ok(
        body,
        etag='"abc"',
        **{"last-modified": "Sat, 07 Mar 2026 01:00:00 GMT", "x-cache": "HIT", "set-cookie": "a=1"},
    )
    doc = make_fetcher().fetch(PAGE)
    assert doc.data == body
    assert doc.url == PAGE and doc.source == PAGE
    assert doc.kind == "html"
    assert doc.headers == {
        "content-type": "text/html",
        "etag": '"abc"',
        "last-modified": "Sat, 07 Mar 2026 01:00:00 GMT",
        "final-url": PAGE,
    }
    assert doc.fetched_at.tzinfo is not None and doc.fetched_at.utcoffset().total_seconds() == 0
    assert len(doc.sha256) == 64


def test_user_agent_names_the_project(site: FakeSite, make_fetcher: Callable[..., Fetcher]) -> None:
    site.routes[PAGE] = ok()
    make_fetcher().fetch(PAGE)
    assert site.user_agents and all(ua.startswith("doingoai/") for ua in site.user_agents)


@pytest.mark.parametrize(
    ("robots", "url", "allowed"),
    [
        ("User-agent: *\nDisallow: /private/\n", f"{HOST}/private/tin-mat-123456.htm", False),
        ("User-agent: *\nDisallow: /private/\n", PAGE, True),
        ("User-agent: doingoai\nDisallow: /\n\nUser-agent: *\nAllow: /\n", PAGE, False),
        ("User-agent: Googlebot\nDisallow: /\n", PAGE, True),
    ],
)
def test_robots_rules_are_honoured(
    site: FakeSite,
    make_fetcher: Callable[..., Fetcher],
    robots: str,
    url: str,
    allowed: bool,
) -> None:
    site.routes[ROBOTS] = httpx.Response(200, text=robots)
    site.routes[url] = ok()
    fetcher = make_fetcher()
    if allowed:
        assert fetcher.fetch(url).data
        assert site.fetched() == [url]
    else:
        with pytest.raises(RobotsDisallowed, match=r"robots\.txt") as info:
            fetcher.fetch(url)
        assert url in str(info.value)
        assert site.fetched() == []  # the page itself was never requested


@pytest.mark.parametrize(
    ("status", "allowed"),
    [(404, True), (410, True), (403, True), (401, True), (500, False), (503, False)],
)
def test_robots_that_fails_to_load(
    site: FakeSite, make_fetcher: Callable[..., Fetcher], status: int, allowed: bool
) -> None:
    """RFC 9309: 4xx means no rules; 5xx means the host is off limits."""
    site.routes[ROBOTS] = httpx.Response(status)
    site.routes[PAGE] = ok()
    fetcher = make_fetcher(retries=0)
    if allowed:
        assert fetcher.fetch(PAGE).data
    else:
        with pytest.raises(RobotsDisallowed, match=f"robots.txt of {HOST} could not be read"):
            fetcher.fetch(PAGE)


def test_robots_is_read_once_per_host(site: FakeSite, make_fetcher: Callable[..., Fetcher]) -> None:
    site.routes[ROBOTS] = httpx.Response(200, text="User-agent: *\nAllow: /\n")
    urls = [f"{HOST}/bai-viet-so-{n}-123456.htm" for n in range(3)]
    for url in urls:
        site.routes[url] = ok()
    fetcher = make_fetcher()
    for url in urls:
        fetcher.fetch(url)
    assert site.requests.count(ROBOTS) == 1


def test_rate_limit_waits_between_requests_to_one_host(
    site: FakeSite, clock: FakeClock, make_fetcher: Callable[..., Fetcher]
) -> None:
    other = "https://other.example.vn/tin-khac-trong-ngay-654321.htm"
    urls = [f"{HOST}/a-b-c-{n}-123456.htm" for n in range(3)]
    for url in [*urls, other]:
        site.routes[url] = ok()
    fetcher = make_fetcher(delay=2.0, obey_robots=False)
    fetcher.fetch(urls[0])
    fetcher.fetch(other)  # another host: no wait, and no time passes
    fetcher.fetch(urls[1])
    clock.now += 0.5  # half a second of work between two requests
    fetcher.fetch(urls[2])
    assert clock.sleeps == [2.0, 1.5]


def test_crawl_delay_of_robots_wins_when_longer(
    site: FakeSite, clock: FakeClock, make_fetcher: Callable[..., Fetcher]
) -> None:
    site.routes[ROBOTS] = httpx.Response(200, text="User-agent: *\nCrawl-delay: 5\n")
    site.routes[PAGE] = ok()
    make_fetcher(delay=1.0).fetch(PAGE)
    assert clock.sleeps == [5.0]  # between robots.txt and the page


def test_429_with_retry_after_then_success(
    site: FakeSite, clock: FakeClock, make_fetcher: Callable[..., Fetcher]
) -> None:
    site.routes[PAGE] = [httpx.Response(429, headers={"retry-after": "7"}), ok()]
    doc = make_fetcher(obey_robots=False).fetch(PAGE)
    assert doc.data
    assert clock.sleeps == [7.0]
    assert site.fetched() == [PAGE, PAGE]


def test_retry_after_longer_than_allowed_gives_up(
    site: FakeSite, make_fetcher: Callable[..., Fetcher]
) -> None:
    site.routes[PAGE] = httpx.Response(503, headers={"retry-after": "86400"})
    with pytest.raises(FetchError, match="asks to wait 86400 s"):
        make_fetcher(obey_robots=False).fetch(PAGE)
    assert len(site.fetched()) == 1


def test_500_every_time_fails_after_retries_with_backoff(
    site: FakeSite, clock: FakeClock, make_fetcher: Callable[..., Fetcher]
) -> None:
    site.routes[PAGE] = httpx.Response(500)
    with pytest.raises(FetchError) as info:
        make_fetcher(obey_robots=False, retries=2, backoff=1.0).fetch(PAGE)
    assert str(info.value) == f"{PAGE}: HTTP 500 Internal Server Error (3 attempts)"
    assert len(site.fetched()) == 3
    assert clock.sleeps == [0.5, 1.0]  # exponential, jitter at its low end


def test_backoff_jitter_spreads_the_waits(
    site: FakeSite, clock: FakeClock, make_fetcher: Callable[..., Fetcher]
) -> None:
    site.routes[PAGE] = [httpx.Response(502), httpx.Response(502), ok()]
    make_fetcher(obey_robots=False, retries=3, backoff=2.0, jitter=lambda: 0.5).fetch(PAGE)
    assert clock.sleeps == [1.5, 3.0]


def test_timeout_fails_after_retries(site: FakeSite, make_fetcher: Callable[..., Fetcher]) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    site.routes[PAGE] = slow
    with pytest.raises(FetchError, match=r"timed out after 5 s \(3 attempts\)") as info:
        make_fetcher(obey_robots=False, retries=2).fetch(PAGE)
    assert PAGE in str(info.value)


def test_connection_error_then_success(
    site: FakeSite, make_fetcher: Callable[..., Fetcher]
) -> None:
    calls: list[int] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            raise httpx.ConnectError("connection refused", request=request)
        return ok()

    site.routes[PAGE] = flaky
    assert make_fetcher(obey_robots=False).fetch(PAGE).data
    assert len(calls) == 2


@pytest.mark.parametrize("status", [404, 403, 410, 400])
def test_client_errors_are_not_retried(
    site: FakeSite, make_fetcher: Callable[..., Fetcher], status: int
) -> None:
    site.routes[PAGE] = httpx.Response(status)
    with pytest.raises(FetchError, match=f"HTTP {status}"):
        make_fetcher(obey_robots=False).fetch(PAGE)
    assert len(site.fetched()) == 1


def test_redirects_are_followed_and_the_final_url_kept(
    site: FakeSite, make_fetcher: Callable[..., Fetcher]
) -> None:
    final = f"{HOST}/bai-moi-ve-ha-noi-123456.htm"
    site.routes[PAGE] = httpx.Response(301, headers={"location": "/bai-moi-ve-ha-noi-123456.htm"})
    site.routes[final] = ok()
    doc = make_fetcher(obey_robots=False).fetch(PAGE)
    assert doc.url == PAGE
    assert doc.headers["final-url"] == final


def test_redirect_loop_redirects_forever(
    site: FakeSite, make_fetcher: Callable[..., Fetcher]
) -> None:
    other = f"{HOST}/b"
    site.routes[PAGE] = httpx.Response(302, headers={"location": other})
    site.routes[other] = httpx.Response(302, headers={"location": PAGE})
    with pytest.raises(FetchError, match="redirects forever") as info:
        make_fetcher(obey_robots=False).fetch(PAGE)
    assert str(info.value).startswith(PAGE)


def test_endless_redirect_chain_redirects_forever(
    site: FakeSite, make_fetcher: Callable[..., Fetcher]
) -> None:
    def onward(request: httpx.Request) -> httpx.Response:
        n = int(request.url.params.get("n", "0"))
        return httpx.Response(302, headers={"location": f"{HOST}/loop?n={n + 1}"})

    for n in range(20):
        site.routes[f"{HOST}/loop?n={n}"] = onward
    site.routes[f"{HOST}/loop"] = onward
    with pytest.raises(FetchError, match=r"redirects forever \(more than 5 redirects\)"):
        make_fetcher(obey_robots=False, max_redirects=5).fetch(f"{HOST}/loop")
    assert len(site.fetched()) == 6


def test_redirect_to_a_disallowed_url_is_refused(
    site: FakeSite, make_fetcher: Callable[..., Fetcher]
) -> None:
    site.routes[ROBOTS] = httpx.Response(200, text="User-agent: *\nDisallow: /private/\n")
    site.routes[PAGE] = httpx.Response(302, headers={"location": f"{HOST}/private/x"})
    with pytest.raises(RobotsDisallowed):
        make_fetcher().fetch(PAGE)


@pytest.mark.parametrize("declared", [True, False])
def test_size_cap(site: FakeSite, make_fetcher: Callable[..., Fetcher], declared: bool) -> None:
    big = b"<html>" + b"x" * 5000 + b"</html>"

    def stream(request: httpx.Request) -> httpx.Response:
        if declared:
            return httpx.Response(200, content=big)
        # no Content-Length: chunks until the cap trips
        return httpx.Response(
            200, content=iter([big[i : i + 512] for i in range(0, len(big), 512)])
        )

    site.routes[PAGE] = stream
    with pytest.raises(FetchError, match="too large") as info:
        make_fetcher(obey_robots=False, max_bytes=1000).fetch(PAGE)
    assert PAGE in str(info.value)


def test_gzip_content_encoding_is_decoded(
    site: FakeSite, make_fetcher: Callable[..., Fetcher]
) -> None:
    import gzip

    body = html_page("Tin nén")
    site.routes[PAGE] = lambda request: httpx.Response(
        200,
        headers={"content-type": "text/html", "content-encoding": "gzip"},
        content=gzip.compress(body),
    )
    assert make_fetcher(obey_robots=False).fetch(PAGE).data == body


@pytest.mark.parametrize("url", ["ftp://example.vn/a", "not a url", "/relative/path", ""])
def test_not_an_http_url(make_fetcher: Callable[..., Fetcher], url: str) -> None:
    with pytest.raises(FetchError, match="not an http"):
        make_fetcher().fetch(url)


def test_bad_setting_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOINGOAI_FETCH_DELAY", "soon")
    with pytest.raises(ConfigError, match="DOINGOAI_FETCH_DELAY"):
        Fetcher(transport=httpx.MockTransport(lambda r: httpx.Response(200)))
