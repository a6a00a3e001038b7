"""The fixed development / test split of the shared evaluation sets.

Every page of an evaluation set (scrapinghub, fundus, trafilatura-eval,
vn-news) falls in one half by its file name alone: the last byte of the
SHA-256 of the name (without its folder and without the suffixes .gz, .html,
.htm, .txt, so that a page and its plain-text scrape stay together) even puts
it in the development half, odd in the test half. The split needs no list to
keep, does not move when pages are added, and cannot be chosen by looking at
the pages.

Rules are tuned on the development half only; docs/benchmarks.md reports the
test half, and the whole set apart for comparison with published figures.

Run: .venv/bin/python bench/evalsplit.py  (prints the size of each half)
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

Half = Literal["dev", "test"]
HALVES: tuple[Half, Half] = ("dev", "test")
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "extraction"


_SUFFIXES = (".gz", ".html", ".htm", ".txt")


def page_key(name: str) -> str:
    """The part of a file name the split hashes: "html/nld_article.html" → "nld_article"."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    while base.lower().endswith(_SUFFIXES):
        base = base[: base.rindex(".")]
    return base


def half(name: str) -> Half:
    """The half of the evaluation set that the file ``name`` belongs to."""
    digest = hashlib.sha256(page_key(name).encode("utf-8")).digest()
    return "test" if digest[-1] % 2 else "dev"


def split(names: Iterable[str]) -> dict[Half, list[str]]:
    """``names`` in their halves, in the order given."""
    out: dict[Half, list[str]] = {"dev": [], "test": []}
    for name in names:
        out[half(name)].append(name)
    return out


def set_files(data: Path = DATA) -> dict[str, list[str]]:
    """The page files of each evaluation set (names relative to the set's folder)."""
    base = data
    return {
        "scrapinghub": sorted(
            p.relative_to(base / "scrapinghub").as_posix()
            for p in (base / "scrapinghub" / "html").glob("*.html.gz")
        ),
        "fundus": sorted(
            p.relative_to(base / "fundus").as_posix() for p in (base / "fundus").glob("*/*.html.gz")
        ),
        "trafilatura-eval": sorted(
            p.relative_to(base / "trafilatura-eval").as_posix()
            for p in (base / "trafilatura-eval" / "cache").glob("*.gz")
        ),
        "vn-news": sorted(
            p.relative_to(base / "vn-news").as_posix()
            for p in (base / "vn-news" / "html").glob("*_article.html")
        ),
    }


def main() -> int:
    print("| set | pages | development | test |")
    print("|---|---:|---:|---:|")
    for name, files in set_files().items():
        halves = split(files)
        print(f"| {name} | {len(files)} | {len(halves['dev'])} | {len(halves['test'])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
