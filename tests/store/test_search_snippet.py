"""Snippets: the densest passage, matches between « and »."""

from __future__ import annotations

import pytest

from doingoai.store.search.snippet import snippet

LONG = (
    "Sáng nay, thành phố tổ chức hội nghị tổng kết công tác năm. "
    + "Các đại biểu thảo luận nhiều nội dung về kinh tế, văn hóa và xã hội. " * 6
    + "Công tác thông tin đối ngoại được đánh giá cao, nhất là việc cung cấp thông tin "
    "cho phóng viên nước ngoài. " + "Hội nghị kết thúc vào buổi chiều cùng ngày. " * 6
)


@pytest.mark.parametrize(
    ("text", "phrases", "expected"),
    [
        ("Đổi ngoại tệ ở đâu?", [(False, ("doi",)), (False, ("ngoai",))], "«Đổi ngoại» tệ ở đâu?"),
        ("Đổi ngoại tệ ở đâu?", [(True, ("đối", "ngoại"))], "Đổi ngoại tệ ở đâu?"),
        ("Hoà bình, hợp tác.", [(True, ("hòa", "bình"))], "«Hoà bình», hợp tác."),
        ("Đảng và đang.", [(True, ("đảng",))], "«Đảng» và đang."),
        ("Đảng và đang.", [(False, ("dang",))], "«Đảng» và «đang»."),
        ("tin\ntức  mới", [(False, ("tuc",))], "tin «tức» mới"),
        ("Hà Nội", [(False, ("ha", "noi"))], "«Hà Nội»"),
        ("Hà, Nội", [(False, ("noi", "ha"))], "Hà, Nội"),
        ("", [(False, ("x",))], ""),
    ],
)
def test_short_texts(text: str, phrases: list[tuple[bool, tuple[str, ...]]], expected: str) -> None:
    assert snippet(text, phrases) == expected


def test_long_text_shows_the_passage_with_the_matches() -> None:
    got = snippet(LONG, [(True, ("đối", "ngoại")), (True, ("phóng", "viên"))])
    assert got.startswith("…") and got.endswith("…")
    assert "«đối ngoại»" in got and "«phóng viên»" in got
    assert len(got) <= 250


def test_no_match_gives_the_start() -> None:
    got = snippet(LONG, [(False, ("khong", "co"))])
    assert got.startswith("Sáng nay, thành phố") and got.endswith("…")
    assert "«" not in got
