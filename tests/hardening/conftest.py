"""A small real HTTP server on 127.0.0.1 whose pages are set by each test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class LocalSite:
    """Pages served at ``base`` (path -> (status, content type, body, headers))."""

    base: str
    pages: dict[str, tuple[int, str, bytes, dict[str, str]]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def page(
        self, path: str, body: bytes | str, ctype: str = "text/html; charset=utf-8", **headers: str
    ) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.pages[path] = (200, ctype, data, headers)
        return self.base + path

    def redirect(self, path: str, location: str) -> str:
        self.pages[path] = (302, "text/plain", b"", {"Location": location})
        return self.base + path


@pytest.fixture
def local_site() -> Iterator[LocalSite]:
    site = LocalSite(base="")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            site.requests.append(self.path)
            status, ctype, body, headers = site.pages.get(
                self.path, (404, "text/plain", b"not found", {})
            )
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        httpd.shutdown()
        httpd.server_close()
