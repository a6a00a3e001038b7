"""Numbers as Vietnamese news writes them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from doingoai.text import find_numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (raw, value, English)
        ("tuyển sinh 2.350 chỉ tiêu", [("2.350", "2350", "2,350")]),
        ("1,5 triệu đồng", [("1,5 triệu", "1500000", "1.5 million")]),
        ("tỷ lệ 1,5", [("1,5", "1.5", "1.5")]),
        ("tăng 2.6% so với", [("2.6%", "2.6", "2.6%")]),
        ("khoảng 30 phần trăm", [("30 phần trăm", "30", "30%")]),
        ("2.350.000 đồng/lượng", [("2.350.000", "2350000", "2,350,000")]),
        ("dài 1.234,5 km", [("1.234,5", "1234.5", "1,234.5")]),
        ("1,5 nghìn tỷ đồng", [("1,5 nghìn tỷ", "1500000000000", "1.5 trillion")]),
        ("15 nghìn người", [("15 nghìn", "15000", "15,000")]),
        ("hơn 3 ngàn hộ", [("3 ngàn", "3000", "3,000")]),
        ("200 tỉ đồng", [("200 tỉ", "200000000000", "200 billion")]),
        ("2.350 tỷ đồng", [("2.350 tỷ", "2350000000000", "2.35 trillion")]),
        ("1,500,000 USD", [("1,500,000", "1500000", "1,500,000")]),
        ("năm 2015", [("2015", "2015", "2015")]),
        ("dài 5km", [("5", "5", "5")]),
        (
            "4.280 chuyến bay, trong đó có 1.602 chuyến bay quốc tế và 2.678 chuyến bay quốc nội",
            [("4.280", "4280", "4,280"), ("1.602", "1602", "1,602"), ("2.678", "2678", "2,678")],
        ),
        # not numbers: codes, times, phone numbers, dates
        ("COVID-19 và G20, lúc 8h30", []),
        ("gọi 0912.345.678", []),
        ("Ngày 2.6, Sở họp", []),
        ("nghỉ lễ 30/4 và 1/5", []),
        ("Thông tư 03/2009/TT-BNG", []),
        ("TP.HCM và TT-TT", []),
    ],
)
def test_find_numbers(text: str, expected: list[tuple[str, str, str]]) -> None:
    found = find_numbers(text)
    assert [(n.raw, str(n.value), n.to_english()) for n in found] == expected
    for mention in found:
        assert text[mention.span[0] : mention.span[1]] == mention.raw


def test_number_parts() -> None:
    (mention,) = find_numbers("1,5 triệu")
    assert mention.figure == Decimal("1.5")
    assert mention.multiplier == 1_000_000
    assert mention.scale == "triệu"
    assert not mention.percent


def test_dates_can_be_kept_as_numbers() -> None:
    assert [n.raw for n in find_numbers("Ngày 2.6", skip_dates=False)] == ["2.6"]


def test_seed_numbers(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    values = {n.raw: n.value for n in find_numbers(text)}
    assert values["2.350"] == 2350
    assert values["4.280"] == 4280
    assert "2.6" not in values  # "Ngày 2.6" is a date
