"""Ingest through a Dask distributed cluster: documents per second with 1 and 2
workers, the scaling efficiency, and the rate of the one writer.

The corpus is bench_ingest's: VNTC news texts recombined into distinct
articles, as .txt files. Each run is a fresh database and a fresh
``LocalCluster`` of worker processes (one thread each, no dashboard) on this
machine; ``ingest(cluster=...)`` is the code path of ``doingoai ingest
--cluster``. The same corpus is also ingested on this machine with one
process (``--workers 1``), the figure to compare with.

The writer's rate is measured inside the run: the CPU seconds the command's
thread spends checking and storing documents (its share of the work, which
cannot be spread over machines; CPU time, so that other jobs on a shared
machine do not count), divided into the documents. It bounds what any cluster can
reach with one writer; the estimate printed at the end sizes a cluster for
ten million pages a day from the measured rate per worker and that bound.

Usage: python bench/bench_cluster.py [--docs 1000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import make_corpus

# Runs in a fresh interpreter (the database URL is read at start-up).
_INNER = """
import json, sys, time
from doingoai.project import setup
setup()
from django.core.management import call_command
from doingoai.enrich.enricher import Enricher
from doingoai.store import ingest as ingest_module
call_command("migrate", verbosity=0)
busy = [0.0]
def timed(function):
    def run(*args, **kwargs):
        t = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            busy[0] += time.thread_time() - t
    return run
if hasattr(ingest_module, "_save_batch"):  # documents stored a batch at a time
    ingest_module._save_batch = timed(ingest_module._save_batch)
else:
    ingest_module._save = timed(ingest_module._save)
ingest_module._check = timed(ingest_module._check)
corpus, workers, cluster = sys.argv[1], int(sys.argv[2]), sys.argv[3]
t = time.perf_counter()
r = ingest_module.ingest([corpus], enricher=Enricher(), workers=workers, cluster=cluster)
dt = time.perf_counter() - t
print(json.dumps({"new": r.new, "duplicate": r.duplicate, "failed": len(r.failed),
    "seconds": dt, "writer_seconds": busy[0]}))
"""


def run(corpus: Path, n: int, workers: int, cluster: str, database: str | None) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="doingoai-bench-cluster-"))
    try:
        url = database or f"sqlite:///{work / 'db.sqlite3'}"
        env = {**os.environ, "DOINGOAI_DATABASE_URL": url}
        out = subprocess.run(
            [sys.executable, "-c", _INNER, str(corpus), str(workers), cluster],
            env=env,
            cwd=work,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        ).stdout
        result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
        result["docs_per_s"] = n / result["seconds"]
        result["writer_docs_per_s"] = n / max(result["writer_seconds"], 1e-9)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _reset_postgres(url: str) -> None:
    """Empty the benchmark's PostgreSQL database between runs."""
    code = (
        "from doingoai.project import setup; setup()\n"
        "from django.core.management import call_command\n"
        "call_command('flush', interactive=False, verbosity=0)\n"
    )
    env = {**os.environ, "DOINGOAI_DATABASE_URL": url}
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument(
        "--postgres", default=None, help="a PostgreSQL database URL to use (emptied) instead"
    )
    args = parser.parse_args()
    from distributed import LocalCluster

    n = args.docs
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load {os.getloadavg()[0]:.1f}"
    )
    print(f"database: {'PostgreSQL' if args.postgres else 'SQLite'}; {n} documents, entities on")
    print(
        f"{'run':>22} {'docs/s':>7} {'wall s':>7} {'writer docs/s':>13} "
        f"{'new':>6} {'dup':>4} {'failed':>6} {'load':>5}"
    )
    corpus_root = Path(tempfile.mkdtemp(prefix="doingoai-bench-corpus-"))
    rates: dict[str, float] = {}
    writer: list[float] = []
    try:
        corpus = corpus_root / "docs"
        make_corpus(corpus, n)
        plan: list[tuple[str, int]] = [("one process, no cluster", 0), ("cluster, 1 worker", 1)]
        plan.append(("cluster, 2 workers", 2))
        for label, size in plan:
            if args.postgres:
                _reset_postgres(args.postgres)
            if size:
                with LocalCluster(
                    n_workers=size, threads_per_worker=1, processes=True, dashboard_address=None
                ) as local:
                    r = run(corpus, n, 1, str(local.scheduler_address), args.postgres)
                writer.append(r["writer_docs_per_s"])
            else:
                r = run(corpus, n, 1, "", args.postgres)
            rates[label] = r["docs_per_s"]
            print(
                f"{label:>22} {r['docs_per_s']:>7.1f} {r['seconds']:>7.1f} "
                f"{r['writer_docs_per_s']:>13.0f} {r['new']:>6} {r['duplicate']:>4} "
                f"{r['failed']:>6} {os.getloadavg()[0]:>5.1f}",
                flush=True,
            )
    finally:
        shutil.rmtree(corpus_root, ignore_errors=True)
    one, two = rates["cluster, 1 worker"], rates["cluster, 2 workers"]
    efficiency = two / (2 * one)
    writer_rate = min(writer)
    target = 10_000_000 / 86_400
    print(f"scaling efficiency, 2 workers against 1: {efficiency:.0%}")
    print(f"writer rate (checking and storing only): {writer_rate:.0f} documents/s")
    print(
        f"10 million pages a day = {target:.0f} documents/s: "
        f"{target / one:.0f} worker processes at {one:.1f} documents/s each "
        f"(at this machine's efficiency: {target / (one * efficiency):.0f}); "
        f"the one writer {'keeps up' if writer_rate >= target else 'does not keep up'} "
        f"({writer_rate / target:.1f}x the rate needed)"
    )


if __name__ == "__main__":
    main()
