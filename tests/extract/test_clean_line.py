"""Lines of extracted text are normalised as ``doingoai.text.normalize`` does,
also where the extractor skips it because it would change nothing."""

from __future__ import annotations

import random
import unicodedata

import pytest

from doingoai.extract._meta import clean_line
from doingoai.text import normalize

# Letters in both forms, every kind of space normalize() rewrites, invisible
# characters, combining marks alone and the eth used for đ.
ALPHABET = [
    *"aeoyAdDđĐươƯăâêôếềểễệÀàáạảãhoà hòa thuỷ thủy Ủy"
    "\u00a0\u1680\u2000\u2001\u2005\u200a\u202f\u205f\u3000\t\r\n "
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2064\ufeff\u00ad\u180e"
    "\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323"
    "\u00d0\u00f0.,-",
    unicodedata.normalize("NFD", "ế"),
    unicodedata.normalize("NFD", "Ử"),
    "e\u0301\u0302",
]


def _expected(text: str) -> str:
    return " ".join(normalize(text).split())


@pytest.mark.parametrize(
    "text",
    [
        "Hà Nội\u00a0tổng kết",  # no-break space: normalize() is skipped
        "Ủy ban\u200b nhân dân",  # zero-width space removed
        "Thu\u0309y",  # a decomposed tone mark composed
        "e\u0301\u0302 cuối",  # marks out of order: ế
        "\u00d0à Nẵng",  # eth for Đ
        "Quận\u2000Hoàn Kiếm\r\nHà Nội",  # a space NFC rewrites, CR LF
        "plain ASCII   text",
    ],
)
def test_lines_read_as_normalize_reads_them(text: str) -> None:
    assert clean_line(text) == _expected(text)


def test_random_lines_read_as_normalize_reads_them() -> None:
    rng = random.Random(12)
    for _ in range(20_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24)))
        assert clean_line(text) == _expected(text), repr(text)
