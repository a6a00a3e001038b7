"""Placeables: numbers, dates and names that a translation carries over.

When a memory entry's source differs from a new source only in placeables, the
entry's target is adapted: each changed placeable is found in the target (in the
target language's convention: Vietnamese "2.350" is English "2,350", "1,5" is
"1.5", "26/4" is "April 26") and replaced by the new value in the same form.
Vietnamese numbers and dates are read by :mod:`doingoai.text.numbers` and
:mod:`doingoai.text.dates` ("1,5 triệu" is "1.5 million"); other languages by
the small patterns below.

Number and date conventions: Vietnamese (and most continental European
languages) group thousands with "." and mark decimals with ","; English,
Chinese, Japanese and Korean the other way round. A number whose reading is
unclear ("1.5" in Vietnamese) is only carried over verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from doingoai.text import fold
from doingoai.text.dates import find_dates
from doingoai.text.numbers import find_numbers

from ._fuzzy import display_form, key_of, key_of_display

__all__ = ["Placeable", "find_placeables", "mask_key", "substitute"]

Kind = Literal["number", "date", "name"]

COMMA_DECIMAL = frozenset(
    {"vi", "de", "fr", "es", "it", "pt", "ru", "id", "nl", "pl", "tr", "da", "nb", "sv", "cs"}
)
_MONTHS_EN = [
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
]
_MONTH_INDEX = {name.lower(): i + 1 for i, name in enumerate(_MONTHS_EN)}
_MONTH_INDEX.update({name[:3].lower(): i + 1 for i, name in enumerate(_MONTHS_EN)})
_EN_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"

_DATE_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 2 tháng 6 năm 2025, 2 tháng 6
    re.compile(r"(?<![\w.,])(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?(?![\w])", re.I),
    # 26/4/2025, 26-4-2025, 2.6.2025
    re.compile(r"(?<![\w.,/])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\w/])"),
    # 26/4
    re.compile(r"(?<![\w.,/])(\d{1,2})/(\d{1,2})(?![\w/]|[.,]\d)"),
    # ngày 2.6, ngày 23-2 (the day-month reading needs "ngày" before it)
    re.compile(r"(?<=ngày )(\d{1,2})[.-](\d{1,2})(?![\w/-]|[.,-]\d)", re.I),
)
_EN_DATES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"\b{_EN_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I),
    re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_EN_MONTH}(?:,?\s+(\d{{4}}))?\b", re.I),
)
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_UPPER = "".join(re.escape(c) for c in map(chr, range(0x41, 0x2000)) if c.isupper() and c.isalpha())
# a run of capitalised words separated by single spaces
_NAME_RUN = re.compile(rf"(?<![\w])[{_UPPER}][^\W\d_]*(?: [{_UPPER}][^\W\d_]*)*(?![\w])")
_MASK = "\ue000"
_HAS_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Placeable:
    """One number, date or name in a text (``start``/``end`` are offsets)."""

    kind: Kind
    start: int
    end: int
    text: str
    number: tuple[str, str, bool] | None = None  # integer digits, fraction digits, grouped
    date: tuple[int, int, int] | None = None  # day, month, year (0: none)
    english: str | None = None  # how an English text writes it, when known


def _valid_date(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _dates(text: str, lang: str) -> list[Placeable]:
    found: list[Placeable] = []
    if lang.startswith("en"):
        for pattern, month_first in zip(_EN_DATES, (True, False), strict=True):
            for m in pattern.finditer(text):
                month_name, day_text = (m[1], m[2]) if month_first else (m[2], m[1])
                month = _MONTH_INDEX.get(month_name.lower().rstrip("."), 0)
                day, year = int(day_text), int(m[3] or 0)
                if _valid_date(day, month):
                    found.append(
                        Placeable("date", m.start(), m.end(), m[0], date=(day, month, year))
                    )
        return found
    for i, pattern in enumerate(_DATE_PATTERNS):
        for m in pattern.finditer(text):
            if i == 1:
                day, month, year = int(m[1]), int(m[3]), int(m[4])
            else:
                day, month = int(m[1]), int(m[2])
                year = int(m[3] or 0) if i == 0 else 0
            if _valid_date(day, month):
                found.append(Placeable("date", m.start(), m.end(), m[0], date=(day, month, year)))
    return found


def parse_number(text: str, lang: str) -> tuple[str, str, bool] | None:
    """(integer digits, fraction digits, grouped) read in ``lang``'s convention,
    or None when the reading is unclear."""
    group, point = (".", ",") if _base(lang) in COMMA_DECIMAL else (",", ".")
    if text.isdigit():
        return text, "", False
    int_part, _, frac = text.partition(point)
    if frac and not frac.isdigit():
        return None
    pieces = int_part.split(group)
    if len(pieces) > 1:
        if not (1 <= len(pieces[0]) <= 3 and all(len(p) == 3 for p in pieces[1:])):
            return None
        if not all(p.isdigit() for p in pieces):
            return None
        return "".join(pieces), frac, True
    if not int_part.isdigit() or not frac:
        return None
    return int_part, frac, False


def render_number(value: tuple[str, str, bool], lang: str) -> str:
    digits, frac, grouped = value
    group, point = (".", ",") if _base(lang) in COMMA_DECIMAL else (",", ".")
    if grouped:
        head = len(digits) % 3 or 3
        parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
        digits = group.join(parts)
    return f"{digits}{point}{frac}" if frac else digits


def _names(text: str, taken: list[tuple[int, int]]) -> list[Placeable]:
    found: list[Placeable] = []
    for m in _NAME_RUN.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        before = text[: m.start()].rstrip()
        sentence_start = not before or before[-1] in '.!?:;"“(-–—'
        if " " in m[0] or not sentence_start:
            found.append(Placeable("name", m.start(), m.end(), m[0]))
    return found


def _base(lang: str) -> str:
    return lang.lower().split("-")[0]


def _vietnamese(text: str) -> list[Placeable]:
    """Dates and numbers found by :mod:`doingoai.text.dates` and
    :mod:`doingoai.text.numbers` (scale words, percentages, lunar dates…)."""
    found: list[Placeable] = []
    if not _HAS_DIGIT.search(text):
        return found
    for d in find_dates(text):
        start, end = d.span
        date = (d.day or 0, d.month, 0 if d.year_inferred else (d.year or 0))
        found.append(
            Placeable("date", start, end, text[start:end], date=date, english=d.to_english())
        )
    dates = [(p.start, p.end) for p in found]
    for n in find_numbers(text, skip_dates=False):
        start, end = n.span
        if any(start < d_end and d_start < end for d_start, d_end in dates):
            continue
        raw = text[start:end]
        found.append(
            Placeable(
                "number", start, end, raw, number=parse_number(raw, "vi"), english=n.to_english()
            )
        )
    return found


def find_placeables(text: str, lang: str) -> list[Placeable]:
    """Dates, then numbers outside dates, then names (runs of capitalised words:
    one word is enough away from the start of a sentence), in text order."""
    if _base(lang) == "vi":
        places = _vietnamese(text)
        taken = [(p.start, p.end) for p in places]
        return sorted([*places, *_names(text, taken)], key=lambda p: p.start)
    found = _dates(text, lang)
    found.sort(key=lambda p: (p.start, -p.end))
    dates: list[Placeable] = []
    for p in found:
        if not dates or p.start >= dates[-1].end:
            dates.append(p)
    taken = [(p.start, p.end) for p in dates]
    numbers = [
        Placeable("number", m.start(), m.end(), m[0], number=parse_number(m[0], lang))
        for m in _NUMBER.finditer(text)
        if not any(s <= m.start() < e for s, e in taken)
    ]
    taken += [(p.start, p.end) for p in numbers]
    names = _names(text, taken)
    return sorted([*dates, *numbers, *names], key=lambda p: p.start)


def mask_key(text: str, placeables: list[Placeable]) -> str:
    """The key form of ``text`` (in display form) with every placeable replaced
    by one marker."""
    out: list[str] = []
    last = 0
    for p in placeables:
        out.append(text[last : p.start])
        out.append(_MASK)
        last = p.end
    out.append(text[last:])
    return key_of_display("".join(out))


def _strip_marks(text: str) -> str:
    folded = fold(text)
    if len(folded) != len(text):
        return folded
    return "".join(f.upper() if c.isupper() else f for c, f in zip(text, folded, strict=True))


def _date_forms(value: tuple[int, int, int], lang: str) -> dict[str, str]:
    day, month, year = value
    base = _base(lang)
    if base == "en":
        name = _MONTHS_EN[month - 1]
        if year:
            return {"mdy": f"{name} {day}, {year}", "dmy": f"{day} {name} {year}"}
        return {"md": f"{name} {day}", "dm": f"{day} {name}"}
    if year:
        return {"slash": f"{day}/{month}/{year}", "iso": f"{year}-{month:02d}-{day:02d}"}
    return {"slash": f"{day}/{month}"}


def _forms(p: Placeable, source_lang: str, target_lang: str) -> dict[str, str]:
    """How the placeable may be written in a target: style name → text."""
    forms: dict[str, str] = {}
    if p.english is not None and _base(target_lang) == "en":
        forms["english"] = p.english
    if p.number is not None:
        forms["convert"] = render_number(p.number, target_lang)
    elif p.date is not None and p.date[0]:
        forms.update(_date_forms(p.date, target_lang))
    forms["verbatim"] = p.text
    if p.kind == "name":
        forms["plain"] = _strip_marks(p.text)
    return forms


def _trim_names(old: Placeable, new: Placeable) -> tuple[Placeable, Placeable]:
    """Drop the words two name runs share at either end ("Ông Nguyễn Văn A" /
    "Ông Trần Văn B" → "Nguyễn Văn A" / "Trần Văn B")."""
    a, b = old.text.split(" "), new.text.split(" ")
    head = 0
    while head < min(len(a), len(b)) - 1 and key_of(a[head]) == key_of(b[head]):
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head - 1 and key_of(a[-1 - tail]) == key_of(b[-1 - tail]):
        tail += 1
    a_text, b_text = " ".join(a[head : len(a) - tail]), " ".join(b[head : len(b) - tail])
    return Placeable("name", 0, 0, a_text), Placeable("name", 0, 0, b_text)


def _find_free(target: str, needle: str, used: list[tuple[int, int]], kind: Kind) -> int:
    if kind == "name":
        pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
    else:
        pattern = re.compile(rf"(?<![\w.,]){re.escape(needle)}(?!\w|[.,]\d)")
    for m in pattern.finditer(target):
        if not any(s < m.end() and m.start() < e for s, e in used):
            return m.start()
    return -1


def substitute(
    new_source: str,
    tm_source: str,
    tm_target: str,
    source_lang: str,
    target_lang: str,
) -> tuple[str, int] | None:
    """The memory target adapted to ``new_source`` and the number of placeables
    changed, or None when the sources differ in more than placeables or a changed
    placeable cannot be found in the target."""
    new_display, old_display = display_form(new_source), display_form(tm_source)
    new_places = find_placeables(new_display, source_lang)
    old_places = find_placeables(old_display, source_lang)
    if [p.kind for p in new_places] != [p.kind for p in old_places]:
        return None
    if mask_key(new_display, new_places) != mask_key(old_display, old_places):
        return None
    edits: list[tuple[int, int, str]] = []
    used: list[tuple[int, int]] = []
    for old, new in zip(old_places, new_places, strict=True):
        if key_of(old.text) == key_of(new.text):
            continue
        if old.kind == "name":
            old, new = _trim_names(old, new)
        old_forms = _forms(old, source_lang, target_lang)
        new_forms = _forms(new, source_lang, target_lang)
        for style, old_form in old_forms.items():
            if style not in new_forms:
                continue
            at = _find_free(tm_target, old_form, used, old.kind)
            if at >= 0:
                edits.append((at, at + len(old_form), new_forms[style]))
                used.append((at, at + len(old_form)))
                break
        else:
            return None
    if not edits:
        return None
    out = tm_target
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
    return out, len(edits)
