"""Portal throughput: an article page served by `doingoai serve` (gunicorn),
with the page cache and without it, under wrk on this machine.

Sets up a demo database in a temporary folder (`doingoai demo`), serves it
twice — DOINGOAI_PAGE_CACHE_SECONDS=600 (the default) and 0 (every request
renders the page from the database) — and drives the seed article's English
page with wrk (Debian package `wrk`; `make bench` installs it). The load
generator runs on the same two cores as the server, so the figures are a
floor. Usage: python bench/bench_portal.py [--quick] [--workers N]
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


def serve_and_measure(
    db: Path, cache_seconds: int, path: str, workers: int, seconds: int, connections: int
) -> dict[str, float]:
    port = _free_port()
    server = subprocess.Popen(
        [*DOINGOAI, "serve", "--port", str(port), "--workers", str(workers)],
        env=_env(db, cache_seconds),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}{path}"
        _wait(url)
        run_wrk(url, 2, connections)  # warm every worker
        return run_wrk(url, seconds, connections)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short runs on a small demo")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian package wrk; `make bench` installs it): skipped")
        return 0
    seconds = 5 if args.quick else 20
    with tempfile.TemporaryDirectory(prefix="doingoai-bench-portal-") as tmp:
        db = Path(tmp) / "portal.sqlite3"
        limit = ["--limit", "30"] if args.quick else []
        subprocess.run(
            [*DOINGOAI, "demo", "--no-searches", *limit],
            env=_env(db, 600),
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        path = _article_path(db)
        print(f"page: {path}; wrk -t2 -c{args.connections} -d{seconds}s; {args.workers} workers")
        print(f"{'':<28}{'req/s':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'non-2xx':>9}")
        for label, cache_seconds in (("cached (default)", 600), ("uncached (cache 0 s)", 0)):
            r = serve_and_measure(db, cache_seconds, path, args.workers, seconds, args.connections)
            print(
                f"{label:<28}{r['rps']:>9.0f}{r['p50']:>9.2f}{r['p90']:>9.2f}"
                f"{r['p99']:>9.2f}{r['non2xx']:>9.0f}",
                flush=True,
            )
    return 0


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
