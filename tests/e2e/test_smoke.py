"""The browser set-up itself: chromium opens the API's documentation page,
which runs entirely from this site's own files."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, Request
from pytest_django.live_server_helper import LiveServer

from tests.e2e.conftest import Shots


def test_api_docs_render_from_local_files(live_server: LiveServer, page: Page, shot: Shots) -> None:
    requested: list[str] = []

    def remember(request: Request) -> None:
        requested.append(request.url)

    page.on("request", remember)
    page.goto(f"{live_server.url}/api/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "doingoai" in page.locator(".swagger-ui .info .title").inner_text()
    # The operations are listed from /api/openapi.json.
    page.get_by_text("/api/health").first.wait_for()
    path = shot("docs")
    assert path.name == "01-docs.png"
    assert path.stat().st_size > 1000

    here = urlsplit(live_server.url).netloc
    assert any(url.endswith("/api/openapi.json") for url in requested)
    assert [url for url in requested if urlsplit(url).netloc not in (here, "")] == []


def test_health_answers_json(live_server: LiveServer, page: Page) -> None:
    response = page.goto(f"{live_server.url}/api/health")
    assert response is not None
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/json")
    assert '"ok"' in page.content()
