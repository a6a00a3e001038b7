"""Machine-translation engines: what batching saves, and what the engine layer costs.

Input: the Vietnamese side of IWSLT'15 tst2012 (TED talks, 1,553 sentences,
../shared/data/translation/iwslt15).

1. CTranslate2 on a tiny model built here (one layer, 16 dimensions; see
   doingoai.translate.engines.tiny): the engine with its batches against one
   segment per call — what a caller looping over segments gets. The tiny model
   makes the figures show the cost around the model (SentencePiece, batching,
   answer checks, padding), not the speed of a real OPUS-MT model.
2. LibreTranslate over httpx.MockTransport (a server answering at once): the
   number of requests and the time spent in the engine per segment, batched
   against one request per segment. A real server adds a round trip and a
   model call per request.

Usage: .venv/bin/python bench/bench_engines.py [--quick]
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from doingoai.translate.engines import (
    CTranslate2Engine,
    Engine,
    LibreTranslateEngine,
    translate_batch_safely,
)
from doingoai.translate.engines.tiny import build_tiny_model

ROOT = Path(__file__).resolve().parents[1]
IWSLT = ROOT.parent / "shared" / "data" / "translation" / "iwslt15" / "tst2012.vi"


def sentences(limit: int | None) -> list[str]:
    lines = [line.strip() for line in IWSLT.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    return lines[:limit] if limit else lines


def timed(engine: Engine, texts: list[str], repeat: int) -> tuple[float, int]:
    """Median seconds of ``repeat`` translations of ``texts`` through
    translate_batch_safely (as pre-translation calls it), and how many
    segments got no translation (the tiny model sometimes stops at once: an
    empty answer, refused by the answer checks)."""
    runs = []
    missing = 0
    for _ in range(repeat):
        started = time.perf_counter()
        out, _ = translate_batch_safely(engine, texts, source_lang="vi", target_lang="en")
        runs.append(time.perf_counter() - started)
        missing = sum(1 for o in out if o is None)
    return statistics.median(runs), missing


def bench_ct2(texts: list[str], repeat: int) -> None:
    print(f"\nCTranslate2, tiny model, {len(texts)} sentences, greedy, 1 thread")
    print(f"{'variant':44} {'seconds':>8} {'segments/s':>11} {'refused':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        model = build_tiny_model(Path(tmp) / "tiny")
        variants = [
            ("engine, batches of 32, int8", {"compute_type": "int8"}),
            ("engine, batches of 32, float32", {"compute_type": "float32"}),
            ("one segment per call, int8", {"compute_type": "int8", "max_segments": 1}),
        ]
        for label, options in variants:
            engine = CTranslate2Engine(
                model_dir=model,
                beam_size=1,
                intra_threads=1,
                **options,  # type: ignore[arg-type]
            )
            engine.load()
            seconds, missing = timed(engine, texts, repeat)
            print(f"{label:44} {seconds:8.2f} {len(texts) / seconds:11.0f} {missing:8d}")


def bench_libretranslate(texts: list[str], repeat: int) -> None:
    requests = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal requests
        if request.url.path != "/translate":
            return httpx.Response(404)  # the languages look-up: the pair is not refused
        requests += 1
        body = json.loads(request.content)
        return httpx.Response(200, json={"translatedText": [f"EN {q}" for q in body["q"]]})

    print(f"\nLibreTranslate over MockTransport, {len(texts)} sentences")
    print(f"{'variant':44} {'requests':>8} {'ms/segment':>11}")
    for label, options in [
        ("engine, batches of 25 / 5000 characters", {}),
        ("one segment per request", {"max_segments": 1}),
    ]:
        engine = LibreTranslateEngine(
            url="http://mt.test:5000",
            transport=httpx.MockTransport(handler),
            **options,  # type: ignore[arg-type]
        )
        requests = 0
        seconds, _ = timed(engine, texts, repeat)
        print(f"{label:44} {requests // repeat:8d} {1000 * seconds / len(texts):11.3f}")


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    texts = sentences(200 if quick else None)
    repeat = 1 if quick else 3
    bench_ct2(texts, repeat)
    bench_libretranslate(texts, repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
