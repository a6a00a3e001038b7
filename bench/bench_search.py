"""Search latency over 100k articles on SQLite FTS5, beside a LIKE baseline.

Real VNTC news texts from ../shared/data/topics are recombined into distinct
articles (a headline with paragraphs drawn from several documents), stored with
the Django models and indexed with ``index_articles`` in batches of 1000 (index
throughput is timed on its own). Then a fixed set of realistic queries
(accented, unaccented, phrases, with filters) runs through ``search()``
(20 hits, snippets, total) and, on the same data in the same run, through
the LIKE scan a user would otherwise write (``body LIKE '%query%'``, newest
first, 20 rows and the count), which also shows what LIKE misses: it is
blind to unaccented queries. For a query typed with accents the search total
counts the articles with those accents; "without accents" counts apart those
that match only when accents are ignored.

With ``--postgres URL`` the articles are written to the database
``doingoai_bench_articles`` on that server by ``pg_corpus.build`` (COPY in
batches, index entries made by a pool of processes with the product's
``index_text``); the database is kept, and ``--reuse`` times it again
without building when it holds the corpus of that size. The LIKE scan then
runs ``--like-rounds`` times (default 1: each reads every article).

On SQLite ``--keep DIR`` builds the corpus in DIR and keeps it; ``--keep DIR
--reuse`` times it again.

Usage: python bench/bench_search.py [--quick] [--size N] [--rounds R] [--keep DIR [--reuse]]
       python bench/bench_search.py --postgres URL --size 1000000 [--reuse] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ROOT.parent / "shared" / "data" / "topics"
OUTLETS = {
    "VNE": ("vnexpress.net", "VnExpress"),
    "TT": ("tuoitre.vn", "Tuổi Trẻ"),
    "TN": ("thanhnien.vn", "Thanh Niên"),
    "NLD": ("nld.com.vn", "Người Lao Động"),
}

# (label, query, filters)
QUERIES: list[tuple[str, str, dict[str, Any]]] = [
    ("accented", "Hà Nội", {}),
    ("accented", "Đảng", {}),
    ("accented", "giá vàng", {}),
    ("accented", "bóng đá", {}),
    ("accented", "thị trường chứng khoán", {}),
    ("accented", "bệnh viện", {}),
    ("unaccented", "ha noi", {}),
    ("unaccented", "gia vang", {}),
    ("unaccented", "bong da", {}),
    ("unaccented", "doi ngoai", {}),
    ("unaccented", "chung khoan", {}),
    ("phrase", '"thị trường chứng khoán"', {}),
    ("phrase", '"giá xăng"', {}),
    ("phrase", '"bong da"', {}),
    ("filters", "bóng đá", {"topic": "The thao"}),
    ("filters", "giá vàng", {"since": date(2007, 1, 1)}),
    ("filters", "ha noi", {"outlet": "vnexpress.net"}),
    ("filters", "bệnh viện", {"topic": "Suc khoe", "since": date(2006, 6, 1)}),
]


def load_docs() -> list[tuple[str, str, str, list[str]]]:
    """(outlet code, topic, headline, paragraphs) of every VNTC text in the shared data."""
    docs = []
    for name in ("vntc_train_subset.jsonl", "vntc_test_dev.jsonl"):
        for line in (TOPICS / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            head, _, rest = item["text"].partition("\n")
            paras = [p for p in rest.split("\n") if len(p) > 80]
            parts = item["id"].split(" ")[0].split("_")
            code = parts[1] if len(parts) > 1 and parts[1] in OUTLETS else "VNE"
            if head and paras:
                docs.append((code, item["label"], head.strip(), paras))
    return docs


def build(n: int, seed: int = 11) -> tuple[float, float]:
    """Store and index n articles; return (seconds storing, seconds indexing)."""
    from doingoai.store.models import Article, Outlet, RawDocument
    from doingoai.store.search import index_articles

    docs = load_docs()
    rng = random.Random(seed)
    outlets = {
        code: Outlet.objects.get_or_create(domain=d, defaults={"name": name})[0]
        for code, (d, name) in OUTLETS.items()
    }
    start_day = datetime(2006, 1, 1, 8, tzinfo=UTC)
    store_s = index_s = 0.0
    batch = 1000
    for first in range(0, n, batch):
        t0 = time.perf_counter()
        raws, arts = [], []
        for i in range(first, min(n, first + batch)):
            code, topic, head, paras = docs[i % len(docs)]
            body = list(paras[:2]) + [rng.choice(rng.choice(docs)[3]) for _ in range(3)]
            title = head if i < len(docs) else f"{head} (kỳ {i // len(docs) + 1})"
            raws.append(
                RawDocument(
                    sha256=f"{i:064x}",
                    url=f"https://{OUTLETS[code][0]}/bai-{i}.html",
                    fetched_at=start_day,
                    size=0,
                    compressed=b"",
                )
            )
            arts.append(
                Article(
                    url=raws[-1].url,
                    outlet=outlets[code],
                    title=title,
                    body="\n\n".join(body),
                    language="vi",
                    topic=topic,
                    published_at=start_day + timedelta(hours=(i * 7919) % (2 * 365 * 24)),
                    fingerprint=f"{i:040x}",
                )
            )
        RawDocument.objects.bulk_create(raws)
        for raw, art in zip(raws, arts, strict=True):
            art.raw = raw
        Article.objects.bulk_create(arts)
        t1 = time.perf_counter()
        index_articles(arts)
        t2 = time.perf_counter()
        store_s += t1 - t0
        index_s += t2 - t1
        print(f"\r  stored and indexed {min(n, first + batch):,}/{n:,}", end="", flush=True)
    print()
    return store_s, index_s


def like_search(text: str, filters: dict[str, Any]) -> int:
    """The LIKE baseline: the query as typed, quotes removed, anywhere in the body."""
    from django.db import connection

    from doingoai.store.models import Outlet

    conds, params = ["body LIKE %s"], [f"%{text.strip(chr(34))}%"]
    if "topic" in filters:
        conds.append("topic = %s")
        params.append(filters["topic"])
    if "since" in filters:
        day = filters["since"]
        conds.append("published_at >= %s")
        params.append(datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat(" "))
    if "outlet" in filters:
        conds.append("outlet_id = %s")
        params.append(Outlet.objects.get(domain=filters["outlet"]).pk)
    where = " AND ".join(conds)
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM store_article WHERE {where}", params)
        total = int(cur.fetchone()[0])
        cur.execute(
            f"SELECT id, title FROM store_article WHERE {where} "
            "ORDER BY published_at DESC LIMIT 20",
            params,
        )
        cur.fetchall()
    return total


def size_postgres(n: int, workers: int, *, reuse: bool) -> str:
    """Build the PostgreSQL corpus unless ``reuse`` finds it built; describe it."""
    import pg_corpus
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if reuse and pg_corpus.built(n):
        print(f"  reusing the {n:,} articles already built")
    else:
        if reuse:
            raise SystemExit(f"--reuse: the database does not hold {n:,} indexed articles")
        t0 = time.perf_counter()
        steps = pg_corpus.build(n, load_docs(), OUTLETS, workers=workers)
        total = time.perf_counter() - t0
        for step, seconds in steps.items():
            print(f"  {step}: {seconds:,.0f} s")
        print(f"  built in {total:,.0f} s ({n / total:,.0f} articles/s)")
    with connection.cursor() as cur:
        cur.execute(
            "SELECT pg_size_pretty(pg_database_size(current_database())), "
            "pg_size_pretty(pg_total_relation_size('search_document'))"
        )
        whole, index = cur.fetchone()
    return f"{whole} ({index} of it the search_document table and its GIN index)"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k articles instead of 100k")
    parser.add_argument("--size", type=int, default=None)
    parser.add_argument("--rounds", type=int, default=10, help="timed runs of each query")
    parser.add_argument("--postgres", default=None, help="a PostgreSQL server's URL")
    parser.add_argument(
        "--reuse", action="store_true", help="PostgreSQL: time the corpus already built"
    )
    parser.add_argument("--workers", type=int, default=2, help="processes building the corpus")
    parser.add_argument("--like-rounds", type=int, default=None, help="runs of the LIKE scan")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="SQLite: build the corpus in this folder and keep it; with --reuse, time it again",
    )
    args = parser.parse_args()
    n = args.size or (10_000 if args.quick else 100_000)

    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        work = args.keep.resolve()
        built = (work / "bench.sqlite3").exists()
        if args.reuse and not built:
            raise SystemExit(f"--reuse: no corpus in {work}")
        if built and not args.reuse:
            raise SystemExit(f"{work} already holds a corpus: add --reuse, or empty it")
    else:
        work = Path(tempfile.mkdtemp(prefix="doingoai-bench-search-"))
    sys.path.insert(0, str(ROOT / "bench"))
    import pg_corpus

    os.environ["DOINGOAI_DATABASE_URL"] = pg_corpus.bench_database(
        args.postgres, str(work), reuse=args.reuse
    )
    from doingoai.project import setup

    setup()
    from doingoai.store.search import search

    database = "PostgreSQL" if args.postgres else "SQLite"
    print(f"search benchmark: {n:,} articles on {database}, Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores")  # fmt: skip
    if args.postgres:
        print(f"  database: {size_postgres(n, args.workers, reuse=args.reuse)}")
    elif args.keep is not None and args.reuse:
        from doingoai.store.models import Article

        if Article.objects.count() != n:
            raise SystemExit(f"--reuse: {work} does not hold {n:,} articles")
        size_mb = sum(f.stat().st_size for f in work.iterdir()) / 1e6
        print(f"  reusing the {n:,} articles already built in {work} ({size_mb:,.0f} MB)")
    else:
        store_s, index_s = build(n)
        size_mb = sum(f.stat().st_size for f in work.iterdir()) / 1e6
        print(f"  store (bulk_create): {n / store_s:,.0f} articles/s")
        print(f"  index_articles:      {n / index_s:,.0f} articles/s ({index_s:.1f} s)")
        print(f"  database size:       {size_mb:,.0f} MB (articles and search index)")

    for _, text, filters in QUERIES:  # warm up caches
        search(text, **filters)
    fts: dict[str, list[float]] = {}
    cpu: list[float] = []
    totals: dict[str, tuple[int, int]] = {}
    exact: dict[str, bool] = {}
    without: dict[str, str] = {}
    for _ in range(args.rounds):
        for label, text, filters in QUERIES:
            t0, c0 = time.perf_counter(), time.process_time()
            result = search(text, **filters)
            fts.setdefault(label, []).append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            totals[text + repr(filters)] = (result.total, 0)
            exact[text + repr(filters)] = result.total_exact
            more = result.without_accents
            without[text + repr(filters)] = (
                "-" if more is None else ("" if result.without_accents_exact else "~") + f"{more:,}"
            )
    like: dict[str, list[float]] = {}
    like_rounds = args.like_rounds or (1 if args.postgres else max(1, args.rounds // 5))
    for _ in range(like_rounds):
        for label, text, filters in QUERIES:
            t0 = time.perf_counter()
            total = like_search(text, filters)
            like.setdefault(label, []).append((time.perf_counter() - t0) * 1000)
            key = text + repr(filters)
            totals[key] = (totals[key][0], total)

    print(f"\n  {'queries':<12}{'find p50':>10}{'find p95':>10}{'LIKE p50':>10}{'LIKE p95':>10}")
    for label in [*dict.fromkeys(lbl for lbl, _, _ in QUERIES), "all"]:
        a = [v for k, vs in fts.items() if label in (k, "all") for v in vs]
        b = [v for k, vs in like.items() if label in (k, "all") for v in vs]
        print(f"  {label:<12}{pct(a, 50):>8.1f}ms{pct(a, 95):>8.1f}ms"
              f"{pct(b, 50):>8.1f}ms{pct(b, 95):>8.1f}ms")  # fmt: skip
    print(
        f"\n  {'query':<42}{'search total':>14}{'without accents':>17}{'LIKE total':>12}"
        "   (~ estimated)"
    )
    for _, text, filters in QUERIES:
        shown = text + (" " + " ".join(f"{k}={v}" for k, v in filters.items()) if filters else "")
        s_total, l_total = totals[text + repr(filters)]
        mark = "" if exact[text + repr(filters)] else "~"
        more = without[text + repr(filters)]
        print(f"  {shown:<42}{mark + format(s_total, ','):>14}{more:>17}{l_total:>12,}")
    all_fts = [v for vs in fts.values() for v in vs]
    target = "<= 50 ms at 1M on PostgreSQL" if args.postgres else "<= 20 ms at 100k"
    print(
        f"\n  search p95 over all queries: {pct(all_fts, 95):.1f} ms wall, "
        f"{pct(cpu, 95):.1f} ms CPU (p50 {pct(cpu, 50):.1f} ms CPU; target {target}; "
        f"{len(all_fts)} timed searches; slowest {max(all_fts):,.0f} ms)"
    )
    print(f"  load average during the run: {os.getloadavg()[0]:.1f}")  # fmt: skip
    if args.postgres:
        print("  the database doingoai_bench_articles is kept: --reuse times it again")
    if args.keep is not None:
        print(f"  the database in {work} is kept: --keep {args.keep} --reuse times it again")
        return 0
    for f in work.iterdir():
        f.unlink()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
