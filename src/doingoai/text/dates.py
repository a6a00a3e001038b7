"""Dates as Vietnamese news writes them.

Day before month, always: "26/4" is 26 April, "10/10/1954", "Ngày 2.6" is
2 June, "ngày 2 tháng 6 năm 2015", "tháng 6/2015". A day.month with a dot
("2.6") is a date only after a word that announces one (ngày, hôm, sáng,
chiều…): "tăng 2.6%" and "2.350" are numbers. A day/month after a word of
quantity ("chiếm 1/3") is a fraction. "mùng 10/3 âm lịch" is a lunar date: it
is recognised and kept lunar, never converted to a solar one.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

__all__ = ["DateMention", "find_dates"]

_MONTHS_EN = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NAMES = {
    "giêng": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
    "chạp": 12,
}
_LUNAR_MONTH_NAMES = {"giêng", "chạp"}
_PARTS_OF_DAY = {
    "rạng sáng": "early morning",
    "sáng": "morning",
    "trưa": "noon",
    "chiều": "afternoon",
    "tối": "evening",
    "đêm": "night",
}

_MONTH_WORD = r"(?:\d{1,2}|Giêng|Hai|Ba|Tư|Năm|Sáu|Bảy|Tám|Chín|Mười một|Mười hai|Mười|Chạp)"
_PART = r"(?:rạng sáng|sáng|trưa|chiều|tối|đêm)"
_LEAD = rf"(?:(?P<part>{_PART})\s+)?(?P<lead>(?:ngày|hôm|mùng|mồng)\s+)?"
_I = re.IGNORECASE

# in order of precedence; each has groups day, month, year (some optional)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "words",
        re.compile(
            rf"(?:(?P<part>{_PART})\s+)?(?P<lead>ngày|mùng|mồng|rằm)\s*(?P<day>\d{{1,2}})?"
            rf"\s+tháng\s+(?P<month>{_MONTH_WORD})(?:\s+năm\s+(?P<year>\d{{4}}))?(?!\d)",
            _I,
        ),
    ),
    (
        "day-span",  # "26 - 28/4": the first day of a span with one month
        re.compile(
            rf"{_LEAD}(?<![\d/.,])(?P<day>\d{{1,2}})(?=\s*[-–]\s*\d{{1,2}}/(?P<month>\d{{1,2}})(?![\d/]))",
            _I,
        ),
    ),
    (
        "numeric",
        re.compile(
            rf"{_LEAD}(?<![\d/.,])(?P<day>\d{{1,2}})(?P<sep>[/.-])(?P<month>\d{{1,2}})(?P=sep)"
            r"(?P<year>\d{4})(?![\d/])",
            _I,
        ),
    ),
    (
        "month-year",
        re.compile(
            rf"tháng\s+(?P<month>{_MONTH_WORD})(?:\s+năm\s+|/)(?P<year>\d{{4}})(?!\d)",
            _I,
        ),
    ),
    (
        "day-month-dotted",  # "Ngày 2.6", "chiều 23-3": only after a word that announces a date
        re.compile(
            rf"(?:(?P<part>{_PART})\s+(?P<lead>(?:ngày|hôm|mùng|mồng)\s+)?|(?P<lead2>ngày|hôm|mùng|mồng|từ|đến|tới)\s+)"
            r"(?<![\d/.,])(?P<day>\d{1,2})[.-](?P<month>\d{1,2})(?![\d%]|[.,]\d)",
            _I,
        ),
    ),
    (
        "day-month",
        re.compile(
            rf"{_LEAD}(?<![\d/.,])(?P<day>\d{{1,2}})/(?P<month>\d{{1,2}})(?![\d/]|\s*%)",
            _I,
        ),
    ),
    (
        "month-name",
        re.compile(
            r"(?i:tháng)\s+(?P<month>Giêng|Hai|Ba|Tư|Năm|Sáu|Bảy|Tám|Chín|Mười một|Mười hai|Mười|Chạp)\b"
        ),
    ),
]
_FRACTION_BEFORE = re.compile(
    r"(?:chiếm|khoảng|gần|hơn|trên|dưới|bằng|còn|đạt|tỷ lệ|tỉ lệ|tỷ số|tỉ số|tới|đến)\s+$", _I
)
_SPAN_BEFORE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{4})?\s+(?:đến|tới)\s+$", _I)
_FRACTION_AFTER = re.compile(r"^\s+(?:số|dân số|diện tích|tổng|lượng|lần)\b", _I)
_LUNAR_AFTER = re.compile(
    r"^(?:\s*\(\s*(?:âm lịch|(?-i:ÂL|AL))\s*\)|\s*(?:âm lịch|(?-i:ÂL|AL))\b)", _I
)
_PART_BEFORE = re.compile(
    rf"(?P<part>{_PART})(?:\s+(?:nay|qua|mai|hôm qua))?\s*(?:\(|ngày\s+)?\s*$", _I
)
_RANGE_BETWEEN = re.compile(r"^\s*(?:[-–—]|đến|tới)\s*(?:ngày\s+)?$", _I)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date in the text. ``year_inferred`` is True when the year came from the
    reference date; ``lunar`` dates keep their lunar day and month;
    ``range_part`` is "start" or "end" for the two ends of "26/4 - 1/5"."""

    raw: str
    span: tuple[int, int]
    day: int | None
    month: int
    year: int | None = None
    year_inferred: bool = False
    part_of_day: str | None = None
    lunar: bool = False
    range_part: Literal["start", "end"] | None = None

    def iso(self) -> str:
        """ "2015-06-02", "--06-02" (no year), "2015-06" (no day); lunar dates are
        prefixed "lunar:" ("lunar:--03-10") since they are not on the solar calendar."""
        year = f"{self.year:04d}" if self.year is not None else "-"
        value = f"{year}-{self.month:02d}"
        if self.day is not None:
            value += f"-{self.day:02d}"
        return f"lunar:{value}" if self.lunar else value

    def as_date(self) -> date | None:
        """The solar date, when day, month and year are all known; None for lunar dates."""
        if self.lunar or self.day is None or self.year is None:
            return None
        return date(self.year, self.month, self.day)

    def to_english(self, *, with_year: bool | None = None, with_part_of_day: bool = False) -> str:
        """ "June 2", "April 26, 2024", "June 2015", "the 10th day of the 3rd lunar
        month". The year is shown when the text wrote it (or ``with_year=True``)."""
        show_year = (not self.year_inferred) if with_year is None else with_year
        year = self.year if show_year else None
        if self.lunar:
            text = f"the {_ordinal(self.month)} lunar month"
            if self.day is not None:
                text = f"the {_ordinal(self.day)} day of {text}"
            return f"{text} of {year}" if year else text
        month = _MONTHS_EN[self.month]
        if self.day is None:
            text = f"{month} {year}" if year else month
        else:
            text = f"{month} {self.day}, {year}" if year else f"{month} {self.day}"
        if with_part_of_day and self.part_of_day:
            text = f"the {_PARTS_OF_DAY[self.part_of_day]} of {text}"
        return text


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _month(value: str) -> int | None:
    if value.isdigit():
        month = int(value)
        return month if 1 <= month <= 12 else None
    return _MONTH_NAMES.get(value.lower())


