"""The real network path end to end, once, against a server on 127.0.0.1."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from doingoai.collect import Failure, Fetcher, RawDocument, collect
from tests.collect.conftest import html_page

ARTICLE_PATHS = [f"/thong-tin-doi-ngoai-ha-noi-so-{n}-20260307{n}.html" for n in range(3)]


class _Handler(BaseHTTPRequestHandler):
    user_agents: list[str] = []

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.user_agents.append(self.headers.get("User-Agent", ""))
        base = f"http://{self.headers['Host']}"
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /noi-bo/\n", "text/plain")
        elif self.path == "/rss":
            items = "".join(
                f"<item><title>Tin {n}</title><link>{base}{p}</link></item>"
                for n, p in enumerate([*ARTICLE_PATHS, "/noi-bo/bi-mat-123456.html"])
            )
            feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'
            self._send(
                200, gzip.compress(feed.encode()), "application/rss+xml", Content_Encoding="gzip"
            )
        elif self.path in ARTICLE_PATHS:
            self._send(200, html_page(f"Bài {self.path}"), "text/html; charset=utf-8", ETag='"v1"')
        elif self.path == "/cu":
            self.send_response(301)
            self.send_header("Location", ARTICLE_PATHS[0])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/cham":
            time.sleep(1.0)
            self._send(200, b"late", "text/plain")
        elif self.path == "/loi":
            self._send(500, b"error", "text/plain")
        else:
            self._send(404, b"not found", "text/plain")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("DOINGOAI_FETCH_ALLOWED_HOSTS", "127.0.0.1")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_collect_over_real_http(server: str) -> None:
    with Fetcher(delay=0.0, retries=0, timeout=0.3) as fetcher:
        items = list(
            collect(
                [f"{server}/rss", f"{server}/cu", f"{server}/loi", f"{server}/cham"],
                fetcher=fetcher,
            )
        )
    documents = [i for i in items if isinstance(i, RawDocument)]
    problems = {i.source: i.reason for i in items if isinstance(i, Failure)}
    assert [d.url for d in documents] == [f"{server}{p}" for p in ARTICLE_PATHS] + [f"{server}/cu"]
    assert documents[0].data == html_page(f"Bài {ARTICLE_PATHS[0]}")
    assert documents[0].headers["etag"] == '"v1"'
    assert documents[-1].headers["final-url"] == f"{server}{ARTICLE_PATHS[0]}"
    assert "robots.txt" in problems[f"{server}/noi-bo/bi-mat-123456.html"]
    assert "HTTP 500" in problems[f"{server}/loi"]
    assert "timed out" in problems[f"{server}/cham"]
    assert all(ua.startswith("doingoai/") for ua in _Handler.user_agents)
