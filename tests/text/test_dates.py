"""Dates as Vietnamese news writes them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from doingoai.text import DateMention, find_dates

PUBLISHED = date(2024, 4, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (raw, iso with the reference year filled in, English, part of day)
        ("Ngày 2.6, Sở TT-TT đã tổ chức", [("Ngày 2.6", "2024-06-02", "June 2", None)]),
        ("diễn ra ngày 26/4, tại", [("ngày 26/4", "2024-04-26", "April 26", None)]),
        ("Chiều 18/4, tại xã Mông Hóa", [("Chiều 18/4", "2024-04-18", "April 18", "chiều")]),
        ("Sáng 25/4, Ban Thường vụ", [("Sáng 25/4", "2024-04-25", "April 25", "sáng")]),
        ("Chiều nay (26/4), sau khi", [("26/4", "2024-04-26", "April 26", "chiều")]),
        ("Chiều 23-3, trả lời", [("Chiều 23-3", "2024-03-23", "March 23", "chiều")]),
        (
            "ngày 2 tháng 6 năm 2015",
            [("ngày 2 tháng 6 năm 2015", "2015-06-02", "June 2, 2015", None)],
        ),
        ("tháng 6/2015", [("tháng 6/2015", "2015-06", "June 2015", None)]),
        ("Những ngày cuối tháng Tư", [("tháng Tư", "2024-04", "April", None)]),
        ("ký ngày 2.6.2015", [("ngày 2.6.2015", "2015-06-02", "June 2, 2015", None)]),
        # the year nearest the publication date
        ("hôm 28/12", [("hôm 28/12", "2023-12-28", "December 28", None)]),
        # not dates
        ("tăng 2.6% so với", []),
        ("tuyển sinh 2.350 chỉ tiêu", []),
        ("TP.HCM: Hạn chế lưu thông", []),
        ("chiếm 1/3 dân số", []),
        ("tăng đến 2/3", []),
        ("lên tới 5/4 lần", []),
        # after "đến", a day above the month is no fraction
        ("kéo dài đến 30/4.", [("30/4", "2024-04-30", "April 30", None)]),
        ("Thông tư 03/2009/TT-BNG", []),
        ("ngày 30/2", []),
        ("phục vụ 24/7", []),
    ],
)
def test_find_dates(text: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    found = find_dates(text, reference=PUBLISHED)
    assert [(d.raw, d.iso(), d.to_english(), d.part_of_day) for d in found] == expected
    for mention in found:
        assert text[mention.span[0] : mention.span[1]] == mention.raw


def test_full_dates_and_a_range() -> None:
    text = "70 năm Ngày Giải phóng Thủ đô (10/10/1954 - 10/10/2024)."
    start, end = find_dates(text)
    assert (start.as_date(), end.as_date()) == (date(1954, 10, 10), date(2024, 10, 10))
    assert (start.range_part, end.range_part) == ("start", "end")
    assert start.to_english() == "October 10, 1954"
    assert not start.year_inferred


@pytest.mark.parametrize(
    ("text", "english", "range_parts"),
    [
        ("nghỉ lễ 30/4 và 1/5.", ["April 30", "May 1"], [None, None]),
        ("(từ ngày 26/4 - 1/5)", ["April 26", "May 1"], ["start", "end"]),
        ("từ ngày 26 - 28/4", ["April 26", "April 28"], ["start", "end"]),
        ("từ 1/4 đến 30/4.", ["April 1", "April 30"], ["start", "end"]),
        ("từ 1/4 đến 1/5 hằng năm", ["April 1", "May 1"], ["start", "end"]),
    ],
)
def test_two_dates(text: str, english: list[str], range_parts: list[str | None]) -> None:
    found = find_dates(text, reference=PUBLISHED)
    assert [d.to_english() for d in found] == english
    assert [d.range_part for d in found] == range_parts


@pytest.mark.parametrize(
    ("text", "raw", "day", "month"),
    [
        ("Ngày 18/4 (mùng 10/3 âm lịch) nhiều người", "mùng 10/3 âm lịch", 10, 3),
        ("Giỗ Tổ 10/3 (âm lịch) hằng năm", "10/3 (âm lịch)", 10, 3),
        ("ngày 10 tháng 3 âm lịch", "ngày 10 tháng 3 âm lịch", 10, 3),
        ("Tết Nguyên tiêu rằm tháng Giêng", "rằm tháng Giêng", 15, 1),
    ],
)
def test_lunar_dates_stay_lunar(text: str, raw: str, day: int, month: int) -> None:
    lunar = [d for d in find_dates(text, reference=PUBLISHED) if d.lunar]
    assert len(lunar) == 1
    mention = lunar[0]
    assert (mention.raw, mention.day, mention.month) == (raw, day, month)
    assert mention.as_date() is None  # never turned into a solar date
    assert mention.iso().startswith("lunar:")
    assert "lunar month" in mention.to_english()


def test_lunar_english() -> None:
    mention = DateMention(raw="mùng 10/3 âm lịch", span=(0, 17), day=10, month=3, lunar=True)
    assert mention.to_english() == "the 10th day of the 3rd lunar month"
    assert mention.iso() == "lunar:--03-10"


def test_without_reference_the_year_stays_unknown() -> None:
    (mention,) = find_dates("chiều 18/4")
    assert mention.year is None
    assert mention.iso() == "--04-18"
    assert mention.as_date() is None
    assert mention.to_english(with_part_of_day=True) == "the afternoon of April 18"


def test_seed_dates(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    found = find_dates(text, reference=PUBLISHED)
    english = [d.to_english() for d in found]
    assert english[0] == "June 2"  # "Ngày 2.6" of the lead
    assert "October 10, 1954" in english
    assert "April 18" in english
    assert sum(d.lunar for d in found) == 1
    assert not any(d.raw.startswith(("2.350", "4.280")) for d in found)
