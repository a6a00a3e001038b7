"""Language identification on real sentences and on hard short cases."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from doingoai.enrich import langid
from doingoai.errors import ConfigError

CASES = json.loads((Path(__file__).parent / "data" / "langid_cases.json").read_text("utf-8"))


@pytest.mark.parametrize(
    ("expected", "text"), CASES["cases"], ids=[c[1][:30] for c in CASES["cases"]]
)
def test_hand_written_cases(expected: str, text: str) -> None:
    language, probability = langid.identify(text)
    assert language == expected
    assert 0.0 < probability <= 1.0


def _vntc_titles(shared_data: Path, n: int) -> list[str]:
    with (shared_data / "topics" / "vntc_test_dev.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    return [r["text"].split("\n", 1)[0][:150] for r in rows[::15][:n]]


def _udvtb_sentences(shared_data: Path, n: int) -> list[str]:
    path = shared_data / "lexicon" / "ud-vietnamese-vtb" / "vi_vtb-ud-test.conllu"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("=", 1)[1].strip() for line in lines if line.startswith("# text")][:n]


def _iwslt_english(shared_data: Path, n: int) -> list[str]:
    path = shared_data / "translation" / "iwslt15" / "tst2012.en"
    return [s for s in path.read_text(encoding="utf-8").splitlines() if len(s) > 20][:n]


@pytest.mark.parametrize(
    ("source", "loader", "expected", "floor"),
    [
        ("VNTC headlines", _vntc_titles, "vi", 0.98),
        ("UD-VTB sentences", _udvtb_sentences, "vi", 0.99),
        ("IWSLT English sentences", _iwslt_english, "en", 0.97),
    ],
)
def test_accuracy_on_real_sentences(
    shared_data: Path,
    source: str,
    loader: Callable[[Path, int], list[str]],
    expected: str,
    floor: float,
) -> None:
    texts = loader(shared_data, 100)
    assert len(texts) == 100, source
    hits = sum(langid.identify(t)[0] == expected for t in texts)
    assert hits / len(texts) >= floor, f"{source}: {hits}/100"


def test_three_word_prefixes_of_vietnamese_headlines(shared_data: Path) -> None:
    prefixes = [" ".join(t.split()[:3]) for t in _vntc_titles(shared_data, 100)]
    hits = sum(langid.identify(t)[0] == "vi" for t in prefixes)
    assert hits >= 97


@pytest.mark.parametrize("text", ["", "   ", "12/10/2024 — 15:30", "…!!!"])
def test_text_without_letters_is_undetermined(text: str) -> None:
    assert langid.identify(text) == (langid.UNDETERMINED, 0.0)


def test_restricting_the_languages() -> None:
    text = "Vláda Petra Fialy schválila na dnešním jednání svou demisi."
    assert langid.identify(text, ["cs", "en", "vi"])[0] == "cs"
    assert langid.identify(text)[0] != "cs"  # Czech is not among the default languages
    assert langid.identify("Hello there, how are you today?", ["vi"]) == ("vi", 1.0)


def test_unknown_language_code_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="does not know xx"):
        langid.identify("Hello there, how are you today?", ["en", "xx"])
    with pytest.raises(ConfigError, match="at least one language"):
        langid.LanguageIdentifier([])


@pytest.mark.parametrize(
    ("text", "share", "marked"),
    [
        ("Hà Nội mở rộng phố đi bộ", 1.0, 5),
        ("Hà Nội có một hồ lớn", 3 / 4, 3),
        ("Nguyễn Phú Trọng met Đỗ Mười in Hà Nội", 0.0, 0),
        ("THỦ ĐÔ", 1.0, 2),
        ("Le lac est au cœur de Hanoï", 0.0, 0),
        ("", 0.0, 0),
    ],
)
def test_vietnamese_share(text: str, share: float, marked: int) -> None:
    assert langid.vietnamese_share(text) == (pytest.approx(share), marked)
