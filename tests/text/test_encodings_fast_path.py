"""The shortcut for text with nothing to repair gives what full detection gives.

``repair_text`` skips scoring the candidate repairs when there is none to
try (no mojibake pattern, no VIQR hint, no line that could be legacy bytes
shown as cp1252). Each case below is run both ways: through ``repair_text``
and through the scoring it skips, which must agree on text, encoding,
conversion and confidence.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from doingoai.text import encodings
from doingoai.text._legacy import mojibake
from doingoai.text.encodings import Decoded, decode_bytes, encode_legacy, repair_text


def _scored(text: str) -> Decoded:
    """repair_text without the shortcut: every candidate scored."""
    sample = encodings._text_sample(text)
    _, scores = encodings._scored_text(sample)
    best, confidence = encodings._softmax(scores)[0]
    repaired = None if best == "unicode" else encodings._convert(text, best)
    if repaired is None:
        return Decoded(text, "unicode", None, confidence)
    return Decoded(encodings._nfc(repaired), best, best, confidence)


def _shown_as_cp1252(text: str, encoding: str) -> str:
    return encode_legacy(text, encoding, errors="replace").decode("cp1252", errors="replace")


FORMS = {
    "clean": lambda t: t,
    "unaccented": lambda t: t.encode("ascii", "ignore").decode(),
    "mojibake": mojibake,
    "tcvn3": lambda t: _shown_as_cp1252(t, "tcvn3"),
    "vni": lambda t: _shown_as_cp1252(t, "vni"),
    "viqr": lambda t: encode_legacy(t, "viqr", errors="replace").decode("ascii"),
    "western": lambda t: "Café crème à Paris, Straße in München. " + t[:200],
}


@pytest.fixture(scope="module")
def news(shared_data: Path) -> list[str]:
    lines = (shared_data / "topics" / "vntc_test_dev.jsonl").read_text(encoding="utf-8")
    return [json.loads(line)["text"] for line in lines.splitlines()[:40]]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_shortcut_agrees_with_full_detection(news: list[str], form: str) -> None:
    for text in news:
        shown = FORMS[form](text)
        assert repair_text(shown) == _scored(shown), shown[:80]


def test_clean_news_takes_the_shortcut_and_mojibake_does_not(news: list[str]) -> None:
    sample = encodings._text_sample
    # a few clean texts hold a pair like "ó…" that looks like mojibake: scored in full
    shortcut = sum(encodings._nothing_to_repair(sample(t)) for t in news)
    assert shortcut >= 0.8 * len(news)
    assert not any(encodings._nothing_to_repair(sample(mojibake(t))) for t in news)
    assert not any(encodings._nothing_to_repair(sample(FORMS["vni"](t))) for t in news)


@pytest.mark.parametrize(
    ("text", "detected", "converted"),
    [
        ("Hà Nội mở rộng không gian đi bộ", "utf-8", None),
        ("Hà Ná»™i má»Ÿ rá»™ng khÃ´ng gian", "utf-8", "mojibake"),
        ("Haø Noäi môû roäng khoâng gian ñi boä", "utf-8", "vni"),
    ],
)
def test_decode_bytes_results(text: str, detected: str, converted: str | None) -> None:
    result = decode_bytes(text.encode("utf-8"))
    assert (result.detected, result.converted_from) == (detected, converted)
    assert result.text.startswith("Hà Nội")
