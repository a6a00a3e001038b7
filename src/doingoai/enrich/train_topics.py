"""Build the topic model file from the VNTC subset, reproducibly.

    python -m doingoai.enrich.train_topics --out src/doingoai/data/topics.json

reads ``../shared/data/topics/vntc_train_subset.jsonl`` (training) and
``vntc_test_dev.jsonl`` (evaluation, recorded in the file's ``info``) from
the repository's parent folder; ``--train``/``--test`` name other files.
The same input gives the same file byte for byte: the vocabulary is sorted,
ties are broken by name, the solver (L-BFGS, started from zero) has no
randomness and weights are rounded to four decimals.

Training uses scikit-learn's logistic regression (installed with pyvi); the
package itself only needs numpy to use the result.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from doingoai.enrich.topics import TopicModel, features
from doingoai.errors import ConfigError, InputError

__all__ = ["evaluate", "main", "read_corpus", "train"]

SHARED_TOPICS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "topics"
DEFAULT_TRAIN = SHARED_TOPICS / "vntc_train_subset.jsonl"
DEFAULT_TEST = SHARED_TOPICS / "vntc_test_dev.jsonl"
#: Features kept: the most frequent (by document frequency) seen in ≥ MIN_DF documents.
MAX_FEATURES = 20_000
MIN_DF = 2
#: Inverse regularisation strength of the logistic regression.
C = 30.0


def read_corpus(path: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """``(text, label)`` pairs of a JSON Lines file with "text" and "label" keys."""
    pairs: list[tuple[str, str]] = []
    try:
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    pairs.append((str(row["text"]), str(row["label"])))
                except (ValueError, KeyError, TypeError) as err:
                    raise InputError(
                        f"line {number} is not a JSON object with text and label", source=str(path)
                    ) from err
                if limit is not None and len(pairs) >= limit:
                    break
    except OSError as err:
        raise InputError(f"cannot read the corpus ({err.strerror})", source=str(path)) from err
    if not pairs:
        raise InputError("the corpus is empty", source=str(path))
    return pairs


def _vectorise(
    docs: Sequence[list[str]], index: dict[str, int], idf: np.ndarray
) -> tuple[list[int], list[int], list[float]]:
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for i, feats in enumerate(docs):
        counts = Counter(index[f] for f in feats if f in index)
        if not counts:
            continue
        js = sorted(counts)
        v = np.array([1.0 + math.log(counts[j]) for j in js]) * idf[js]
        v /= np.linalg.norm(v)
        rows.extend([i] * len(js))
        cols.extend(js)
        values.extend(v.tolist())
    return rows, cols, values


def train(
    corpus: Sequence[tuple[str, str]],
    *,
    max_features: int = MAX_FEATURES,
    min_df: int = MIN_DF,
    c: float = C,
) -> TopicModel:
    """Fit the topic model on ``(text, label)`` pairs."""
    try:
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression
    except ImportError as err:  # pragma: no cover - scikit-learn comes with pyvi
        raise ConfigError("training the topic model needs scikit-learn") from err

    labels = tuple(sorted({label for _, label in corpus}))
    if len(labels) < 2:
        raise InputError("the training corpus needs at least two labels")
    docs = [features(text) for text, _ in corpus]
    df = Counter(f for feats in docs for f in set(feats))
    kept = sorted((f for f, n in df.items() if n >= min_df), key=lambda f: (-df[f], f))
    vocabulary = tuple(sorted(kept[:max_features]))
    if not vocabulary:
        raise InputError(f"no feature occurs in {min_df} or more training documents")
    index = {f: i for i, f in enumerate(vocabulary)}
    n = len(docs)
    idf = np.log((1.0 + n) / (1.0 + np.array([df[f] for f in vocabulary], dtype=float))) + 1.0
    # The shipped model is what gets evaluated: round IDF as the file will.
    idf = np.round(idf, 4)
    rows, cols, values = _vectorise(docs, index, idf)
    x = csr_matrix((values, (rows, cols)), shape=(n, len(vocabulary)))
    y = np.array([labels.index(label) for _, label in corpus])
    clf = LogisticRegression(C=c, max_iter=1000)
    clf.fit(x, y)
    weights = np.round(clf.coef_.T, 4)
    intercepts = np.round(clf.intercept_, 4)
    if len(labels) == 2:  # binary: scikit-learn keeps one column; make it a softmax pair
        weights = np.hstack([-weights / 2, weights / 2])
        intercepts = np.array([-intercepts[0] / 2, intercepts[0] / 2])
    info: dict[str, Any] = {
        "features": "match_form syllable unigrams and bigrams within punctuation; sublinear TF-IDF, L2",
        "classifier": f"multinomial logistic regression, L2, C={c}",
        "max_features": max_features,
        "min_df": min_df,
        "training_documents": n,
    }
    return TopicModel(labels, vocabulary, idf, weights, intercepts, info)


def evaluate(model: TopicModel, corpus: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Accuracy, macro-F1 and per-label F1 of ``model`` on ``(text, label)`` pairs."""
    gold = [label for _, label in corpus]
    pred = [model.classify(text)[0] for text, _ in corpus]
    per_label: dict[str, float] = {}
    for label in sorted(set(gold) | set(pred)):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == p == label)
        n_pred = pred.count(label)
        n_gold = gold.count(label)
        per_label[label] = round(2 * tp / (n_pred + n_gold), 4) if n_pred + n_gold else 0.0
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    return {
        "documents": len(gold),
        "accuracy": round(accuracy, 4),
        "macro_f1": round(sum(per_label.values()) / len(per_label), 4),
        "f1": per_label,
    }


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m doingoai.enrich.train_topics", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--out", type=Path, required=True, help="model file to write (JSON)")
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN, help="training JSON Lines")
    parser.add_argument(
        "--test", type=Path, default=DEFAULT_TEST, help="evaluation JSON Lines ('' to skip)"
    )
    parser.add_argument("--limit", type=int, default=None, help="use the first N training docs")
    parser.add_argument("--max-features", type=int, default=MAX_FEATURES)
    parser.add_argument("--min-df", type=int, default=MIN_DF)
    parser.add_argument("-C", type=float, default=C, help="inverse regularisation strength")
    args = parser.parse_args(argv)
    try:
        corpus = read_corpus(args.train, args.limit)
        model = train(corpus, max_features=args.max_features, min_df=args.min_df, c=args.C)
        model.info["training_file"] = args.train.name
        model.info["training_sha256"] = _sha256(args.train)
        if str(args.test) not in ("", "."):
            metrics = evaluate(model, read_corpus(args.test))
            model.info["evaluation"] = {"file": args.test.name, **metrics}
            print(
                f"{args.test.name}: accuracy {metrics['accuracy']:.4f}, "
                f"macro-F1 {metrics['macro_f1']:.4f} on {metrics['documents']} documents",
                file=sys.stderr,
            )
        text = json.dumps(model.to_dict(), ensure_ascii=False, separators=(",", ":"))
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    except (InputError, ConfigError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    size = args.out.stat().st_size
    print(
        f"{args.out}: {len(model.labels)} labels, {len(model.vocabulary)} features, "
        f"{size / 1e6:.1f} MB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
