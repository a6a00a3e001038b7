"""Plain-text scrape extraction: accuracy on the seed page, behaviour and speed on VNTC.

Compared, in the same run, with what a user would otherwise do with a text
scrape: take the first line as the title and everything else as the body.

Usage: .venv/bin/python bench/bench_plaintext.py [--quick]
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from doingoai.extract.plaintext import extract_text  # noqa: E402
from doingoai.text import normalize  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SEED = DATA / "seed" / "000_e22b331b8597d28b.txt"
# The article body of the seed page as the issue defines it: the lead and the
# three paragraphs after it, found by how they begin.
SEED_BODY_STARTS = (
    "Ngày 2.6, Sở Thông tin và Truyền thông",
    "Tại Hội nghị, đại diện Sở TT Hà Nội",
    "Tuy nhiên, bên cạnh những kết quả",
    "Phát biểu kết luận Hội nghị",
)


def naive(text: str) -> tuple[str, str]:
    """Title = first line; body = every other non-empty line."""
    lines = [normalize(x).strip() for x in text.splitlines() if x.strip()]
    return (lines[0], "\n\n".join(lines[1:])) if lines else ("", "")


def tokens(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.casefold()))


def prf(got: str, want: str) -> tuple[float, float, float]:
    g, w = tokens(got), tokens(want)
    common = sum((g & w).values())
    p = common / max(1, sum(g.values()))
    r = common / max(1, sum(w.values()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def seed_figures() -> None:
    text = SEED.read_text("utf-8")
    lines = [normalize(x).strip() for x in text.splitlines()]
    want = "\n\n".join(next(x for x in lines if x.startswith(s)) for s in SEED_BODY_STARTS)
    article = extract_text(text)
    _, naive_body = naive(text)
    print("seed page: body tokens against the issue's definition")
    print(f"  {'method':<28}{'precision':>10}{'recall':>10}{'F1':>10}")
    for name, body in (("doingoai extract_text", article.text), ("first line + rest", naive_body)):
        p, r, f = prf(body, want)
        print(f"  {name:<28}{p:>10.3f}{r:>10.3f}{f:>10.3f}")
    print(
        f"  fields: related={len(article.related)} (19 expected), authors={article.authors}, "
        f"captions={len(article.captions)}, published_at={article.published_at}"
    )


def vntc_figures(quick: bool) -> None:
    docs: list[str] = []
    for name in ("vntc_train_subset.jsonl", "vntc_test_dev.jsonl"):
        with (DATA / "topics" / name).open(encoding="utf-8") as fh:
            docs.extend(json.loads(line)["text"] for line in fh)
    if quick:
        docs = docs[:500]
    size = sum(len(d.encode()) for d in docs)
    # link lists ("Headline(10/03/2004)") are navigation, not body text
    dated = re.compile(r"\S\(\d{1,2}/\d{1,2}/\d{4}\)$", re.M)
    runs = []
    for name, fn in (
        ("doingoai extract_text", lambda d: extract_text(d).text),
        ("first line + rest", lambda d: naive(d)[1]),
    ):
        started = time.perf_counter()
        bodies = [fn(d) for d in docs]
        elapsed = time.perf_counter() - started
        leaked = sum(1 for b in bodies if dated.search(b))
        runs.append((name, len(docs) / elapsed, size / elapsed / 1e6, leaked))
    with_links = sum(1 for d in docs if dated.search(d))
    print(
        f"\nVNTC: {len(docs)} documents, {size / 1e6:.1f} MB; {with_links} end in a dated link list"
    )
    print(f"  {'method':<28}{'docs/s':>10}{'MB/s':>8}{'bodies with link lists':>24}")
    for name, dps, mbps, leaked in runs:
        print(f"  {name:<28}{dps:>10.0f}{mbps:>8.2f}{leaked:>24}")


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    print("machine: 2 cores, Python", sys.version.split()[0])
    seed_figures()
    vntc_figures(quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
