"""The n-gram candidate index of the translation memory on SQLite.

Posting lists of word bigrams are stored as packed arrays, one row per
(gram, chunk): ``ids`` (uint32 entry ids) and ``lens`` (uint16 source key
lengths). Each ``add`` batch writes one new chunk per gram it holds; grams with
many chunks are merged (:func:`merge_chunks`). A lookup reads the posting
lists of the query's rarest grams up to a budget of postings, keeps the entries
inside the length window, counts shared grams with numpy and returns the best
candidates for exact scoring.

Why not one row per (gram, entry)? At 1M entries that is ~30M rows: three
times the disk, a slow build, and a lookup that pays a Python tuple per posting.
FTS5's trigram tokenizer was measured too (``bench/bench_tm.py``): a query
has to OR dozens of trigrams, most of them in a large share of all entries.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["add_postings", "candidates", "merge_chunks", "needs_merge"]

_IDS = np.dtype("<u4")
_LENS = np.dtype("<u2")
_MAX_VARS = 500


def _chunks(seq: Sequence[int], size: int = _MAX_VARS) -> Iterable[Sequence[int]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def add_postings(
    conn: sqlite3.Connection, rows: Sequence[tuple[int, int, set[int]]], chunk: int
) -> set[int]:
    """Write one chunk of postings for ``rows`` of (entry id, key length, gram
    hashes); returns the grams written."""
    if not rows:
        return set()
    sizes = np.fromiter((len(r[2]) for r in rows), dtype=np.int64, count=len(rows))
    total = int(sizes.sum())
    grams = np.fromiter((g for r in rows for g in r[2]), dtype=np.int64, count=total)
    ids = np.repeat(np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)), sizes)
    lens = np.repeat(
        np.fromiter((min(r[1], 65535) for r in rows), dtype=np.int64, count=len(rows)), sizes
    )
    order = np.argsort(grams, kind="stable")
    grams = grams[order]
    packed_ids = ids[order].astype(_IDS)
    packed_lens = lens[order].astype(_LENS)
    bounds = np.flatnonzero(np.diff(grams)) + 1
    starts = np.concatenate(([0], bounds)).tolist()
    ends = np.concatenate((bounds, [total])).tolist()
    heads = grams[starts].tolist()
    conn.executemany(
        "INSERT INTO tm_posting (gram, chunk, n, ids, lens) VALUES (?, ?, ?, ?, ?)",
        (
            (
                gram,
                chunk,
                end - start,
                packed_ids[start:end].tobytes(),
                packed_lens[start:end].tobytes(),
            )
            for gram, start, end in zip(heads, starts, ends, strict=True)
        ),
    )
    return set(heads)


def needs_merge(conn: sqlite3.Connection, grams: Sequence[int], max_chunks: int) -> list[int]:
    """The grams among ``grams`` that have more than ``max_chunks`` chunks."""
    out: list[int] = []
    for part in _chunks(grams):
        marks = ",".join("?" * len(part))
        out.extend(
            row[0]
            for row in conn.execute(
                f"SELECT gram FROM tm_posting WHERE gram IN ({marks}) "
                "GROUP BY gram HAVING count(*) > ?",
                (*part, max_chunks),
            )
        )
    return out


def merge_chunks(conn: sqlite3.Connection, grams: Iterable[int]) -> int:
    """Merge every chunk of each gram into one row; returns the grams merged."""
    merged = 0
    for gram in grams:
        rows = conn.execute(
            "SELECT chunk, ids, lens FROM tm_posting WHERE gram = ? ORDER BY chunk", (gram,)
        ).fetchall()
        if len(rows) < 2:
            continue
        ids = np.concatenate([np.frombuffer(r[1], dtype=_IDS) for r in rows])
        lens = np.concatenate([np.frombuffer(r[2], dtype=_LENS) for r in rows])
        conn.execute("DELETE FROM tm_posting WHERE gram = ?", (gram,))
        conn.execute(
            "INSERT INTO tm_posting (gram, chunk, n, ids, lens) VALUES (?, ?, ?, ?, ?)",
            (gram, rows[0][0], len(ids), ids.tobytes(), lens.tobytes()),
        )
        merged += 1
    return merged


def candidates(
    conn: sqlite3.Connection,
    grams: set[int],
    length: int,
    window: tuple[int, int],
    *,
    budget: int,
    limit: int,
) -> list[int]:
    """Entry ids sharing the most query grams, best first. Grams are taken
    rarest first while the postings read stay within ``budget`` (the rarest is
    always read); only entries whose key length is inside ``window`` count; ties
    go to the entry whose length is nearest ``length``."""
    if not grams:
        return []
    gram_list = list(grams)
    freq: dict[int, int] = {}
    for part in _chunks(gram_list):
        marks = ",".join("?" * len(part))
        for gram, n in conn.execute(
            f"SELECT gram, sum(n) FROM tm_posting WHERE gram IN ({marks}) GROUP BY gram",
            tuple(part),
        ):
            freq[gram] = n
    if not freq:
        return []
    chosen: list[int] = []
    total = 0
    for gram, n in sorted(freq.items(), key=lambda item: item[1]):
        if chosen and total + n > budget:
            break
        chosen.append(gram)
        total += n
    id_parts: list[np.ndarray] = []
    len_parts: list[np.ndarray] = []
    for part in _chunks(chosen):
        marks = ",".join("?" * len(part))
        for ids_blob, lens_blob in conn.execute(
            f"SELECT ids, lens FROM tm_posting WHERE gram IN ({marks})", tuple(part)
        ):
            id_parts.append(np.frombuffer(ids_blob, dtype=_IDS))
            len_parts.append(np.frombuffer(lens_blob, dtype=_LENS))
    ids = np.concatenate(id_parts)
    lens = np.concatenate(len_parts)
    low, high = window
    keep = (lens >= low) & (lens <= high)
    ids, lens = ids[keep], lens[keep]
    if not len(ids):
        return []
    unique, first, counts = np.unique(ids, return_index=True, return_counts=True)
    distance = np.abs(lens[first].astype(np.int64) - length)
    rank = counts.astype(np.int64) * 65536 - np.minimum(distance, 65535)
    top = np.argpartition(-rank, limit - 1)[:limit] if len(rank) > limit else np.arange(len(rank))
    top = top[np.argsort(-rank[top], kind="stable")]
    return [int(i) for i in unique[top]]
