"""Translation memory lookup speed at 10k, 100k and 1M entries.

Usage: python bench/bench_tm.py [--quick] [--sizes 10000,100000,1000000] [--queries N]

Entries are Vietnamese sentences from ../shared/data (IWSLT'15 tst2012 with its
English side, VNTC news split into sentences with a placeholder target), varied
to reach each size: clauses recombined across sentences, numbers changed. The
queries are a fixed mix of exact (stored sources), near (a stored source with a
word dropped or replaced, or a number changed) and no-match sentences (held-out
VNTC news).

For each size it prints the build time, the database size, the process memory
(RSS), and lookup p50/p95 of

* ``TranslationMemory.lookup`` (SQLite file, word-bigram index + rapidfuzz),
* a plain scan: ``rapidfuzz.process.extract`` with the same scorer
  (``fuzz.ratio`` on the same key form) over all entries kept in a Python list,
* an FTS5 trigram index (SQLite's own tokenizer) returning 100 candidates,
  the alternative pre-filter for the same job,

and how often the memory's best score equals the plain scan's best score.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from doingoai.text import fold
from doingoai.translate import Entry, TranslationMemory
from doingoai.translate._fuzzy import key_of

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ\"“])")
NUMBER = re.compile(r"\d+")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def news_sentences(name: str) -> list[str]:
    out: list[str] = []
    with open(DATA / "topics" / name, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            for para in text.split("\n"):
                for sent in SENTENCE_END.split(para.strip()):
                    if 30 <= len(sent) <= 300:
                        out.append(sent)
    return out


def base_pairs() -> tuple[list[tuple[str, str]], list[str]]:
    vi = (DATA / "translation/iwslt15/tst2012.vi").read_text(encoding="utf-8").splitlines()
    en = (DATA / "translation/iwslt15/tst2012.en").read_text(encoding="utf-8").splitlines()
    pairs = [(v, e) for v, e in zip(vi, en, strict=True) if v.strip() and e.strip()]
    pairs += [(s, "[en] " + fold(s)) for s in news_sentences("vntc_train_subset.jsonl")]
    held_out = news_sentences("vntc_test_dev.jsonl")
    return pairs, held_out


def variants(pairs: list[tuple[str, str]], rng: random.Random) -> Iterator[tuple[str, str]]:
    """The pairs themselves, then endless variants: clauses recombined, numbers changed."""
    yield from pairs
    clauses = [c for s, _ in pairs for c in s.split(", ") if len(c) > 15]
    while True:
        source, target = pairs[rng.randrange(len(pairs))]
        parts = source.split(", ")
        roll = rng.random()
        if roll < 0.6 and len(parts) > 1:
            parts[rng.randrange(len(parts))] = clauses[rng.randrange(len(clauses))]
        elif roll < 0.8:
            parts.append(clauses[rng.randrange(len(clauses))])
        new = ", ".join(parts)
        new = NUMBER.sub(lambda m: str(rng.randrange(1, 10_000)), new)
        if not NUMBER.search(new) or rng.random() < 0.5:
            new = f"{new.rstrip(' .')} ({rng.randrange(1, 100_000)})."
        yield new, target


def queries(
    stored: list[str], held_out: list[str], count: int, rng: random.Random
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for i in range(count):
        kind = ("exact", "near", "none")[i % 3]
        if kind == "none":
            out.append((kind, held_out[rng.randrange(len(held_out))]))
            continue
        text = stored[rng.randrange(len(stored))]
        if kind == "near":
            words = text.split(" ")
            j = rng.randrange(len(words))
            if NUMBER.search(text) and rng.random() < 0.3:
                text = NUMBER.sub(lambda m: str(int(m[0]) + 7), text, count=1)
            elif rng.random() < 0.5 and len(words) > 4:
                text = " ".join(words[:j] + words[j + 1 :])
            else:
                text = " ".join([*words[:j], "thêm", *words[j + 1 :]])
        out.append((kind, text))
    return out


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    p50 = statistics.median(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return p50 * 1000, p95 * 1000


def timed(
    fn: Callable[[str], object], texts: list[str]
) -> tuple[list[float], list[float], list[object]]:
    """Wall-clock and CPU (this thread) seconds per call, and the results."""
    times: list[float] = []
    cpu: list[float] = []
    results: list[object] = []
    for text in texts:
        start, start_cpu = time.perf_counter(), time.thread_time()
        results.append(fn(text))
        cpu.append(time.thread_time() - start_cpu)
        times.append(time.perf_counter() - start)
    return times, cpu, results


def fts5_candidates(conn: sqlite3.Connection) -> Callable[[str], list[int]]:
    def run(text: str) -> list[int]:
        key = key_of(text)
        grams = {key[i : i + 3] for i in range(len(key) - 2)}
        expr = " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)
        if not expr:
            return []
        rows = conn.execute(
            "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 100", (expr,)
        ).fetchall()
        return [r[0] for r in rows]

    return run


def bench_size(
    size: int,
    pairs: list[tuple[str, str]],
    held_out: list[str],
    n_queries: int,
    workdir: Path,
    with_fts: bool,
) -> dict[str, Any]:
    rng = random.Random(size)
    path = workdir / f"tm_{size}.sqlite3"
    tm = TranslationMemory.open(path)
    start = time.perf_counter()
    sources: list[str] = []
    seen: set[str] = set()

    def entries() -> Iterator[Entry]:
        for source, target in variants(pairs, rng):
            if len(sources) >= size:
                return
            if source in seen:
                continue
            seen.add(source)
            sources.append(source)
            yield Entry(source, target, "vi", "en", origin="human", author="bench")

    tm.add(entries(), batch_size=50_000)
    tm.optimize()
    build = time.perf_counter() - start
    seen.clear()
    stored = tm.count()
    db_mb = sum(p.stat().st_size for p in workdir.glob(f"tm_{size}.sqlite3*")) / 1e6
    qs = queries(sources, held_out, n_queries, random.Random(7))
    texts = [t for _, t in qs]
    # warm-up, then measure
    for text in texts[:10]:
        tm.lookup(text, source_lang="vi", target_lang="en")

    def tm_best(text: str) -> int:
        found = tm.lookup(text, source_lang="vi", target_lang="en", min_score=75, limit=5)
        return found[0].score if found else 0

    tm_times, tm_cpu, tm_scores = timed(tm_best, texts)
    rss_tm = rss_mb()

    # the plain scan keeps every key in memory and scores all of them
    keys = [key_of(s) for s in sources]
    rss_keys = (sys.getsizeof(keys) + sum(sys.getsizeof(k) for k in keys)) / 1e6
    scan_texts = texts if size <= 100_000 else texts[: max(30, len(texts) // 5)]

    def scan_best(text: str) -> int:
        found = process.extract(key_of(text), keys, scorer=fuzz.ratio, score_cutoff=75, limit=5)
        if not found:
            return 0
        return 100 if found[0][1] >= 100 else min(int(found[0][1]), 99)

    scan_times, scan_cpu, scan_scores = timed(scan_best, scan_texts)
    agree = sum(
        1
        for mine, full in zip(tm_scores, scan_scores, strict=False)
        if mine == full or (full == 100 and mine == 100)
    )
    keys.clear()
    result: dict[str, Any] = {
        "size": size,
        "stored": stored,
        "build_s": build,
        "db_mb": db_mb,
        "rss_mb": rss_tm,
        "rss_scan_keys_mb": rss_keys,
        "tm": percentiles(tm_times),
        "tm_cpu": percentiles(tm_cpu),
        "scan": percentiles(scan_times),
        "scan_cpu": percentiles(scan_cpu),
        "scan_queries": len(scan_texts),
        "agree": (agree, len(scan_scores)),
        "kinds": {k: sum(1 for q in qs if q[0] == k) for k in ("exact", "near", "none")},
    }
    if with_fts:
        conn = sqlite3.connect(path)
        start = time.perf_counter()
        conn.execute("CREATE VIRTUAL TABLE fts USING fts5(key, tokenize='trigram', detail='none')")
        conn.executemany(
            "INSERT INTO fts (rowid, key) VALUES (?, ?)",
            conn.execute("SELECT id, source_key FROM tm_entry").fetchall(),
        )
        conn.commit()
        result["fts_build_s"] = time.perf_counter() - start
        fts_texts = texts[: 20 if size <= 100_000 else 5]
        fts_times, _, _ = timed(fts5_candidates(conn), fts_texts)
        result["fts"] = percentiles(fts_times)
        result["fts_queries"] = len(fts_texts)
        conn.close()
    tm.close()
    for p in workdir.glob(f"tm_{size}.sqlite3*"):
        p.unlink()
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k only")
    parser.add_argument("--sizes", help="comma-separated entry counts")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--no-fts", action="store_true", help="skip the FTS5 trigram comparison")
    args = parser.parse_args(argv)
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",")]
    pairs, held_out = base_pairs()
    print(f"base pairs: {len(pairs):,}; held-out news sentences: {len(held_out):,}")
    print(
        f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}, {os.cpu_count()} cpus"
    )
    with tempfile.TemporaryDirectory(prefix="bench_tm_") as tmp:
        for size in sizes:
            r = bench_size(size, pairs, held_out, args.queries, Path(tmp), not args.no_fts)
            tm50, tm95 = r["tm"]
            sc50, sc95 = r["scan"]
            tc50, tc95 = r["tm_cpu"]
            scc50, scc95 = r["scan_cpu"]
            agree, total = r["agree"]
            print(
                f"\n{size:>9,} entries ({r['stored']:,} stored): build {r['build_s']:.0f} s, "
                f"db {r['db_mb']:.0f} MB, process RSS {r['rss_mb']:.0f} MB "
                f"(the plain scan's key list adds {r['rss_scan_keys_mb']:.0f} MB)"
            )
            print(f"  queries: {r['kinds']}   (ms: wall p50 / p95 | CPU p50 / p95)")
            print(
                f"  TranslationMemory.lookup   {tm50:7.1f} / {tm95:7.1f} | {tc50:7.1f} / {tc95:7.1f}"
            )
            print(
                f"  rapidfuzz plain scan       {sc50:7.1f} / {sc95:7.1f} | {scc50:7.1f} / {scc95:7.1f}"
                f"   ({r['scan_queries']} queries)"
            )
            if "fts" in r:
                f50, f95 = r["fts"]
                print(
                    f"  FTS5 trigram candidates    {f50:7.1f} / {f95:7.1f} |"
                    f"   ({r['fts_queries']} queries; index build {r['fts_build_s']:.0f} s)"
                )
            print(f"  best score equal to the plain scan's: {agree}/{total}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
