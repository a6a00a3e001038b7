"""Dates as the reader of each language writes them (no Django): plain
tables for Vietnamese, English and French, the CLDR's long forms (Babel) for
the other languages ("2015年6月2日", "2. Juni 2015")."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _cldr_date
from babel.dates import format_skeleton as _cldr_skeleton

__all__ = ["format_date", "format_month"]

_EN_MONTHS = (
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
_FR_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def format_date(value: date | datetime | None, lang: str, *, short: bool = False) -> str:
    """``value`` in the reader's format: Vietnamese "2 tháng 6, 2015" (short
    "02/06/2015"), English "June 2, 2015" (short "2015-06-02"), French "2 juin 2015"."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    if lang == "vi":
        if short:
            return f"{day.day:02d}/{day.month:02d}/{day.year}"
        return f"{day.day} tháng {day.month}, {day.year}"
    if lang == "fr":
        return (
            f"{day.day:02d}/{day.month:02d}/{day.year}"
            if short
            else (f"{day.day} {_FR_MONTHS[day.month - 1]} {day.year}")
        )
    if short:
        return day.isoformat()
    if lang != "en" and _known(lang):
        return _cldr_date(day, "long", locale=lang)
    return f"{_EN_MONTHS[day.month - 1]} {day.day}, {day.year}"


def format_month(year: int, month: int, lang: str) -> str:
    """A month heading: "tháng 6/2015", "June 2015"."""
    if lang == "vi":
        return f"tháng {month}/{year}"
    if lang == "fr":
        return f"{_FR_MONTHS[month - 1]} {year}"
    if lang != "en" and _known(lang):
        return _cldr_skeleton("yMMMM", date(year, month, 1), locale=lang)
    return f"{_EN_MONTHS[month - 1]} {year}"


def _known(lang: str) -> bool:
    """Whether the CLDR knows the language (else English dates)."""
    try:
        Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return False
    return True
