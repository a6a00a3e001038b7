"""Periods the figures are counted over, and the buckets of a time series.

A period is written as a year (``2015``), a quarter (``2015-Q2``), a month
(``2015-06``), a day (``2015-06-02``) or a range of any of these
(``2013..2015``, ``2015-Q1..2015-Q3``, ``2015-01-15..2015-02-14``); the range
runs from the first day of its first part to the last day of its last.
No Django here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from doingoai.errors import InputError

__all__ = ["GRAINS", "Bucket", "Period", "buckets", "parse_period"]

#: the steps of a time series
GRAINS: tuple[str, ...] = ("day", "week", "month", "quarter", "year")

_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.I)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included; ``key`` is how it was written."""

    start: date
    end: date
    key: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    def grain(self) -> str:
        """The time-series step that suits the period's length."""
        if self.days <= 62:
            return "day"
        if self.days <= 190:
            return "week"
        if self.days <= 800:
            return "month"
        return "quarter"


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _part(text: str, whole: str) -> tuple[date, date]:
    text = text.strip()
    try:
        if m := _YEAR.match(text):
            y = int(m[1])
            return date(y, 1, 1), date(y, 12, 31)
        if m := _QUARTER.match(text):
            y, q = int(m[1]), int(m[2])
            return date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
        if m := _MONTH.match(text):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), _month_end(y, mo)
        if m := _DAY.match(text):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
    except ValueError as err:
        raise InputError(f"no such date: {text!r}", source=whole) from err
    raise InputError(
        f"unknown period {text!r}: write a year (2015), a quarter (2015-Q2), a month "
        "(2015-06), a day (2015-06-02) or a range (2013..2015)",
        source=whole,
    )


def parse_period(text: str) -> Period:
    """The period ``text`` names; :class:`InputError` naming it otherwise."""
    text = text.strip()
    if not text:
        raise InputError("no period given", source="period")
    first, sep, last = text.partition("..")
    start, end = _part(first, text)
    if sep:
        _, end = _part(last, text)
    if end < start:
        raise InputError(f"the period {text!r} ends before it starts", source=text)
    return Period(start, end, text.upper() if "q" in text.lower() else text)


@dataclass(frozen=True)
class Bucket:
    """One step of a time series: its label and its days."""

    label: str
    start: date
    end: date


def _bucket_of(day: date, grain: str) -> Bucket:
    if grain == "day":
        return Bucket(day.isoformat(), day, day)
    if grain == "week":
        start = day - timedelta(days=day.weekday())
        iso = start.isocalendar()
        return Bucket(f"{iso.year}-W{iso.week:02d}", start, start + timedelta(days=6))
    if grain == "month":
        return Bucket(f"{day:%Y-%m}", day.replace(day=1), _month_end(day.year, day.month))
    if grain == "quarter":
        q = (day.month - 1) // 3 + 1
        return Bucket(f"{day.year}-Q{q}", date(day.year, 3 * q - 2, 1), _month_end(day.year, 3 * q))
    if grain == "year":
        return Bucket(str(day.year), date(day.year, 1, 1), date(day.year, 12, 31))
    raise InputError(f"unknown step {grain!r}: expected {', '.join(GRAINS)}", source="grain")


@lru_cache(maxsize=65536)
def bucket_label(day: date, grain: str) -> str:
    return _bucket_of(day, grain).label


def buckets(period: Period, grain: str) -> list[Bucket]:
    """The steps of ``grain`` that cover ``period`` (the first and last may
    reach outside it; counts only take the days inside)."""
    out: list[Bucket] = []
    day = period.start
    while day <= period.end:
        bucket = _bucket_of(day, grain)
        out.append(bucket)
        day = bucket.end + timedelta(days=1)
    return out
