"""Ingest throughput: documents per second end to end into SQLite with the search index.

Real VNTC news texts from ../shared/data/topics are recombined into distinct
articles (a headline and paragraphs drawn from different documents), written
as .txt files, and ingested with ``doingoai ingest``'s own code path: file
collection, decoding, extraction, language, topic, word count, exact and
near-duplicate clustering, FTS5 indexing, one transaction per document.
Named-entity recognition is measured separately on a smaller run (it is the
costliest step and can be turned off with ``--no-entities``).

Each size runs with the preparation spread over ``--workers`` processes (one
per CPU by default); sizes up to 10,000 also run with one process (what
``--workers 1`` does, and what ingest did before it had workers), with
topics and entities on and with entities off. Printed per run: documents per
second, wall time, CPU time of the main process during the ingest (set-up and
migrations left out) and of the worker processes, peak RSS of each (the
largest worker), the database size (with its WAL) and the load average of
the machine before and after the run (other jobs may share it). The runs'
modules are compiled once, by an untimed run, as an installation keeps them
(a shell with ``PYTHONDONTWRITEBYTECODE`` would otherwise compile the
project's modules in every run, a few seconds each time).

Usage: python bench/bench_ingest.py [--quick] [--sizes 10000,100000] [--workers N]
       python bench/bench_ingest.py --quick --baseline REV [--postgres URL] [--storing-only]

The storing side alone stores a batch of documents at a time where the code
has :func:`doingoai.store.ingest._save_batch` (one commit per batch, as
ingest does), one document at a time in the batch's transaction before; the
documents' search index entries are made with the rest of their preparation
(untimed) where the code makes them there.
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
from urllib.parse import unquote, urlsplit, urlunsplit

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


# Runs in a fresh interpreter (the database URL is read at start-up). Worker
# CPU and memory: the workers are children of multiprocessing's fork server,
# which counts them in its own usage once it has reaped them; stopping the
# server (a private call of the standard library, for measuring only) hands
# that usage to this process as RUSAGE_CHILDREN.
_INNER = """
import json, multiprocessing.forkserver as fs, os, resource, sys, time
from doingoai.project import setup
setup()
from doingoai.enrich.enricher import Enricher
from doingoai.store.ingest import ingest
n, entities, workers = int(sys.argv[2]), sys.argv[3] == "1", int(sys.argv[4])
step = max(1000, n // 20)
t, cpu = time.perf_counter(), time.process_time()
done = 0
def on_item(name, result):
    global done
    done += 1
    if n >= 20000 and done % step == 0:
        dt = time.perf_counter() - t
        print(f"  ... {done}/{n} documents, {done / dt:.1f} docs/s", file=sys.stderr, flush=True)
r = ingest([sys.argv[1]], enricher=Enricher(entities=entities), workers=workers, on_item=on_item)
dt, cpu = time.perf_counter() - t, time.process_time() - cpu
stop = getattr(getattr(fs, "_forkserver", None), "_stop", None)
if stop:
    stop()
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
import hashlib
from doingoai.store.models import Article
outputs = sorted(
    json.dumps([a.raw.source.rsplit("/", 1)[-1], a.title, a.language, a.topic, a.words, a.entities],
               ensure_ascii=False)
    for a in Article.objects.select_related("raw")
)
digest = hashlib.sha256(chr(10).join(outputs).encode()).hexdigest()[:12]
print(json.dumps({"new": r.new, "duplicate": r.duplicate, "failed": len(r.failed), "seconds": dt,
    "digest": digest,
    "cpu_main": cpu, "cpu_workers": kids.ru_utime + kids.ru_stime,
    "rss_main_mb": me.ru_maxrss / 1024, "rss_workers_mb": kids.ru_maxrss / 1024}))
"""


# The storing side alone: every document is prepared first (not timed), then
# checked against the database and stored as ingest does; the CPU time of this
# thread and the wall time are measured over the storing only. Stored a batch
# at a time, the prepared documents are handed over pickled, as worker
# processes hand them to ingest, and unpickled in the timed part.
_STORE_ONLY = """
import contextlib, json, pickle, sys, time
from doingoai.project import setup
setup()
from django.core.management import call_command
from doingoai.collect import collect
from doingoai.enrich.enricher import Enricher
from doingoai.enrich.prepare import prepare
from doingoai.store import ingest as I
call_command("migrate", verbosity=0)
docs = [d for d in collect([sys.argv[1]])]
enricher = Enricher(entities=sys.argv[3] == "1")
prepared = [prepare(d, enricher=enricher) for d in docs]
batches = getattr(I, "_Batches", None)  # committed in batches since the storing was made faster
save_batch = getattr(I, "_save_batch", None)  # and stored a batch at a time since then
stored_shas = getattr(I, "_stored_shas", None)  # and checked a batch at a time since then
blobs = [pickle.dumps(p) for p in prepared]
wall, cpu = time.perf_counter(), time.thread_time()
if save_batch is not None:
    from django.db import transaction
    size = I.BATCH_DOCUMENTS
    with I._fewer_checkpoints():
        for i in range(0, len(docs), size):
            chunk = docs[i : i + size]
            # the bytes already stored looked up for a batch at once, as ingest does now
            have = I._stored_shas(d.sha256 for d in chunk) if stored_shas else None
            handed = [pickle.loads(b) for b in blobs[i : i + size]]
            with transaction.atomic():
                save_batch([(d, p) for d, p in zip(chunk, handed)
                            if (I._check(d, have) if stored_shas else I._check(d)) is None])
else:
  with I._fewer_checkpoints(), (batches() if batches else contextlib.nullcontext()) as batch:
    for doc, prep in zip(docs, prepared):
        if I._check(doc) is None:
            I._save(doc, prep)
        if batch is not None:
            batch.step()
print(json.dumps({"new": I.Article.objects.count(), "duplicate": 0, "failed": 0,
    "seconds": time.perf_counter() - wall, "cpu_main": time.thread_time() - cpu,
    "cpu_workers": 0.0, "rss_main_mb": 0.0, "rss_workers_mb": 0.0}))
"""


def _fresh_postgres(url: str, name: str) -> str:
    """An empty database ``name`` on the server of ``url``; its URL."""
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(
        host=unquote(parts.hostname or ""),  # a socket folder is written %2F…
        port=parts.port or 5432,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def run(
    n: int,
    entities: bool,
    workers: int,
    corpus: Path,
    *,
    src: Path | None = None,
    store_only: bool = False,
    postgres: str | None = None,
    pycache: Path | None = None,
) -> dict[str, float]:
    """One ingest of ``corpus`` in a fresh interpreter and a fresh database
    (SQLite, or a new database on the ``postgres`` server); ``src`` runs the
    code of another revision (``--baseline``)."""
    work = Path(tempfile.mkdtemp(prefix="doingoai-bench-ingest-"))
    try:
        db = work / "db.sqlite3"
        url = _fresh_postgres(postgres, "doingoai_bench_ingest") if postgres else f"sqlite:///{db}"
        env = {**os.environ, "DOINGOAI_DATABASE_URL": url}
        if pycache is not None:  # compiled once, as a user's installation is
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(pycache)
        if src is not None:
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
        load_before = os.getloadavg()[0]
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                _STORE_ONLY if store_only else _INNER,
                str(corpus),
                str(n),
                str(int(entities)),
                str(workers),
            ],
            env=env,
            cwd=work,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        ).stdout
        result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
        result["docs_per_s"] = n / result["seconds"]
        result["db_mb"] = sum(f.stat().st_size for f in work.glob("db.sqlite3*")) / 1e6
        result["load"] = load_before
        result["load_after"] = os.getloadavg()[0]
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="1,000 documents only")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: CPUs)"
    )
    parser.add_argument(
        "--baseline",
        default=None,
        metavar="REV",
        help="compare with enrichment and the storing side as they were at git revision "
        "REV, in the same run: one process with entities, and the storing side alone, "
        "on the first size",
    )
    parser.add_argument(
        "--postgres",
        default=None,
        metavar="URL",
        help="with --baseline: also store on this PostgreSQL server (a database "
        "doingoai_bench_ingest is created anew for each run)",
    )
    parser.add_argument(
        "--storing-only",
        action="store_true",
        help="with --baseline: compare the storing side alone (no whole ingest)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="with --baseline: runs of each side, taking turns; the fastest is reported",
    )
    args = parser.parse_args()
    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    if args.baseline:
        compare(
            args.baseline,
            sizes[0],
            args.postgres,
            storing_only=args.storing_only,
            rounds=args.rounds,
        )
        return
    print(
        f"{'documents':>10} {'workers':>7} {'entities':>8} {'docs/s':>7} {'wall s':>7} "
        f"{'CPU main':>8} {'CPU wrk':>8} {'RSS main':>8} {'RSS wrk':>8} {'DB MB':>7} "
        f"{'new':>7} {'dup':>5} {'failed':>6} {'load':>9}"
    )
    plan = [(min(min(sizes), 1000), True, args.workers)]
    for n in sizes:
        if n <= 10_000 and args.workers > 1:
            plan.append((n, True, 1))  # one process, topics and entities on
            plan.append((n, False, 1))
        plan.append((n, False, args.workers))
    corpus_root = Path(tempfile.mkdtemp(prefix="doingoai-bench-corpus-"))
    try:
        made: dict[int, Path] = {}
        # modules compiled once by an untimed run, as a user's installation has them
        pycache = corpus_root / "pycache"
        make_corpus(corpus_root / "warm-up", 50)
        run(50, True, 1, corpus_root / "warm-up", pycache=pycache)
        for n, entities, workers in plan:
            if n not in made:
                made[n] = corpus_root / str(n)
                make_corpus(made[n], n)
            r = run(n, entities, workers, made[n], pycache=pycache)
            print(
                f"{n:>10} {workers:>7} {'on' if entities else 'off':>8} {r['docs_per_s']:>7.1f} "
                f"{r['seconds']:>7.0f} {r['cpu_main']:>8.0f} {r['cpu_workers']:>8.0f} "
                f"{r['rss_main_mb']:>8.0f} {r['rss_workers_mb']:>8.0f} {r['db_mb']:>7.0f} "
                f"{r['new']:>7} {r['duplicate']:>5} {r['failed']:>6} "
                f"{r['load']:>4.1f}-{r['load_after']:<4.1f}",
                flush=True,
            )
    finally:
        shutil.rmtree(corpus_root, ignore_errors=True)


#: what the ingest speed-up changed: enrichment, tone placement and the storing side
#: with the search index it writes (since the index entries are made in preparation)
_SPEEDUP_PATHS = (
    "src/doingoai/enrich",
    "src/doingoai/text/normalize.py",
    "src/doingoai/store/ingest.py",
    "src/doingoai/store/search",
)


def compare(
    rev: str, n: int, postgres: str | None, *, storing_only: bool = False, rounds: int = 3
) -> None:
    """Before and now, in one run on one corpus: ingest with one process and
    entities on, and the storing side alone on SQLite (and PostgreSQL). Before is
    the working tree with enrichment, tone placement and the storing side as
    they were at revision ``rev`` (the rest of the code, the models and the
    migrations are today's, so both store into the same schema). Each is run
    ``rounds`` times, the two taking turns, with their compiled modules kept
    after an untimed first run; the fastest run of each is reported (the
    machine's other work only ever slows a run down)."""
    root = Path(tempfile.mkdtemp(prefix="doingoai-bench-baseline-"))
    try:
        # the working tree's code, with the parts the speed-up changed as they were at rev
        shutil.copytree(ROOT / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__"))
        archive = subprocess.run(
            ["git", "archive", rev, *_SPEEDUP_PATHS], cwd=ROOT, stdout=subprocess.PIPE, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
        corpus = root / "corpus"
        make_corpus(corpus, n)
        print(f"{n} documents; before: {', '.join(_SPEEDUP_PATHS)} at {rev}; now: the working tree")
        print(
            f"{'what':>28} {'before docs/s':>13} {'now docs/s':>10} {'before ms CPU':>13} "
            f"{'now ms CPU':>10} {'speed-up':>8} {'same outputs':>12}"
        )
        plan: list[tuple[str, bool, str | None]] = []
        if not storing_only:
            plan.append(("ingest, 1 process, entities", False, None))
        plan.append(("storing alone, SQLite", True, None))
        if postgres:
            plan.append(("storing alone, PostgreSQL", True, postgres))
        pycache = {"before": root / "pycache-before", "now": root / "pycache-now"}
        for side, src in (("before", root / "src"), ("now", None)):
            run(n, True, 1, corpus, src=src, pycache=pycache[side])  # compiles the modules
        for label, store_only, server in plan:
            befores, nows = [], []
            for _ in range(rounds):
                befores.append(
                    run(
                        n,
                        True,
                        1,
                        corpus,
                        src=root / "src",
                        store_only=store_only,
                        postgres=server,
                        pycache=pycache["before"],
                    )
                )
                nows.append(
                    run(
                        n,
                        True,
                        1,
                        corpus,
                        store_only=store_only,
                        postgres=server,
                        pycache=pycache["now"],
                    )
                )
            before = min(befores, key=lambda r: r["seconds"])
            now = min(nows, key=lambda r: r["seconds"])
            # CPU per document of the main process (the storing thread alone for the storing side)
            cpu_before, cpu_now = (1000 * r["cpu_main"] / n for r in (before, now))
            same = "-" if store_only else ("yes" if before["digest"] == now["digest"] else "NO")
            print(
                f"{label:>28} {before['docs_per_s']:>13.1f} {now['docs_per_s']:>10.1f} "
                f"{cpu_before:>13.2f} {cpu_now:>10.2f} {cpu_before / cpu_now:>7.1f}x {same:>12}",
                flush=True,
            )
        print(f"load average at the end: {os.getloadavg()[0]:.1f} (other jobs share the machine)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
