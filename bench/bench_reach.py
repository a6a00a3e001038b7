"""Reach counting's cost on the cached article page: the same page answered
in-process by the project's WSGI handler from the page cache, with the reach
middleware and without it, alternating rounds; prints requests per CPU
second of the process (its writer thread included) and the overhead.

Sets up a small demo database in a temporary folder (`doingoai demo
--limit 3`). In-process timing leaves out the network and the server, so the
overhead it shows is an upper bound of what readers would see through
gunicorn. Usage: python bench/bench_reach.py [--quick]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _environ(path: str) -> dict[str, Any]:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36",
        "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9",
        "HTTP_REFERER": "https://www.google.com/",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


def _rate(handler: Any, path: str, n: int) -> float:
    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        assert status.startswith("200"), status

    # CPU time of this process (all its threads, the reach writer's too): on a
    # machine shared with other work, wall-clock rates drift with their load
    start = time.process_time()
    for _ in range(n):
        for _chunk in handler(_environ(path), start_response):
            pass
    return n / (time.process_time() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer requests")
    args = parser.parse_args()
    n, rounds = (500, 10) if args.quick else (1_000, 30)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite3"
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOINGOAI_")}
        env["DOINGOAI_DATABASE_URL"] = f"sqlite:///{db}"
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from doingoai.cli import main; main()",
                "demo",
                "--limit",
                "3",
                "--no-searches",
            ],
            env=env,
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        os.environ["DOINGOAI_DATABASE_URL"] = env["DOINGOAI_DATABASE_URL"]
        os.environ["DOINGOAI_DEBUG"] = "1"
        from doingoai.project import setup

        setup(migrate=False)
        from django.conf import settings
        from django.core.handlers.wsgi import WSGIHandler
        from django.test import override_settings

        from doingoai.reports import reach
        from doingoai.reports.models import DailyViews
        from doingoai.store.models import Article

        seed = Article.objects.order_by("pk").first()
        assert seed is not None
        path = f"/vi/article/{seed.pk}/x/"
        settings.ALLOWED_HOSTS = ["127.0.0.1"]
        with_counting = WSGIHandler()
        without = [m for m in settings.MIDDLEWARE if m != "doingoai.reports.reach.ReachMiddleware"]
        with override_settings(MIDDLEWARE=without):
            plain = WSGIHandler()
        # the slug may differ: find the page's own address, then warm the cache
        from django.test import Client

        final = Client().get(path, follow=True, HTTP_HOST="127.0.0.1").request["PATH_INFO"]
        _rate(plain, final, 50)
        _rate(with_counting, final, 50)
        rates: dict[str, list[float]] = {"without counting": [], "with counting": []}
        ratios: list[float] = []
        for i in range(rounds):
            # alternate which goes first: a machine shared with other work drifts
            order = [("without counting", plain), ("with counting", with_counting)]
            got = {name: _rate(handler, final, n) for name, handler in order[:: 1 - 2 * (i % 2)]}
            for name, value in got.items():
                rates[name].append(value)
            ratios.append(got["with counting"] / got["without counting"])
        reach.flush()
        counted = sum(DailyViews.objects.values_list("views", flat=True))
        median = {k: statistics.median(v) for k, v in rates.items()}
        overhead = 100 * (1 - statistics.median(ratios))
        # the middleware alone, on the same request, against the page's own time
        own = _middleware_cost(final)
        page_us = 1e6 / median["without counting"]
        print(
            f"cached article page {final}, {rounds} alternating rounds of {n:,} requests, in-process"
        )
        for name, value in median.items():
            print(f"  {name:<17} {value:>8,.0f} requests per CPU second (median round)")
        print(f"  overhead          {overhead:>8.1f} %  (median of paired rounds; target: < 10 %)")
        print(
            f"  counting alone    {own:>8.1f} µs a request = {100 * own / page_us:.1f} % of the "
            f"page's {page_us:.0f} µs"
        )
        print(f"  views counted     {counted:>8,}")


def _middleware_cost(path: str) -> float:
    """Microseconds the reach middleware adds to one request (no flush)."""
    import timeit

    from django.http import HttpResponse
    from django.test import RequestFactory

    from doingoai.reports.reach import ReachMiddleware

    answer = HttpResponse("x")
    counting = ReachMiddleware(lambda request: answer)
    counting.flush_every = 10**9
    request = RequestFactory().get(
        path,
        HTTP_USER_AGENT=_environ(path)["HTTP_USER_AGENT"],
        HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9",
        HTTP_REFERER="https://www.google.com/",
    )
    bare = lambda: answer  # noqa: E731
    n = 50_000
    best = min(
        timeit.timeit(lambda: counting(request), number=n) - timeit.timeit(bare, number=n)
        for _ in range(5)
    )
    return 1e6 * best / n


if __name__ == "__main__":
    main()
