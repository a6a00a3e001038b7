"""Normalisation, tone placement, match form and folding of Vietnamese text."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from doingoai.text import canonical_tones, fold, is_vietnamese_syllable, match_form, normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # decomposed, in canonical order
        (unicodedata.normalize("NFD", "Tiếng Việt"), "Tiếng Việt"),
        # tone before the vowel-quality mark: e + acute + circumflex
        ("Ti\u0065\u0301\u0302ng", "Tiếng"),
        ("Vi\u0065\u0323\u0302t", "Việt"),
        ("ng\u01b0o\u0300\u031bi", "người"),
        ("\u0061\u0303\u0306n", "ẵn"),
        # precomposed é followed by a stray circumflex
        ("Ti\u00e9\u0302ng", "Tiếng"),
        # zero-width characters and soft hyphens vanish
        ("đối\u200b ngoại", "đối ngoại"),
        ("thông\u00adtin", "thôngtin"),
        ("\ufeffHà Nội", "Hà Nội"),
        # odd spaces become one plain space; newlines are kept
        ("Hà\u00a0Nội", "Hà Nội"),
        ("Tại Hội nghị,  đại diện", "Tại Hội nghị, đại diện"),
        ("Thủ\u2009đô\r\nHà Nội", "Thủ đô\nHà Nội"),
        # the author's tone placement is kept for display
        ("Khánh Hoà", "Khánh Hoà"),
        ("Uỷ ban", "Uỷ ban"),
        # Icelandic eth standing for đ at a word start
        ("\u00d0ảng", "Đảng"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("word", "old", "new"),
    [
        ("hoà", "hòa", "hoà"),
        ("Hòa Bình", "Hòa Bình", "Hoà Bình"),
        ("thuỷ", "thủy", "thuỷ"),
        ("Uỷ ban", "Ủy ban", "Uỷ ban"),
        ("khoẻ", "khỏe", "khoẻ"),
        ("TUỶ", "TỦY", "TUỶ"),
        # the tone never moves where both placements agree
        ("hoàng", "hoàng", "hoàng"),
        ("người", "người", "người"),
        ("của", "của", "của"),
        ("quý", "quý", "quý"),
        ("giữa", "giữa", "giữa"),
        ("khuỷu", "khuỷu", "khuỷu"),
        ("ngoài", "ngoài", "ngoài"),
        ("Nguyễn", "Nguyễn", "Nguyễn"),
        ("thuở", "thuở", "thuở"),
        # the old placement on a syllable with a coda is a misspelling: moved to the last vowel
        ("hòang", "hoàng", "hoàng"),
        # not Vietnamese syllables: untouched
        ("Café", "Café", "Café"),
        (
            "Nhìn chung, tình hình khá ổn.",
            "Nhìn chung, tình hình khá ổn.",
            "Nhìn chung, tình hình khá ổn.",
        ),
    ],
)
def test_canonical_tones(word: str, old: str, new: str) -> None:
    assert canonical_tones(word) == old
    assert canonical_tones(word, new_style=True) == new


def _each_word(text: str, *, new_style: bool) -> str:
    """Every word worked out on its own, as canonical_tones did before it
    skipped the words where no tone can move."""
    from doingoai.text.normalize import _place_tone

    return re.sub(r"[^\W\d_]+", lambda m: _place_tone(m.group(0), new_style=new_style), text)


def _every_spelling() -> list[str]:
    """Every onset, nucleus and coda with each tone on each of the nucleus's
    letters (the misplaced ones too), in three cases."""
    from doingoai.text import _syllable as s

    nuclei = sorted(s._OPEN_ONLY | s._CLOSED_ONLY | s._BOTH)
    words = []
    for onset in ("", "qu", "gi", "ngh", "th", "đ"):
        for nucleus in nuclei:
            for coda in ("", "ng", "t", "nh"):
                for at in range(len(nucleus)):
                    for tone in sorted(s.TONE_MARKS):
                        marked = nucleus[:at] + nucleus[at] + tone + nucleus[at + 1 :]
                        word = unicodedata.normalize("NFC", onset + marked + coda)
                        words += [word, word.title(), word.upper()]
    return words


def test_canonical_tones_skips_only_words_whose_tone_cannot_move(shared_data) -> None:  # type: ignore[no-untyped-def]
    words = _every_spelling()
    text = " ".join(words) + " 2hoà x-thuỷ Café ǹ"
    with (shared_data / "topics" / "vntc_test_dev.jsonl").open(encoding="utf-8") as fh:
        news = [
            normalize(json.loads(line)["text"]) for _, line in zip(range(300), fh, strict=False)
        ]
    for sample in [text, *news]:
        for new_style in (False, True):
            assert canonical_tones(sample, new_style=new_style) == _each_word(
                sample, new_style=new_style
            )
    moved = sum(canonical_tones(w) != w for w in words)
    assert moved > 1000  # the comparison holds words whose tone does move


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Khánh Hoà", "khánh hòa"),
        ("Thuỷ lợi", "THỦY LỢI"),
        ("Uỷ ban Nhân dân", "Ủy ban nhân dân"),
        ("Ti\u0065\u0301\u0302ng Vi\u0065\u0323\u0302t", "tiếng việt"),
        ("Hà\u00a0Nội", "hà nội"),
    ],
)
def test_match_form_equates_spellings(left: str, right: str) -> None:
    assert match_form(left) == match_form(right)


@pytest.mark.parametrize(("left", "right"), [("Đảng", "đang"), ("hòa", "hóa"), ("thủy", "thùy")])
def test_match_form_keeps_diacritics(left: str, right: str) -> None:
    assert match_form(left) != match_form(right)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đối ngoại", "doi ngoai"),
        ("ĐẢNG", "dang"),
        ("Thủ đô Hà Nội", "thu do ha noi"),
        ("Người Việt", "nguoi viet"),
        ("khuỷu", "khuyu"),
        (unicodedata.normalize("NFD", "Tiếng Việt"), "tieng viet"),
        ("Straße", "strasse"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_keeps_length_of_nfc_vietnamese(seed_path) -> None:  # type: ignore[no-untyped-def]
    text = normalize(seed_path.read_text(encoding="utf-8"))
    folded = fold(text)
    assert len(folded) == len(text)
    assert "thong tin doi ngoai" in folded
    assert not any(unicodedata.combining(c) for c in folded)


@pytest.mark.parametrize(
    ("word", "valid"),
    [
        ("Tiếng", True),
        ("người", True),
        ("khuya", True),
        ("xoong", True),
        ("gìn", True),
        ("các", True),
        ("cac", False),  # a stop coda needs the acute or dot-below tone
        ("tieng", False),
        ("TiÕng", False),
        ("Tie", False),
        ("ăn", True),
        ("ă", False),
        ("hello", False),
    ],
)
def test_is_vietnamese_syllable(word: str, valid: bool) -> None:
    assert is_vietnamese_syllable(word) is valid
