"""Benchmark of doingoai.text: legacy encodings and word segmentation.

Usage (from the repository root): .venv/bin/python bench/bench_text.py [--quick]

1. Round-trip of every character in the encoding tables, alone and in text.
2. Detection on a mixed sample: the sentences of UD Vietnamese-VTB dev, each
   as clean UTF-8, TCVN3, VNI, VISCII, CP1258, VIQR and UTF-8 mojibake bytes.
   doingoai's decode_bytes against charset_normalizer (what a user would
   otherwise pick), scored on whether the decoded text is the original.
3. Word segmentation on UD Vietnamese-VTB test: word-boundary F1 and speed for
   underthesea and pyvi, against splitting on spaces.
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UD = ROOT.parent / "shared" / "data" / "lexicon" / "ud-vietnamese-vtb"
sys.path.insert(0, str(ROOT / "src"))

from doingoai.text import LEGACY_ENCODINGS, decode_bytes, decode_legacy, encode_legacy  # noqa: E402
from doingoai.text._legacy import mojibake  # noqa: E402
from doingoai.text._tables import TABLES  # noqa: E402
from doingoai.text.segment import SEGMENTERS, segment_words  # noqa: E402


def read_conllu(path: Path) -> list[tuple[str, list[str]]]:
    """(sentence text, gold words) pairs; UD-VTB writes bracket tokens as LBKT/RBKT."""
    sentences: list[tuple[str, list[str]]] = []
    text = ""
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text"):
            text = line.split("=", 1)[1].strip()
        elif line and not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():
                words.append(cols[1])
        elif not line and words:
            sentences.append((text, words))
            words = []
    if words:
        sentences.append((text, words))
    return sentences


# --- 1. round trip -----------------------------------------------------------


def bench_round_trip(sentences: list[str]) -> None:
    print("\n## Encodings: round trip")
    print(f"{'encoding':10} {'table chars':>12} {'exact':>6} {'sentences':>10} {'exact':>7}")
    for encoding in LEGACY_ENCODINGS:
        chars = TABLES[encoding].split(" ")[::2]
        exact = 0
        for char in chars:
            back = decode_legacy(encode_legacy(f"và {char} và", encoding), encoding)
            expected = char
            if encoding == "tcvn3" and encode_legacy(char, encoding) == encode_legacy(
                char.lower(), encoding
            ):
                expected = char.lower()  # one byte for both cases in TCVN3
            exact += back == f"và {expected} và"
        ok = 0
        usable = 0
        for sentence in sentences:
            try:
                data = encode_legacy(sentence, encoding)
            except UnicodeEncodeError:
                continue
            usable += 1
            back = decode_legacy(data, encoding)
            ok += back == sentence or (encoding == "tcvn3" and back.lower() == sentence.lower())
        print(
            f"{encoding:10} {len(chars):12d} {exact / len(chars):6.1%} {usable:10d} {ok / max(usable, 1):7.1%}"
        )
    print("(TCVN3 sentences compared ignoring case: the encoding has one byte for Á and á)")


# --- 2. detection ------------------------------------------------------------


def make_sample(sentences: list[str]) -> list[tuple[str, bytes, str]]:
    """(label, bytes, original text) for every sentence in every form."""
    sample: list[tuple[str, bytes, str]] = []
    for sentence in sentences:
        sample.append(("utf-8", sentence.encode("utf-8"), sentence))
        sample.append(("mojibake", mojibake(sentence).encode("utf-8"), sentence))
        for encoding in LEGACY_ENCODINGS:
            try:
                sample.append((encoding, encode_legacy(sentence, encoding), sentence))
            except UnicodeEncodeError:
                continue
    return sample


def _same(decoded: str, original: str, label: str) -> bool:
    decoded = unicodedata.normalize("NFC", decoded)
    return decoded == original or (label == "tcvn3" and decoded.lower() == original.lower())


def _charset_normalizer() -> Callable[[bytes], str] | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None

    def guess(data: bytes) -> str:
        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", errors="replace")

    return guess


def _chardet() -> Callable[[bytes], str] | None:
    try:
        import chardet
    except ImportError:
        return None

    def guess(data: bytes) -> str:
        encoding = chardet.detect(data)["encoding"] or "utf-8"
        try:
            return data.decode(encoding, errors="replace")
        except LookupError:
            return data.decode("utf-8", errors="replace")

    return guess


def bench_detection(sentences: list[str]) -> None:
    sample = make_sample(sentences)
    print(
        f"\n## Encodings: detection on {len(sample)} samples ({len(sentences)} UD-VTB dev sentences × forms)"
    )
    contenders: dict[str, Callable[[bytes], str]] = {}
    confusion: Counter[tuple[str, str]] = Counter()

    def ours(data: bytes) -> str:
        return decode_bytes(data).text

    contenders["doingoai decode_bytes"] = ours
    for name, make in (("charset_normalizer", _charset_normalizer), ("chardet", _chardet)):
        guess = make()
        if guess is not None:
            contenders[name] = guess
    labels = sorted({label for label, _, _ in sample})
    header = f"{'decoder':24} {'text right':>10} {'per s':>8}  " + " ".join(
        f"{label:>8}" for label in labels
    )
    print(header)
    for name, decode in contenders.items():
        right: Counter[str] = Counter()
        total: Counter[str] = Counter()
        started = time.perf_counter()
        for label, data, original in sample:
            total[label] += 1
            right[label] += _same(decode(data), original, label)
        elapsed = time.perf_counter() - started
        overall = sum(right.values()) / len(sample)
        cells = " ".join(f"{right[label] / total[label]:8.1%}" for label in labels)
        print(f"{name:24} {overall:10.1%} {len(sample) / elapsed:8.0f}  {cells}")
    for label, data, _ in sample:
        decoded = decode_bytes(data)
        found = decoded.converted_from or decoded.detected
        confusion[(label, found)] += 1
    wrong = {pair: n for pair, n in confusion.items() if pair[0] != pair[1]}
    label_right = sum(n for (a, b), n in confusion.items() if a == b) / len(sample)
    print(
        f"doingoai label accuracy (converted_from or detected = the true form): {label_right:.1%}"
    )
    if wrong:
        print(
            "doingoai confusions (true → found: count):",
            ", ".join(f"{a}→{b}: {n}" for (a, b), n in sorted(wrong.items())),
        )


# --- 3. segmentation ---------------------------------------------------------


def _spans(words: list[str]) -> set[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    position = 0
    for word in words:
        length = len(word.replace(" ", ""))
        spans.add((position, position + length))
        position += length
    return spans


def f1(gold: list[list[str]], predicted: list[list[str]]) -> tuple[float, float, float]:
    """Word-level precision, recall, F1: a word counts when both its boundaries match
    (positions in the sentence with the spaces taken out)."""
    hits = n_gold = n_pred = 0
    for g, p in zip(gold, predicted, strict=True):
        gs, ps = _spans(g), _spans(p)
        if sum(len(w.replace(" ", "")) for w in g) != sum(len(w.replace(" ", "")) for w in p):
            ps = set()  # the segmenter changed the characters: count nothing right
        hits += len(gs & ps)
        n_gold += len(gs)
        n_pred += len(p)
    precision, recall = hits / n_pred, hits / n_gold
    return precision, recall, 2 * precision * recall / (precision + recall)


def bench_segmentation(sentences: list[tuple[str, list[str]]]) -> None:
    print(f"\n## Word segmentation on UD-VTB test ({len(sentences)} sentences)")
    gold = [[w.replace("_", " ") for w in words] for _, words in sentences]
    texts = [text for text, _ in sentences]
    print(f"{'segmenter':22} {'precision':>9} {'recall':>7} {'F1':>7} {'sent/s':>8} {'load s':>7}")
    p, r, score = f1(gold, [text.split() for text in texts])
    print(f"{'split on spaces':22} {p:9.4f} {r:7.4f} {score:7.4f} {'-':>8} {'-':>7}")
    for name in SEGMENTERS:
        started = time.perf_counter()
        segment_words("Khởi động", segmenter=name)
        load = time.perf_counter() - started
        started = time.perf_counter()
        predicted = [segment_words(text, segmenter=name) for text in texts]
        elapsed = time.perf_counter() - started
        p, r, score = f1(gold, predicted)
        print(f"{name:22} {p:9.4f} {r:7.4f} {score:7.4f} {len(texts) / elapsed:8.0f} {load:7.1f}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a short run on fewer sentences")
    args = parser.parse_args(argv)
    if not UD.is_dir():
        print(f"missing data: {UD}", file=sys.stderr)
        return 1
    dev = [text for text, _ in read_conllu(UD / "vi_vtb-ud-dev.conllu")]
    test = read_conllu(UD / "vi_vtb-ud-test.conllu")
    if args.quick:
        dev, test = dev[:100], test[:100]
    bench_round_trip(dev)
    bench_detection(dev)
    bench_segmentation(test)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
