"""Unaccented queries: is the reading a Vietnamese reader means in the top 5?

A reader who types "doi ngoai" or "thue" without diacritics means one
accented reading ("đối ngoại", "thuế" or "thuê"); the search must put an
article holding that reading among the first five hits.

Data: the 2,500 VNTC news texts of ../shared/data/topics, stored and indexed
in a throw-away SQLite database (the search corpus, whose word statistics the
search reads). Each text falls in the development or the test half by its
identifier (``bench/evalsplit.py``'s rule); queries are drawn from the texts of
one half only, so that choices tuned on the development half are reported on
the test half.

Queries (ambiguous only: the folded form is written in at least two ways, each
in at least three texts of the corpus):

* two syllables: adjacent word pairs of a text that the corpus holds in at
  least three texts, typed without accents; the reader means the pair as that
  text writes it;
* one syllable: the words of the half's texts, typed without accents, drawn in
  proportion to how often they are written; the reader means the word as
  written where it was drawn.

A query succeeds when one of its first five hits holds the meant reading with
its accents (title or body, as a whole word or word pair). Two policies, in the
same run: ``search()`` as it ranks today, and the reading where each syllable
takes its most frequent form alone (what a per-word accent restorer gives).

Usage: python bench/bench_unaccented.py [--half test|dev|both] [--queries N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ROOT.parent / "shared" / "data" / "topics"
STOPWORDS = (
    ROOT.parent / "shared" / "data" / "lexicon" / "stopwords" / "newspaper4k" / "stopwords-vi.txt"
)
sys.path.insert(0, str(ROOT / "bench"))

from evalsplit import half as half_of  # noqa: E402

_WORD = re.compile(r"[^\W\d_]+")
_CLAUSE = re.compile(r"[^\w\s]+|\d+")


def load() -> list[tuple[str, str]]:
    """(identifier, text) of every VNTC text."""
    out = []
    for name in ("vntc_train_subset.jsonl", "vntc_test_dev.jsonl"):
        for line in (TOPICS / name).read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            out.append((item["id"], item["text"]))
    return out


def build(docs: list[tuple[str, str]]) -> None:
    from doingoai.store.models import Article, RawDocument
    from doingoai.store.search import index_articles

    start = datetime(2006, 1, 1, 8, tzinfo=UTC)
    raws, arts = [], []
    for i, (ident, text) in enumerate(docs):
        head = text.partition("\n")[0]
        raws.append(
            RawDocument(
                sha256=f"{i:064x}", url=f"https://vntc.example/{i}", fetched_at=start, size=0
            )
        )
        arts.append(
            Article(
                url=raws[-1].url,
                title=head[:300],
                body=text,
                language="vi",
                topic=ident,
                published_at=start + timedelta(hours=(i * 7919) % 17000),
                fingerprint=f"{i:040x}",
            )
        )
    RawDocument.objects.bulk_create(raws)
    for raw, art in zip(raws, arts, strict=True):
        art.raw = raw
    Article.objects.bulk_create(arts)
    index_articles(arts)


def tokens(text: str) -> list[str]:
    """The words of a text, lower case, one tone placement."""
    from doingoai.store.search.terms import exact

    return [exact(w.lower()) for w in _WORD.findall(unicodedata.normalize("NFC", text))]


def clauses(text: str) -> list[list[str]]:
    """The words of each clause (split at punctuation and numbers)."""
    return [t for part in _CLAUSE.split(text) if (t := tokens(part))]


def stopwords() -> set[str]:
    """Function words nobody searches for (newspaper4k's Vietnamese list, syllables)."""
    lines = STOPWORDS.read_text(encoding="utf-8").splitlines()
    return {w for line in lines for w in tokens(line)}


def make_queries(
    docs: list[tuple[str, str]], which: str, n: int, seed: int = 5
) -> list[tuple[str, str, str]]:
    """(kind, unaccented query, meant reading) drawn from the texts of one half."""
    from doingoai.store.search.terms import folded

    doc_forms: dict[str, Counter[str]] = defaultdict(Counter)  # folded -> form -> texts
    doc_pairs: dict[str, Counter[str]] = defaultdict(Counter)
    per_doc: list[tuple[str, list[list[str]]]] = []
    stop = stopwords()
    for ident, text in docs:
        parts = clauses(text)
        per_doc.append((ident, parts))
        for form in {w for toks in parts for w in toks}:
            doc_forms[folded(form)][form] += 1
        for pair in {f"{a} {b}" for toks in parts for a, b in itertools.pairwise(toks)}:
            doc_pairs[" ".join(folded(w) for w in pair.split())][pair] += 1

    def ambiguous(table: Counter[str]) -> bool:
        return sum(1 for c in table.values() if c >= 3) >= 2

    rng = random.Random(seed)
    singles: list[tuple[str, str, str]] = []
    pairs: list[tuple[str, str, str]] = []
    for ident, parts in per_doc:
        if half_of(ident) != which:
            continue
        for toks in parts:
            for w in toks:
                f = folded(w)
                if len(w) > 1 and w not in stop and ambiguous(doc_forms[f]):
                    singles.append(("one syllable", f, w))
            for a, b in itertools.pairwise(toks):
                if a in stop or b in stop:
                    continue
                key = f"{folded(a)} {folded(b)}"
                table = doc_pairs[key]
                if table[f"{a} {b}"] >= 3 and ambiguous(table):
                    pairs.append(("two syllables", key, f"{a} {b}"))
    rng.shuffle(singles)
    rng.shuffle(pairs)
    return pairs[:n] + singles[:n]


def holds(text: str, reading: str) -> bool:
    toks = tokens(text)
    want = reading.split()
    k = len(want)
    return any(toks[i : i + k] == want for i in range(len(toks) - k + 1))


def per_syllable_reading(query: str) -> str:
    """Each syllable's most frequent written form in the corpus, alone."""
    from django.db import connection

    from doingoai.store.search.backends import vocab_lookup

    with connection.cursor() as cur:
        counts = vocab_lookup(cur, query.split())
    out = []
    for w in query.split():
        table = counts.get(w) or {w: 1}
        out.append(max(table, key=lambda f: (table[f], f)))
    return " ".join(out)


def run(queries: list[tuple[str, str, str]]) -> dict[str, dict[str, list[int]]]:
    from doingoai.store.models import Article
    from doingoai.store.search import search

    bodies = dict(Article.objects.values_list("id", "body"))
    scores: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for kind, query, meant in queries:
        hits = search(query, limit=5).hits
        scores["search()"][kind].append(int(any(holds(bodies[h.article_id], meant) for h in hits)))
        alone = per_syllable_reading(query)
        hits = search(f'"{alone}"', limit=5).hits
        scores["each syllable alone"][kind].append(
            int(any(holds(bodies[h.article_id], meant) for h in hits))
        )
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("test", "dev", "both"), default="test")
    parser.add_argument("--queries", type=int, default=300, help="queries of each kind")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="doingoai-bench-unaccented-"))
    os.environ["DOINGOAI_DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    from doingoai.project import setup

    setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    docs = load()
    t0 = time.perf_counter()
    build(docs)
    print(
        f"unaccented queries: {len(docs):,} VNTC texts indexed in {time.perf_counter() - t0:.1f} s"
    )
    halves = ("dev", "test") if args.half == "both" else (args.half,)
    for which in halves:
        queries = make_queries(docs, which, args.queries)
        scores = run(queries)
        print(f"\n{which} half: {len(queries)} queries")
        print(f"  {'policy':<22} {'two syllables':>14} {'one syllable':>14} {'all':>8}")
        for policy, by_kind in scores.items():
            two, one = by_kind["two syllables"], by_kind["one syllable"]
            every = two + one
            print(
                f"  {policy:<22} {sum(two) / max(1, len(two)):>14.3f} "
                f"{sum(one) / max(1, len(one)):>14.3f} {sum(every) / max(1, len(every)):>8.3f}"
            )
        if os.environ.get("BENCH_SHOW_MISSES"):
            from doingoai.store.search import search

            for kind, query, meant in queries:
                res = search(query, limit=5)
                print(
                    f"    {kind}: {query!r} meant {meant!r} read {res.query_info.interpreted_as!r}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
