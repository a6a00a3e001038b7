"""Portal throughput: pages served by `doingoai serve` (gunicorn), with the
page cache and without it, under wrk on this machine.

Sets up a demo database in a temporary folder (`doingoai demo`), optionally
adds ``--articles N`` more published articles (bulk-inserted, filed under the
themes), serves it twice — DOINGOAI_PAGE_CACHE_SECONDS=600 (the default) and
0 (every request renders the page from the database) — and drives the home,
a theme, the archive and the seed article's pages with wrk (Debian package
`wrk`; `make bench-packages` installs it). Beside wall-clock figures it
prints the server's CPU time per request (its workers' user + system time
over the run, divided by the requests served) and the machine's load
average, since the load generator and other work share the two cores.
Usage: python bench/bench_portal.py [--quick] [--workers N] [--worker-class sync]
[--articles N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOINGOAI = [sys.executable, "-c", "from doingoai.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(db: Path, cache_seconds: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOINGOAI_")}
    env["DOINGOAI_DATABASE_URL"] = f"sqlite:///{db}"
    env["DOINGOAI_PAGE_CACHE_SECONDS"] = str(cache_seconds)
    return env


def _wait(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer {url} within {timeout:.0f} s")


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip()).groups()  # type: ignore[union-attr]
    return float(value) * _UNITS[unit]


def run_wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    pct = {p: _ms(v) for p, v in re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": pct["50"],
        "p90": pct["90"],
        "p99": pct["99"],
        "non2xx": float(errors.group(1)) if errors else 0.0,
    }


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the server and its workers so far."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def serve_and_measure(
    db: Path,
    cache_seconds: int,
    paths: dict[str, str],
    workers: int,
    seconds: int,
    connections: int,
    threads: int | None = None,
    worker_class: str | None = None,
) -> dict[str, dict[str, float]]:
    port = _free_port()
    more = ["--threads", str(threads)] if threads else []
    if worker_class:
        more += ["--worker-class", worker_class]
    server = subprocess.Popen(
        [*DOINGOAI, "serve", "--port", str(port), "--workers", str(workers), *more],
        env=_env(db, cache_seconds),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    results: dict[str, dict[str, float]] = {}
    try:
        for name, path in paths.items():
            url = f"http://127.0.0.1:{port}{path}"
            _wait(url)
            run_wrk(url, 2, connections)  # warm every worker
            before = _cpu_seconds(server.pid)
            load = os.getloadavg()[0]
            r = run_wrk(url, seconds, connections)
            used = _cpu_seconds(server.pid) - before
            r["cpu_ms"] = 1000.0 * used / max(1.0, r["rps"] * seconds)
            r["load"] = max(load, os.getloadavg()[0])
            results[name] = r
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    return results


_ADD_ARTICLES = """
import hashlib, sys
from datetime import UTC, datetime, timedelta
import django
django.setup()
from django.db import transaction
from doingoai.curation.models import Selection, Theme
from doingoai.store.models import Article, Outlet, RawDocument

count = int(sys.argv[1])
themes = list(Theme.objects.order_by("position"))
outlet, _ = Outlet.objects.get_or_create(domain="bench.example", defaults={"name": "Bench"})
start = datetime(2016, 1, 1, tzinfo=UTC)
through = Selection.themes.through
for first in range(0, count, 5000):
    batch = range(first, min(count, first + 5000))
    with transaction.atomic():
        raws = RawDocument.objects.bulk_create(
            RawDocument(sha256=hashlib.sha256(f"bench {n}".encode()).hexdigest(), url="",
                        source="bench", fetched_at=start, size=1,
                        compressed=RawDocument.compress(b"x"))
            for n in batch
        )
        articles = Article.objects.bulk_create(
            Article(raw=raw, url=f"https://bench.example/{n}", outlet=outlet,
                    title=f"Tin thử số {n} về Thủ đô Hà Nội",
                    lead=f"Đoạn mở đầu của tin thử số {n}.", body=f"Nội dung {n}.",
                    paragraphs=[f"Nội dung của tin thử số {n}."], language="vi",
                    published_at=start + timedelta(minutes=7 * n),
                    fingerprint=hashlib.sha256(f"f{n}".encode()).hexdigest()[:16])
            for n, raw in zip(batch, raws)
        )
        selections = Selection.objects.bulk_create(
            Selection(article=a, status="published", featured=n % 50 == 0,
                      published_at=start + timedelta(minutes=7 * n))
            for n, a in zip(batch, articles)
        )
        through.objects.bulk_create(
            through(selection_id=sel.pk, theme_id=themes[n % len(themes)].pk)
            for n, sel in zip(batch, selections)
        )
