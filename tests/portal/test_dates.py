"""Dates in the reader's language."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from doingoai.portal.dates import format_date, format_month


@pytest.mark.parametrize(
    ("value", "lang", "short", "expected"),
    [
        (date(2015, 6, 2), "vi", False, "2 tháng 6, 2015"),
        (date(2015, 6, 2), "vi", True, "02/06/2015"),
        (date(2015, 6, 2), "en", False, "June 2, 2015"),
        (date(2015, 6, 2), "en", True, "2015-06-02"),
        (datetime(2024, 4, 26, 9, 30), "vi", False, "26 tháng 4, 2024"),
        (date(2024, 12, 31), "en", False, "December 31, 2024"),
        (date(2024, 8, 1), "fr", False, "1 août 2024"),
        (date(2024, 8, 1), "ja", False, "2024年8月1日"),
        (date(2024, 8, 1), "de", False, "1. August 2024"),
        (date(2024, 8, 1), "xx", False, "August 1, 2024"),
        (None, "vi", False, ""),
    ],
)
def test_format_date(value: date | None, lang: str, short: bool, expected: str) -> None:
    assert format_date(value, lang, short=short) == expected


@pytest.mark.parametrize(
    ("year", "month", "lang", "expected"),
    [
        (2015, 6, "vi", "tháng 6/2015"),
        (2015, 6, "en", "June 2015"),
        (2024, 2, "fr", "février 2024"),
        (2024, 2, "zh", "2024年2月"),
    ],
)
def test_format_month(year: int, month: int, lang: str, expected: str) -> None:
    assert format_month(year, month, lang) == expected
