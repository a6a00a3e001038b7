"""A fake site (httpx.MockTransport over a table of routes) and a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import pytest

from doingoai.collect import Fetcher

Route = httpx.Response | Callable[[httpx.Request], httpx.Response]


@dataclass
class FakeClock:
    """Monotonic time that moves only when something sleeps."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


@dataclass
class FakeSite:
    """Answers from ``routes`` (full URL -> response or handler); 404 otherwise.

    A route that is a list answers its responses in turn (the last one repeats).
    """

    routes: dict[str, Route | list[Route]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        self.requests.append(url)
        self.user_agents.append(request.headers.get("user-agent", ""))
        route = self.routes.get(url)
        if isinstance(route, list):
            route = route.pop(0) if len(route) > 1 else route[0]
        if route is None:
            return httpx.Response(404, text="not found")
        if isinstance(route, httpx.Response):
            # a Response can be read once: answer a fresh copy each time
            return httpx.Response(route.status_code, headers=route.headers, content=route.content)
        return route(request)

    def fetched(self, suffix: str = "") -> list[str]:
        """Requested URLs other than robots.txt (ending with ``suffix``)."""
        return [u for u in self.requests if not u.endswith("/robots.txt") and u.endswith(suffix)]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def site() -> FakeSite:
    return FakeSite()


@pytest.fixture
def make_fetcher(site: FakeSite, clock: FakeClock) -> Callable[..., Fetcher]:
    def make(**options: object) -> Fetcher:
        settings: dict[str, object] = {
            "transport": httpx.MockTransport(site),
            "delay": 0.0,
            "retries": 3,
            "timeout": 5.0,
            "max_bytes": 1_000_000,
            "clock": clock.clock,
            "sleep": clock.sleep,
            "jitter": lambda: 0.0,
        }
        settings.update(options)
        return Fetcher(**settings)  # type: ignore[arg-type]

    return make


def html_page(title: str, body: str = "") -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1>{body}</body></html>"
    ).encode()
