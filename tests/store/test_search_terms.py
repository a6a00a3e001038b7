"""Indexing forms of words: canonical tone placement, folding, the vocabulary of forms."""

from __future__ import annotations

import pytest

from doingoai.store.search import terms


@pytest.mark.parametrize(
    ("word", "canonical"),
    [
        ("hoà", "hòa"),
        ("hòa", "hòa"),
        ("thuỷ", "thủy"),
        ("uỷ", "ủy"),
        ("khoẻ", "khỏe"),
        ("hoè", "hòe"),
        ("thuý", "thúy"),
        ("ngoaì", "ngoài"),  # tone typed on the last vowel
        ("quý", "quý"),  # qu: the u belongs to the consonant
        ("giữ", "giữ"),  # gi: the i belongs to the consonant
        ("gì", "gì"),
        ("hoạch", "hoạch"),  # closed syllable: tone on the last vowel in both styles
        ("toán", "toán"),
        ("người", "người"),
        ("của", "của"),
        ("khuỷu", "khuỷu"),
        ("thuyền", "thuyền"),
        ("e\u0301\u0302", "ế"),  # acute typed before circumflex
        ("ê\u0301", "ế"),  # decomposed
        ("café", "café"),  # not a Vietnamese syllable: kept
        ("hanoi", "hanoi"),
        ("2024", "2024"),
    ],
)
def test_exact_form(word: str, canonical: str) -> None:
    assert terms.exact(word) == canonical


@pytest.mark.parametrize(
    ("word", "folded"),
    [("đối", "doi"), ("Đảng".lower(), "dang"), ("ngoại", "ngoai"), ("hòa", "hoa"), ("tin", "tin")],
)
def test_folded_form(word: str, folded: str) -> None:
    assert terms.folded(word) == folded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thông tin ĐỐI NGOẠI", ["thông", "tin", "đối", "ngoại"]),
        ("COVID-19, TP.HCM", ["covid", "19", "tp", "hcm"]),
        ("snake_case\u00a0word", ["snake", "case", "word"]),
        ("a" * 61 + " ok", ["ok"]),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert terms.words(text) == expected


def test_vocabulary_lists_words_and_pairs_once() -> None:
    title = ["đối", "ngoại"]
    body = ["thông", "tin", "đối", "ngoại", "năm", "2024"]
    vocab = terms.vocabulary([title, body])
    assert ("doi ngoai", "đối ngoại") in vocab
    assert ("doi", "đối") in vocab and ("tin", "tin") in vocab
    assert ("ngoai thong", "ngoại thông") not in vocab  # pairs do not cross fields
    assert not any("2024" in form for _, form in vocab)  # numbers are left out
    assert len([v for v in vocab if v == ("doi ngoai", "đối ngoại")]) == 1