def _valid(day: int | None, month: int, year: int | None) -> bool:
    if day is None:
        return True
    return 1 <= day <= calendar.monthrange(year or 2024, month)[1]


def _infer_year(day: int | None, month: int, reference: date) -> int:
    """The year that puts day/month nearest the reference date."""
    best = reference.year
    best_gap: int | None = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            gap = abs((date(year, month, day or 1) - reference).days)
        except ValueError:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


def _mention(text: str, kind: str, match: re.Match[str]) -> DateMention | None:
    groups = match.groupdict()
    month = _month(groups["month"])
    if month is None:
        return None
    day = int(groups["day"]) if groups.get("day") else None
    if groups.get("lead", "") and groups["lead"].strip().lower() == "rằm":
        day = 15
    year = int(groups["year"]) if groups.get("year") else None
    if kind == "words" and day is None:
        return None
    if not _valid(day, month, year):
        return None
    start, end = match.span()
    if kind == "day-month":
        # "chiếm 1/4" is a quarter, but "đến 30/4" (no fraction above one) and
        # "từ 1/4 đến 1/5" (the end of a span of dates) are dates
        if (
            _FRACTION_BEFORE.search(text[max(0, start - 12) : start])
            and not groups.get("lead")
            and day is not None
            and day < month
            and not _SPAN_BEFORE.search(text[max(0, start - 24) : start])
        ):
            return None
        if _FRACTION_AFTER.match(text[end : end + 16]) or match.group(0).endswith("24/7"):
            return None
    part = groups.get("part")
    if part is None:
        before = _PART_BEFORE.search(text[max(0, start - 20) : start])
        part = before.group("part") if before else None
    lunar = False
    after = _LUNAR_AFTER.match(text[end : end + 16])
    if after:
        lunar = True
        end += after.end()
    if groups.get("lead", "") and groups["lead"].strip().lower() == "rằm":
        lunar = True
    if not groups["month"].isdigit() and groups["month"].lower() in _LUNAR_MONTH_NAMES:
        lunar = True
    return DateMention(
        raw=text[start:end],
        span=(start, end),
        day=day,
        month=month,
        year=year,
        part_of_day=part.lower() if part else None,
        lunar=lunar,
    )


def find_dates(text: str, *, reference: date | None = None) -> list[DateMention]:
    """Every date in ``text``, in order. With a ``reference`` date (the article's
    publication date), a missing year is the one that puts the date nearest to it.

    >>> [d.to_english() for d in find_dates("Ngày 2.6, chiều 18/4 và 10/10/1954")]
    ['June 2', 'April 18', 'October 10, 1954']
    """
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            mention = _mention(text, kind, match)
            if mention is None:
                continue
            taken.append(mention.span)
            found.append(mention)
    found.sort(key=lambda m: m.span)
    for i in range(len(found) - 1):
        between = text[found[i].span[1] : found[i + 1].span[0]]
        if _RANGE_BETWEEN.match(between):
            found[i] = replace(found[i], range_part="start")
            found[i + 1] = replace(found[i + 1], range_part="end")
    if reference is not None:
        found = [
            replace(
                m,
                year=reference.year if m.lunar else _infer_year(m.day, m.month, reference),
                year_inferred=True,
            )
            if m.year is None
            else m
            for m in found
        ]
    return found