print(Article.objects.count())
"""


def add_articles(db: Path, count: int) -> None:
    env = _env(db, 600)
    env["DJANGO_SETTINGS_MODULE"] = "doingoai.project.settings"
    subprocess.run(
        [sys.executable, "-c", _ADD_ARTICLES, str(count)],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def make_database(folder: Path, quick: bool, articles: int) -> Path:
    """The demo's database in ``folder`` (30 articles when ``quick``), with
    ``articles`` more published ones."""
    db = folder / "portal.sqlite3"
    subprocess.run(
        [*DOINGOAI, "demo", "--no-searches", *(["--limit", "30"] if quick else [])],
        env=_env(db, 600),
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    if articles:
        add_articles(db, articles)
    return db


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short runs on a small demo")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=None, help="threads per worker (default: the setting's)"
    )
    parser.add_argument(
        "--worker-class", choices=["gthread", "sync"], default=None, help="default: the setting's"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--articles", type=int, default=0, help="published articles to add")
    parser.add_argument("--seconds", type=int, default=None, help="length of each wrk run")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print(
            "wrk is not installed (Debian package wrk; `make bench-packages` installs it): skipped"
        )
        return 0
    seconds = args.seconds or (5 if args.quick else 20)
    with tempfile.TemporaryDirectory(prefix="doingoai-bench-portal-") as tmp:
        db = make_database(Path(tmp), args.quick, args.articles)
        article = _article_path(db)
        paths = {
            "home /vi/": "/vi/",
            "home /en/": "/en/",
            "theme": "/vi/theme/kinh-te/",
            "archive": "/vi/archive/",
            "article (en)": article,
            "article (vi)": "/vi/article/1/" + _slug_of(db, "/vi/article/1/"),
        }
        print(
            f"{args.articles or 'demo'} added articles; wrk -t2 -c{args.connections} "
            f"-d{seconds}s; {args.workers} {args.worker_class or 'default'} workers, "
            f"{args.threads or 'default'} threads each"
        )
        print(
            f"{'':<34}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'CPU ms/req':>11}"
            f"{'non-2xx':>8}{'load':>6}"
        )
        for label, cache_seconds in (("cached", 600), ("uncached", 0)):
            found = serve_and_measure(
                db,
                cache_seconds,
                paths,
                args.workers,
                seconds,
                args.connections,
                args.threads,
                args.worker_class,
            )
            for name, r in found.items():
                print(
                    f"{label + ', ' + name:<34}{r['rps']:>8.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}"
                    f"{r['cpu_ms']:>11.1f}{r['non2xx']:>8.0f}{r['load']:>6.1f}",
                    flush=True,
                )
    return 0


def _slug_of(db: Path, short: str) -> str:
    """The slug the short path redirects to (the page's canonical address)."""
    port = _free_port()
    server = subprocess.Popen(
        [*DOINGOAI, "serve", "--port", str(port), "--workers", "1"],
        env=_env(db, 600),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/vi/")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{short}") as response:
            return str(response.geturl()).split(short, 1)[1]
    finally:
        server.terminate()
        server.wait(timeout=20)


def _article_path(db: Path) -> str:
    """The canonical path of the seed's English page (the short URL redirects to it)."""
    port = _free_port()
    server = subprocess.Popen(
        [*DOINGOAI, "serve", "--port", str(port), "--workers", "1"],
        env=_env(db, 600),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/vi/")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/article/1/") as response:
            return str(response.geturl()).split(str(port), 1)[1]
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
