"""Placeables: numbers, dates and names carried into the memory's target."""

from __future__ import annotations

import pytest

from doingoai.translate import Entry, TranslationMemory
from doingoai.translate._fuzzy_placeables import find_placeables, parse_number, render_number


@pytest.mark.parametrize(
    ("text", "lang", "english"),
    [
        ("2.350", "vi", "2,350"),
        ("1,5", "vi", "1.5"),
        ("8.435.700", "vi", "8,435,700"),
        ("2.350,75", "vi", "2,350.75"),
        ("2024", "vi", "2024"),
        ("2,350", "en", "2,350"),
        ("3.25", "en", "3.25"),
    ],
)
def test_number_conventions(text: str, lang: str, english: str) -> None:
    value = parse_number(text, lang)
    assert value is not None
    assert render_number(value, "en") == english
    assert render_number(value, lang) == text


@pytest.mark.parametrize(("text", "lang"), [("1.5", "vi"), ("2.35", "vi"), ("1,5", "en")])
def test_unclear_numbers_are_not_converted(text: str, lang: str) -> None:
    assert parse_number(text, lang) is None


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Ngày 2.6, giá tăng 2.350 đồng.", [("date", "Ngày 2.6"), ("number", "2.350")]),
        ("Từ 26/4/2025 đến 30/4/2025.", [("date", "26/4/2025"), ("date", "30/4/2025")]),
        ("Lạm phát 3,5% trong 12 tháng.", [("number", "3,5%"), ("number", "12")]),
        ("Ngày 2 tháng 9 năm 1945.", [("date", "Ngày 2 tháng 9 năm 1945")]),
        ("Doanh thu đạt 1,5 triệu đồng.", [("number", "1,5 triệu")]),
        ("Hôm qua ông Trần Văn Bình đến.", [("name", "Trần Văn Bình")]),
    ],
)
def test_find_placeables(text: str, kinds: list[tuple[str, str]]) -> None:
    found = [(p.kind, p.text) for p in find_placeables(text, "vi")]
    assert [k for k in found if k[0] != "name" or kinds[-1][0] == "name"] == kinds


CASES = [
    # (memory source, memory target, new source, adapted target)
    (
        "Thành phố đón 2.350 du khách quốc tế trong tuần qua.",
        "The city welcomed 2,350 international visitors last week.",
        "Thành phố đón 4.120 du khách quốc tế trong tuần qua.",
        "The city welcomed 4,120 international visitors last week.",
    ),
    (
        "Tăng trưởng kinh tế đạt 1,5% trong quý I.",
        "Economic growth reached 1.5% in the first quarter.",
        "Tăng trưởng kinh tế đạt 6,25% trong quý I.",
        "Economic growth reached 6.25% in the first quarter.",
    ),
    (
        "Ngày 26/4, đoàn công tác của thành phố đến thăm Paris.",
        "On April 26, the city's delegation visited Paris.",
        "Ngày 2/9, đoàn công tác của thành phố đến thăm Paris.",
        "On September 2, the city's delegation visited Paris.",
    ),
    (
        "Hội nghị diễn ra ngày 2.6 tại Hà Nội.",
        "The conference took place on June 2 in Hanoi.",
        "Hội nghị diễn ra ngày 15.8 tại Hà Nội.",
        "The conference took place on August 15 in Hanoi.",
    ),
    (
        "Đề án được phê duyệt ngày 26/4/2025.",
        "The project was approved on April 26, 2025.",
        "Đề án được phê duyệt ngày 3/12/2024.",
        "The project was approved on December 3, 2024.",
    ),
    (
        "Năm 2024, Hà Nội có 30 quận, huyện.",
        "In 2024, Hanoi had 30 districts.",
        "Năm 2025, Hà Nội có 126 quận, huyện.",
        "In 2025, Hanoi had 126 districts.",
    ),
    (
        "Doanh thu du lịch đạt 1,5 triệu USD.",
        "Tourism revenue reached 1.5 million USD.",
        "Doanh thu du lịch đạt 2,25 triệu USD.",
        "Tourism revenue reached 2.25 million USD.",
    ),
    (
        "Ông Nguyễn Văn An phát biểu tại hội nghị.",
        "Mr Nguyễn Văn An spoke at the conference.",
        "Ông Trần Quang Bình phát biểu tại hội nghị.",
        "Mr Trần Quang Bình spoke at the conference.",
    ),
    (
        "Bà Lê Thị Hoa nhận giải thưởng.",
        "Ms Le Thi Hoa received the award.",
        "Bà Phạm Thu Hằng nhận giải thưởng.",
        "Ms Pham Thu Hang received the award.",
    ),
]


@pytest.mark.parametrize(("tm_source", "tm_target", "new_source", "adapted"), CASES)
def test_substitution(tm_source: str, tm_target: str, new_source: str, adapted: str) -> None:
    tm = TranslationMemory.open(":memory:")
    tm.add([Entry(tm_source, tm_target, "vi", "en")])
    [match] = tm.lookup(new_source, source_lang="vi", target_lang="en")
    assert match.substituted and not match.exact
    assert match.target == adapted
    assert match.memory_target == tm_target
    assert 95 <= match.score <= 99


def test_substitution_scores_above_plain_fuzzy() -> None:
    tm = TranslationMemory.open(":memory:")
    tm.add([Entry("Dân số: 8.435.700 người.", "Population: 8,435,700.", "vi", "en")])
    [match] = tm.lookup("Dân số: 9.100.000 người.", source_lang="vi", target_lang="en")
    assert match.substituted and match.score == 98
    assert match.target == "Population: 9,100,000."


@pytest.mark.parametrize(
    ("tm_source", "tm_target", "new_source"),
    [
        # the number is written in words in the target: nothing to replace
        (
            "Đoàn có 12 thành viên tham gia chuyến thăm.",
            "The delegation had twelve members on the visit.",
            "Đoàn có 15 thành viên tham gia chuyến thăm.",
        ),
        # more than a number changed
        (
            "Đoàn có 12 thành viên tham gia chuyến thăm.",
            "The delegation had 12 members on the visit.",
            "Đoàn có 15 thành viên tham gia chuyến công tác.",
        ),
    ],
)
def test_no_substitution_when_unsafe(tm_source: str, tm_target: str, new_source: str) -> None:
    tm = TranslationMemory.open(":memory:")
    tm.add([Entry(tm_source, tm_target, "vi", "en")])
    matches = tm.lookup(new_source, source_lang="vi", target_lang="en", min_score=50)
    assert [m.substituted for m in matches] == [False]
    assert matches[0].target == tm_target


def test_substitution_into_vietnamese() -> None:
    tm = TranslationMemory.open(":memory:")
    tm.add(
        [
            Entry(
                "Sales rose 2.5% to 12,300 units.",
                "Doanh số tăng 2,5% lên 12.300 chiếc.",
                "en",
                "vi",
            )
        ]
    )
    [match] = tm.lookup("Sales rose 3.75% to 9,800 units.", source_lang="en", target_lang="vi")
    assert match.substituted
    assert match.target == "Doanh số tăng 3,75% lên 9.800 chiếc."
