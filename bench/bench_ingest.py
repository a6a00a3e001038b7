"""Ingest throughput: documents per second end to end into SQLite with the search index.

Real VNTC news texts from ../shared/data/topics are recombined into distinct
articles (a headline and paragraphs drawn from different documents), written
as .txt files, and ingested with ``doingoai ingest``'s own code path: file
collection, decoding, extraction, language, topic, word count, exact and
near-duplicate clustering, FTS5 indexing, one transaction per document.
Named-entity recognition is measured separately on a smaller run (it is the
costliest step and can be turned off with ``--no-entities``).

Usage: python bench/bench_ingest.py [--quick] [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ROOT.parent / "shared" / "data" / "topics"


def make_corpus(folder: Path, n: int, seed: int = 7) -> None:
    docs = []
    for name in ("vntc_train_subset.jsonl", "vntc_test_dev.jsonl"):
        for line in (TOPICS / name).read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            head, _, rest = text.partition("\n")
            paras = [p for p in rest.split("\n") if len(p) > 80]
            if head and paras:
                docs.append((head, paras))
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        head, paras = docs[i % len(docs)]
        body = list(paras[:2])
        for _ in range(3):
            body.append(rng.choice(rng.choice(docs)[1]))
        title = head if i < len(docs) else f"{head} (kỳ {i // len(docs) + 1})"
        sub = folder / f"{i // 1000:04d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:06d}.txt").write_text(title + "\n" + "\n".join(body), encoding="utf-8")


def run(n: int, entities: bool) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="doingoai-bench-ingest-"))
    try:
        make_corpus(work / "docs", n)
        db = work / "db.sqlite3"
        code = (
            "import json,resource,sys,time\n"
            "from doingoai.project import setup\n"
            "setup()\n"
            "from doingoai.enrich.enricher import Enricher\n"
            "from doingoai.store.ingest import ingest\n"
            "t=time.perf_counter()\n"
            f"r=ingest([sys.argv[1]], enricher=Enricher(entities={entities}))\n"
            "dt=time.perf_counter()-t\n"
            "print(json.dumps({'new':r.new,'duplicate':r.duplicate,'failed':len(r.failed),"
            "'seconds':dt,'rss_mb':resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024}))\n"
        )
        env = {**os.environ, "DOINGOAI_DATABASE_URL": f"sqlite:///{db}"}
        out = subprocess.run(
            [sys.executable, "-c", code, str(work / "docs")],
            env=env,
            cwd=work,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        result = json.loads(out.strip().splitlines()[-1])
        result["docs_per_s"] = n / result["seconds"]
        result["db_mb"] = db.stat().st_size / 1e6
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="1,000 documents only")
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(
        f"{'documents':>10} {'entities':>8} {'docs/s':>8} {'seconds':>8} {'new':>7} {'dup':>5} {'failed':>6} {'RSS MB':>7} {'DB MB':>7}"
    )
    plan = [(min(sizes), True)] + [(n, False) for n in sizes]
    for n, entities in plan:
        if entities:
            n = min(n, 1000)
        r = run(n, entities)
        print(
            f"{n:>10} {'on' if entities else 'off':>8} {r['docs_per_s']:>8.1f} {r['seconds']:>8.1f} "
            f"{r['new']:>7} {r['duplicate']:>5} {r['failed']:>6} {r['rss_mb']:>7.0f} {r['db_mb']:>7.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
