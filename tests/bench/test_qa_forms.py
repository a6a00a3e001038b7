"""The writers'-forms generator of the QA benchmark: its own spelling of
numbers and dates, and errors that really change the English side."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

from qa_forms import FORMS, en_words, generate, roman, vi_words  # noqa: E402


@pytest.mark.parametrize(
    ("n", "vi", "en"),
    [
        (2, "hai", "two"),
        (10, "mười", "ten"),
        (15, "mười lăm", "fifteen"),
        (21, "hai mươi mốt", "twenty-one"),
        (24, "hai mươi tư", "twenty-four"),
        (35, "ba mươi lăm", "thirty-five"),
        (90, "chín mươi", "ninety"),
    ],
)
def test_number_words(n: int, vi: str, en: str) -> None:
    assert (vi_words(n), en_words(n)) == (vi, en)


def test_roman_numerals() -> None:
    assert [roman(n) for n in (2, 4, 9, 13, 14, 19, 20)] == [
        "II",
        "IV",
        "IX",
        "XIII",
        "XIV",
        "XIX",
        "XX",
    ]


def test_generated_pairs_cover_every_form_and_error() -> None:
    pairs = generate(6, random.Random(7))
    assert len(pairs) == 6 * len(FORMS)
    for form in FORMS:
        own = [p for p in pairs if p.form == form.name]
        assert [p.error for p in own] == [None, "value", "dropped"] * 2
    # an error changes the English side; a clean pair is the right rendering
    for pair in pairs:
        assert pair.source and pair.target and pair.reference
        assert (pair.target == pair.reference) is (pair.error is None)


def test_the_same_seed_gives_the_same_pairs() -> None:
    first = generate(3, random.Random(11))
    again = generate(3, random.Random(11))
    assert [(p.source, p.target) for p in first] == [(p.source, p.target) for p in again]


def test_the_generator_uses_none_of_the_products_readers() -> None:
    code = f"import sys; sys.path.insert(0, {str(BENCH)!r}); import qa_forms; " + (
        "print(sorted(m for m in sys.modules if m.startswith('doingoai')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
