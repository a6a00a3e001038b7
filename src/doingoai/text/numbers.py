"""Numbers as Vietnamese news writes them.

Vietnamese groups thousands with a dot and writes decimals with a comma:
"2.350" is 2350, "1,5" is 1.5, "2.350.000" is 2350000, "1.234,5" is 1234.5.
A dot followed by one or two digits is an English decimal point ("tăng 2.6%").
Scale words multiply: nghìn/ngàn (thousand), vạn (ten thousand), triệu
(million), tỷ/tỉ (billion), and their compounds ("nghìn tỷ", a trillion).
Dates ("26/4", "Ngày 2.6"), times ("8h30") and codes ("COVID-19", "G20",
"03/2009/TT-BNG") are not numbers here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["NumberMention", "find_numbers", "format_english"]

_SCALES = {
    "trăm": 100,
    "nghìn": 1_000,
    "ngàn": 1_000,
    "vạn": 10_000,
    "triệu": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
}
_SCALE_WORD = "|".join(sorted(_SCALES, key=len, reverse=True))
_NUMBER = re.compile(
    r"(?<![\w.,/])(?<![^\W\d_]-)"
    r"(?P<figure>\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 2.350 / 2.350.000 / 1.234,5
    r"|\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?"  # 1,500,000 (English grouping)
    r"|\d+(?:[.,]\d+)?)"  # 2015 / 1,5 / 2.6
    r"(?![\d/A-Z]|[.,]\d)"
    rf"(?P<scale>(?:\s+(?i:{_SCALE_WORD})\b)*)"
    r"(?P<percent>\s*%|\s+(?i:phần\s+trăm)\b)?"
)
_TIME = re.compile(r"\b\d{1,2}(?:h\d{0,2}|:\d{2})\b|\b\d{1,2}\s+giờ\s+\d{1,2}\b", re.IGNORECASE)
_ENGLISH_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


def _parse_figure(figure: str) -> Decimal:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", figure):
        return Decimal(figure.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?", figure):
        return Decimal(figure.replace(",", ""))
    return Decimal(figure.replace(",", "."))


def format_english(value: Decimal, *, group: bool = True) -> str:
    """2350 → "2,350"; 1.5 → "1.5"; 1500000.0 → "1,500,000" (``group=False``: no commas)."""
    integral = value == value.to_integral_value()
    value = value.quantize(Decimal(1)) if integral else value.normalize()
    return f"{value:,f}" if group else f"{value:f}"


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number in the text. ``figure`` is the number as written (1.5 in "1,5 triệu"),
    ``multiplier`` what its scale words multiply it by, ``value`` the product."""

    raw: str
    value: Decimal
    span: tuple[int, int]
    figure: Decimal
    multiplier: int = 1
    scale: str | None = None
    percent: bool = False

    def to_english(self) -> str:
        """ "2.350" → "2,350"; "1,5" → "1.5"; "1,5 triệu" → "1.5 million";
        "2.350 tỷ" → "2.35 trillion"; "15 nghìn" → "15,000"; "2.6%" → "2.6%"."""
        if self.percent:
            return f"{format_english(self.value)}%"
        if self.multiplier >= 10**6:
            for size, word in _ENGLISH_SCALES:
                if self.value >= size:
                    return f"{format_english(self.value / size)} {word}"
        written_grouped = "." in self.raw and re.search(r"\d\.\d{3}(?!\d)", self.raw) is not None
        group = written_grouped or self.multiplier > 1 or abs(self.value) >= 10_000
        return format_english(self.value, group=group)


def find_numbers(text: str, *, skip_dates: bool = True) -> list[NumberMention]:
    """Every number in ``text``, in order, with its value as a Decimal.

    >>> [n.value for n in find_numbers("2.350 chỉ tiêu, 1,5 triệu đồng, tăng 2.6%")]
    [Decimal('2350'), Decimal('1500000'), Decimal('2.6')]
    """
    blocked: list[tuple[int, int]] = [m.span() for m in _TIME.finditer(text)]
    if skip_dates:
        from doingoai.text.dates import find_dates

        blocked += [d.span for d in find_dates(text)]
    found: list[NumberMention] = []
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if any(start < b_end and b_start < end for b_start, b_end in blocked):
            continue
        figure = _parse_figure(match.group("figure"))
        multiplier = 1
        words = match.group("scale").lower().split()
        for word in words:
            multiplier *= _SCALES[word]
        value = figure * multiplier
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        found.append(
            NumberMention(
                raw=match.group(0),
                value=value,
                span=(start, end),
                figure=figure,
                multiplier=multiplier,
                scale=" ".join(words) or None,
                percent=match.group("percent") is not None,
            )
        )
    return found
