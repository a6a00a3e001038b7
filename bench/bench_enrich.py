"""Enrichment benchmark: language identification, topics, named entities, MinHash.

    .venv/bin/python bench/bench_enrich.py [--quick]

Reads ../shared/data. Each figure is printed beside what a user would
otherwise pick, measured in the same run: py3langid on all its languages,
multinomial naive Bayes on the same features, underthesea's CRF tagger
as it comes, and exact Jaccard over all pairs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from doingoai.enrich import dedupe, entities, langid, topics  # noqa: E402
from tests.enrich.test_entities import gold_sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "data"

# fundus folders → language (ISO 639-1); a few publishers write in another language.
FUNDUS_LANG = {
    "at": "de", "ch": "de", "de": "de", "il": "de", "it": "it", "be": "nl", "cn": "zh",
    "cz": "cs", "dk": "da", "gl": "da", "id": "id", "us": "en", "au": "en", "vn": "vi",
}  # fmt: skip
FUNDUS_PUBLISHER_LANG = {"Tageszeitung": "de", "PoliticoEu": "en"}


def _jsonl(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def langid_sample(quick: bool) -> list[tuple[str, str, str]]:
    """``(language, source, text)``: short and long texts in several languages."""
    step = 3 if quick else 1
    items: list[tuple[str, str, str]] = []
    vntc = _jsonl(DATA / "topics" / "vntc_test_dev.jsonl")
    for r in vntc[:: 7 * step]:
        title = r["text"].split("\n", 1)[0][:150]
        items.append(("vi", "VNTC headline", title))
        items.append(("vi", "VNTC headline, 3 words", " ".join(title.split()[:3])))
    conllu = DATA / "lexicon" / "ud-vietnamese-vtb" / "vi_vtb-ud-test.conllu"
    sents = [
        ln.split("=", 1)[1].strip()
        for ln in conllu.read_text("utf-8").splitlines()
        if ln.startswith("# text")
    ]
    items += [("vi", "UD-VTB sentence", s) for s in sents[:: 4 * step]]
    english = (DATA / "translation" / "iwslt15" / "tst2012.en").read_text("utf-8").splitlines()
    items += [("en", "IWSLT sentence", s) for s in english[:: 5 * step]]
    de_count = 0
    for path in sorted((DATA / "extraction" / "fundus").glob("*/*.json")):
        lang = FUNDUS_PUBLISHER_LANG.get(path.stem, FUNDUS_LANG[path.parent.name])
        for _key, page in sorted(json.loads(path.read_text("utf-8")).items()):
            if lang == "de":  # German is most of fundus: keep a share
                de_count += 1
                if de_count % (3 * step):
                    continue
            paras = [
                p for s in page.get("body", {}).get("sections", []) for p in s.get("paragraphs", [])
            ]
            if page.get("title"):
                items.append((lang, "fundus title", page["title"]))
            items += [(lang, "fundus paragraph", p) for p in paras[:2]]
    cases = json.loads(
        (ROOT / "tests" / "enrich" / "data" / "langid_cases.json").read_text("utf-8")
    )
    items += [
        (lang, "names in foreign text", text) for lang, text in cases["cases"] if lang != "vi"
    ]
    return items


def bench_langid(quick: bool) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    items = langid_sample(quick)
    in_set = [x for x in items if x[0] in langid.DEFAULT_LANGUAGES]
    print(
        f"\n## Language identification: {len(items)} texts, {len(in_set)} in the default languages"
    )
    langid.identify("warm up")
    full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    restricted = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    restricted.set_languages(list(langid.DEFAULT_LANGUAGES))
    systems = {
        "doingoai langid": lambda t: langid.identify(t)[0],
        "py3langid, restricted": lambda t: restricted.classify(t)[0],
        "py3langid, all 97 languages": lambda t: full.classify(t)[0],
    }
    sources = sorted({s for _, s, _ in in_set})
    header = f"{'system':30} {'accuracy':>9} {'texts/s':>9}  " + "  ".join(
        f"{s[:22]:>22}" for s in sources
    )
    print(header)
    for name, fn in systems.items():
        start = time.perf_counter()
        pred = [fn(text) for _, _, text in in_set]
        elapsed = time.perf_counter() - start
        ok = [p == lang for p, (lang, _, _) in zip(pred, in_set, strict=True)]
        by_source = []
        for source in sources:
            hits = [o for o, (_, s, _) in zip(ok, in_set, strict=True) if s == source]
            by_source.append(f"{sum(hits):>4}/{len(hits):<4} {sum(hits) / len(hits):6.3f}"[-22:])
        print(
            f"{name:30} {sum(ok) / len(ok):9.4f} {len(in_set) / elapsed:9.0f}  "
            + "  ".join(f"{b:>22}" for b in by_source)
        )
    out = [x for x in items if x[0] not in langid.DEFAULT_LANGUAGES]
    if out:
        got = Counter(langid.identify(t)[0] for _, _, t in out)
        print(
            f"outside the default languages ({', '.join(sorted({x[0] for x in out}))}): {len(out)} texts, answered {dict(got)}"
        )


def _nb_baseline(train: list[tuple[str, str]], test: list[tuple[str, str]]) -> tuple[float, float]:
    """Multinomial naive Bayes (alpha 0.05) on the same syllable features: accuracy, seconds/doc."""
    import math

    labels = sorted({label for _, label in train})
    counts: dict[str, Counter[str]] = {label: Counter() for label in labels}
    for text, label in train:
        counts[label].update(topics.features(text))
    vocab = set().union(*counts.values())
    totals = {label: sum(c.values()) for label, c in counts.items()}
    start = time.perf_counter()
    hits = 0
    for text, label in test:
        feats = [f for f in topics.features(text) if f in vocab]
        best = max(
            labels,
            key=lambda lab: sum(
                math.log((counts[lab][f] + 0.05) / (totals[lab] + 0.05 * len(vocab))) for f in feats
            ),
        )
        hits += best == label
    return hits / len(test), (time.perf_counter() - start) / len(test)


def bench_topics(quick: bool) -> None:
    from doingoai.enrich.train_topics import evaluate

    test = [(r["text"], r["label"]) for r in _jsonl(DATA / "topics" / "vntc_test_dev.jsonl")]
    train = [(r["text"], r["label"]) for r in _jsonl(DATA / "topics" / "vntc_train_subset.jsonl")]
    if quick:
        test = test[::5]
    print(f"\n## Topics: VNTC, trained on {len(train)} documents, tested on {len(test)}")
    start = time.perf_counter()
    model = topics.load_model()
    load = time.perf_counter() - start
    start = time.perf_counter()
    metrics = evaluate(model, test)
    per_doc = (time.perf_counter() - start) / len(test)
    size = topics.MODEL_PATH.stat().st_size / 1e6
    print(
        f"doingoai topics (logistic regression, shipped JSON {size:.1f} MB, loads in {load:.2f} s): "
        f"accuracy {metrics['accuracy']:.4f}, macro-F1 {metrics['macro_f1']:.4f}, {1 / per_doc:.0f} docs/s"
    )
    print("  per-label F1: " + ", ".join(f"{k} {v:.3f}" for k, v in metrics["f1"].items()))
    nb_acc, nb_per_doc = _nb_baseline(train, test)
    print(
        f"multinomial naive Bayes, same features: accuracy {nb_acc:.4f}, {1 / nb_per_doc:.0f} docs/s"
    )


def bench_entities(quick: bool) -> None:
    gold = gold_sentences(DATA)
    print(
        f"\n## Named entities: {len(gold)} hand-annotated sentences "
        f"({sum(g[0] == 'heldout' for g in gold)} held out), "
        f"{sum(len(g[2]) for g in gold)} entities"
    )
    start = time.perf_counter()
    entities.underthesea_available()
    print(f"underthesea import: {time.perf_counter() - start:.2f} s")
    print(f"{'method':12} {'split':8} {'P':>6} {'R':>6} {'F1':>6} {'F1 overlap':>10} {'sent/s':>7}")
    for method in ("combined", "rules", "underthesea"):
        for split in ("dev", "heldout", "all"):
            part = [g for g in gold if split in ("all", g[0])]
            tp = fp = fn = hit_gold = hit_found = 0
            start = time.perf_counter()
            for _, text, spans in part:
                found = {
                    (e.start, e.end, e.kind) for e in entities.find_entities(text, method=method)
                }
                tp += len(found & spans)
                fp += len(found - spans)
                fn += len(spans - found)
                hit_gold += sum(
                    any(a < d and c < b and k == m for c, d, m in found) for a, b, k in spans
                )
                hit_found += sum(
                    any(a < d and c < b and k == m for a, b, k in spans) for c, d, m in found
                )
            elapsed = time.perf_counter() - start
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn)
            f = 2 * p * r / (p + r) if p + r else 0.0
            lp = hit_found / (tp + fp) if tp + fp else 0.0
            lr = hit_gold / (tp + fn)
            lf = 2 * lp * lr / (lp + lr) if lp + lr else 0.0
            print(
                f"{method:12} {split:8} {p:6.3f} {r:6.3f} {f:6.3f} {lf:10.3f} {len(part) / elapsed:7.0f}"
            )
    seed = (DATA / "seed" / "000_e22b331b8597d28b.txt").read_text("utf-8")
    text = "\n".join(seed.split("\n")[:16]) * (1 if quick else 5)
    for method in ("combined", "rules"):
        start = time.perf_counter()
        entities.find_entities(text, method=method)
        print(
            f"{method}: {len(text) / (time.perf_counter() - start) / 1000:.1f} k characters/s on the seed story"
        )


def bench_dedupe(quick: bool) -> None:
    rows = _jsonl(DATA / "topics" / "vntc_train_subset.jsonl") + _jsonl(
        DATA / "topics" / "vntc_test_dev.jsonl"
    )
    if quick:
        rows = rows[::2]
    texts = [r["text"] for r in rows]
    print(f"\n## Duplicates: {len(texts)} VNTC documents (train subset + test dev)")
    start = time.perf_counter()
    fps = [dedupe.fingerprint(t) for t in texts]
    print(
        f"fingerprint: {len(texts) / (time.perf_counter() - start):.0f} docs/s, "
        f"{len(texts) - len(set(fps))} exact duplicates"
    )
    start = time.perf_counter()
    sigs = [dedupe.minhash_signature(t) for t in texts]
    elapsed = time.perf_counter() - start
    print(
        f"MinHash ({dedupe.NUM_PERM} permutations, word {dedupe.SHINGLE_WORDS}-grams): {len(texts) / elapsed:.0f} docs/s"
    )
    buckets: dict[str, list[int]] = defaultdict(list)
    for i, sig in enumerate(sigs):
        for key in dedupe.lsh_band_keys(sig):
            buckets[key].append(i)
    candidates = {pair for ids in buckets.values() for pair in itertools.combinations(ids, 2)}
    found = {(a, b) for a, b in candidates if dedupe.is_near_duplicate(sigs[a], sigs[b])}
    # exact Jaccard over every pair sharing a shingle: the truth the LSH is judged against
    start = time.perf_counter()
    shingles = [dedupe.shingles(t) for t in texts]
    index: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(shingles):
        for sh in s:
            index[sh].append(i)
    shared: Counter[tuple[int, int]] = Counter()
    for ids in index.values():
        if len(ids) <= 50:
            shared.update(itertools.combinations(ids, 2))
    jaccard = {p: n / (len(shingles[p[0]]) + len(shingles[p[1]]) - n) for p, n in shared.items()}
    exact_time = time.perf_counter() - start
    truth = {p for p, j in jaccard.items() if j >= dedupe.NEAR_DUPLICATE_THRESHOLD}
    print(
        f"LSH ({dedupe.NUM_BANDS} bands): {len(candidates)} candidate pairs, {len(found)} near-duplicate pairs; "
        f"exact Jaccard ≥ {dedupe.NEAR_DUPLICATE_THRESHOLD}: {len(truth)} pairs "
        f"(all-pairs exact computation {exact_time:.1f} s)"
    )
    print(
        f"  precision {len(found & truth) / max(len(found), 1):.3f}, recall {len(found & truth) / max(len(truth), 1):.3f}"
    )
    below = sorted((j for p, j in jaccard.items() if p not in truth), reverse=True)[:1]
    print(f"  highest Jaccard among different stories: {below[0] if below else 0:.3f}")
    for a, b in sorted(found):
        print(
            f"  {rows[a]['id']} ~ {rows[b]['id']}: estimated {dedupe.estimate_jaccard(sigs[a], sigs[b]):.2f}, "
            f"exact {jaccard.get((a, b), 0):.2f}  | {texts[a][:50]!r}"
        )
    if not quick:
        print(
            "  shingle choice (exact Jaccard over the pairs sharing a 5-gram: lowest of the republished pairs / highest of the rest):"
        )
        for name, size in (("word 3-grams", 3), ("word 5-grams", 5)):
            sets = [dedupe.shingles(t, size) for t in texts]
            js = {p: len(sets[p[0]] & sets[p[1]]) / len(sets[p[0]] | sets[p[1]]) for p in jaccard}
            dup = [js[p] for p in truth]
            rest = sorted((j for p, j in js.items() if p not in truth), reverse=True)
            print(f"    {name}: {min(dup):.3f} / {rest[0] if rest else 0:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run on part of the data")
    args = parser.parse_args()
    print("# doingoai enrichment benchmark" + (" (quick)" if args.quick else ""))
    bench_dedupe(args.quick)
    bench_langid(args.quick)
    bench_topics(args.quick)
    bench_entities(args.quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
