"""The office inbox at scale: one page of 50 articles with every facet count
(outlet, unit, theme, topic, language, status, people, organisations,
places), unfiltered, after a search, and narrowed by a topic or a person.

The articles are made as in ``bench_search.py`` (VNTC news texts from
../shared/data/topics recombined, stored and indexed), each given three
named entities from a pool of 300; the same filters are then timed through
``doingoai.office.inbox.run`` and the page's rows, as the inbox view asks
for them. Median and p95 of ``--rounds`` runs each.

With ``--postgres URL`` the articles (their entities included) are those of
``bench_search.py --postgres``: one corpus in the database
``doingoai_bench_articles`` serves both, built by ``pg_corpus.build`` unless
``--reuse`` finds it built at that size.

Usage: python bench/bench_inbox.py [--size N] [--rounds R]
       python bench/bench_inbox.py --postgres URL --size 1000000 [--reuse] [--workers 2]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("PER", "ORG", "LOC")
CASES: list[tuple[str, dict[str, str]]] = [
    ("everything", {}),
    ("search 'doi ngoai'", {"q": "doi ngoai"}),
    ("topic", {"topic": "Kinh doanh"}),
    ("person", {"entity": "PER:Người 7"}),
    ("search + outlet + sort oldest", {"q": "Hà Nội", "sort": "oldest"}),
]


def _bench_search() -> Any:
    spec = importlib.util.spec_from_file_location(
        "bench_search", ROOT / "bench" / "bench_search.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def add_entities(seed: int = 5) -> None:
    from doingoai.store.models import Article

    rng = random.Random(seed)
    pool = [
        (kind, f"{name} {n}")
        for n in range(100)
        for kind, name in zip(KINDS, ("Người", "Sở", "Phường"), strict=False)
    ]
    batch: list[Article] = []
    for article in Article.objects.only("id").iterator(chunk_size=2000):
        article.entities = [{"kind": k, "text": t} for k, t in rng.sample(pool, 3)]
        batch.append(article)
        if len(batch) == 1000:
            Article.objects.bulk_update(batch, ["entities"])
            batch = []
    if batch:
        Article.objects.bulk_update(batch, ["entities"])


def time_case(params: dict[str, str], rounds: int) -> tuple[float, float, int, float]:
    from django.core.paginator import Paginator
    from django.http import QueryDict

    from doingoai.office.inbox import InboxFilter, run

    query = QueryDict(mutable=True)
    query.update(params)
    times: list[float] = []
    cpu: list[float] = []
    total = 0
    for _ in range(rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        form = InboxFilter(query or None)
        found = run(form)
        found.settle(1, 50)  # as the view does
        page = Paginator(found.articles, 50).get_page(1)
        rows = list(page)
        total = page.paginator.count
        assert found.facets and (rows or not total)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    return statistics.median(times), p95, total, statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--postgres", default=None, help="a PostgreSQL server's URL")
    parser.add_argument(
        "--reuse", action="store_true", help="PostgreSQL: time the corpus already built"
    )
    parser.add_argument("--workers", type=int, default=2, help="processes building the corpus")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="doingoai-bench-inbox-"))
    sys.path.insert(0, str(ROOT / "bench"))
    import pg_corpus

    os.environ["DOINGOAI_DATABASE_URL"] = pg_corpus.bench_database(
        args.postgres, str(work), reuse=args.reuse
    )
    sys.path.insert(0, str(ROOT / "src"))
    from doingoai.project import setup

    setup()
    from django.utils import translation

    translation.activate("vi")
    t0 = time.perf_counter()
    if args.postgres:
        print(
            f"  database: {_bench_search().size_postgres(args.size, args.workers, reuse=args.reuse)}"
        )
    else:
        _bench_search().build(args.size)
        add_entities()
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"inbox over {args.size:,} articles (built in {time.perf_counter() - t0:.0f} s), "
        f"{args.rounds} rounds, {database}"
    )
    for label, params in CASES:
        median, p95, total, cpu = time_case(params, args.rounds)
        print(
            f"  {label:32s} {total:>9,} matches  median {median * 1000:6.0f} ms  "
            f"p95 {p95 * 1000:6.0f} ms  (client CPU median {cpu * 1000:5.0f} ms)"
        )
    print(f"  load average: {os.getloadavg()[0]:.1f}")
    if args.postgres:
        print("  the database doingoai_bench_articles is kept: --reuse times it again")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
