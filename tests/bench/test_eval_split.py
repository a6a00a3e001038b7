"""The development / test split of the shared evaluation sets is fixed: the same
pages fall in the same half on every machine and in every run, and no page is
in both."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from evalsplit import half, set_files, split

# set -> (pages, development half, test half), counted when the split was fixed
SIZES = {
    "scrapinghub": (181, 102, 79),
    "fundus": (145, 79, 66),
    "trafilatura-eval": (110, 56, 54),
    "vn-news": (4, 2, 2),
}
# a few pages of each half, by name
KNOWN = {
    "dev": [
        "html/042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856.html.gz",
        "at/DerStandard_2024_05_03.html.gz",
        "cache/adac.de.kindersitze.html.gz",
        "html/nld_article.html",
        "html/vnexpress_article.html",
    ],
    "test": [
        "html/08f793762792bd252c75fb57544cdf506ffcc04785136cb87503f02364b82b56.html.gz",
        "at/ORF_2024_11_22.html.gz",
        "cache/basicthinking.de.tweets.html.gz",
        "html/dantri_article.html",
        "html/tuoitre_article.html",
    ],
}


@pytest.fixture(scope="module")
def files(shared_data: Path) -> dict[str, list[str]]:
    return set_files(shared_data / "extraction")


@pytest.mark.parametrize("name", list(SIZES))
def test_each_set_splits_into_fixed_halves(files: dict[str, list[str]], name: str) -> None:
    halves = split(files[name])
    assert (len(files[name]), len(halves["dev"]), len(halves["test"])) == SIZES[name]
    assert not set(halves["dev"]) & set(halves["test"])
    assert sorted(halves["dev"] + halves["test"]) == sorted(files[name])


@pytest.mark.parametrize(("which", "name"), [(w, n) for w, names in KNOWN.items() for n in names])
def test_known_pages_stay_in_their_half(files: dict[str, list[str]], which: str, name: str) -> None:
    assert any(name in names for names in files.values())
    assert half(name) == which


def test_the_half_depends_on_the_file_name_alone() -> None:
    name = "cache/basicthinking.de.tweets.html.gz"
    assert half(name) == half("basicthinking.de.tweets.html.gz") == half(f"/elsewhere/{name}")
    # a page and its plain-text scrape are one page: same half
    assert half("html/tuoitre_article.html") == half("text/tuoitre_article.txt") == "test"
    assert half("html/nld_article.html") == half("text/nld_article.txt") == "dev"
    assert half("a") in ("dev", "test")
    # both halves occur among similar names: not all in one
    assert {half(f"page-{i}.html") for i in range(20)} == {"dev", "test"}
