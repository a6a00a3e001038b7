"""The number and date readers behind :mod:`._locales`, one per convention.

:class:`NumberReader` reads figures with a decimal mark, thousands separators
and scale words ("2 350", "1,5 million", "1.5万", "1億5000万"), and marks as
``ambiguous`` a figure written in another convention. :class:`DateReader`
reads dates with named groups ``d``, ``m``, ``y`` (and ``d1``, the first day
of a range); :func:`european_dates` and :func:`cjk_dates` build the patterns.
Both return the shapes of the English reader (:class:`EnNumber`, :class:`EnDate`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from doingoai.translate.qa._english import EnDate, EnNumber, non_overlapping

__all__ = [
    "SPACES",
    "DateReader",
    "NumberReader",
    "cjk_dates",
    "european_dates",
    "kanji_value",
    "month_table",
]

SPACES = " \u00a0\u202f\u2009"  # space, no-break space, narrow no-break space, thin space
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")  # same length: spans hold


def alternatives(words: Sequence[str]) -> str:
    """A regex alternation of ``words``, longest first."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


# --- numbers ------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberReader:
    """How a language writes figures: its decimal mark, its thousands
    separators and the scale words that may follow a figure."""

    decimal: str
    group: str
    scales: dict[str, Decimal]
    cjk: bool = False
    compound: bool = False  # "1億5000万", "2억 3500만": parts with falling scales add up
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        seps = re.escape("".join(dict.fromkeys(".," + self.group)))
        figure = (
            rf"(?P<fig>\d{{1,3}}(?P<sep>[{seps}])\d{{3}}(?!\d)(?:(?P=sep)\d{{3}}(?!\d))*"
            r"(?:(?!(?P=sep))[.,]\d+)?"
            r"|\d+(?:[.,]\d+)?)"
        )
        if self.cjk:
            scale = r"(?:\s?(?P<scale>(?:" + alternatives(list(self.scales)) + r")+))?"
        else:
            scale = (
                r"(?:[ \u00a0\u202f]?(?P<scale>" + alternatives(list(self.scales)) + r")(?!\w))?"
            )
        regex = r"(?<![\d.,])(?<!\d/)(?<!\d/\s)" + figure + r"(?!\d|[.,]\d)" + scale
        object.__setattr__(self, "pattern", re.compile(regex, re.IGNORECASE))

    def read(self, figure: str, sep: str | None) -> tuple[Decimal, bool]:
        """The value of a figure and whether it is written in another convention."""
        if sep is None:
            mark = next((c for c in figure if c in ".,"), None)
            if mark is None:
                return Decimal(figure), False
            value = Decimal(figure.replace(mark, "."))
            # "Industrie 4.0", "Web 2.0": names, not decimals written the English way
            version = mark == "." and re.fullmatch(r"\d\.0", figure) is not None
            return value, mark != self.decimal and not version
        head, _, rest = figure.partition(sep)
        tail = rest.split(sep)
        decimal_mark = next((c for c in tail[-1] if c in ".,"), None)
        decimals = ""
        if decimal_mark is not None:
            tail[-1], decimals = tail[-1].split(decimal_mark, 1)
        value = Decimal(head + "".join(tail) + (f".{decimals}" if decimals else ""))
        native = sep in self.group and decimal_mark in {None, self.decimal}
        return value, not native

    def find(self, text: str) -> list[EnNumber]:
        if self.cjk:
            text = text.translate(_FULLWIDTH)
        out: list[EnNumber] = []
        end = 0
        for m in self.pattern.finditer(text):
            if m.start() < end:
                continue
            value, ambiguous = self.read(m.group("fig"), m.group("sep"))
            multiplier = self._scale(m.group("scale"))
            value *= multiplier
            end = m.end()
            if self.compound and m.group("scale"):
                end, value, ambiguous = self._more(text, end, multiplier, value, ambiguous)
            out.append(EnNumber(value, (m.start(), end), text[m.start() : end], ambiguous))
        if self.cjk:
            taken = [n.span for n in out]
            out += [n for n in _kanji_numbers(text) if not _overlaps(n.span, taken)]
            out.sort(key=lambda n: n.span)
        return out

    def _scale(self, word: str | None) -> Decimal:
        if not word:
            return Decimal(1)
        if self.cjk:  # "千万", "万亿", "천만": the characters multiply
            product = Decimal(1)
            for char in word:
                product *= self.scales[char]
            return product
        return self.scales[word.lower()]

    def _more(
        self, text: str, end: int, multiplier: Decimal, value: Decimal, ambiguous: bool
    ) -> tuple[int, Decimal, bool]:
        """Parts after "1億" in "1億5000万円": each with a smaller scale, or a last
        bare figure right after the scale ("2万3500人")."""
        while True:
            m = self.pattern.match(text, end + (1 if text[end : end + 1] == " " else 0))
            if m is None:
                return end, value, ambiguous
            part, odd = self.read(m.group("fig"), m.group("sep"))
            scale = self._scale(m.group("scale"))
            if scale >= multiplier or (scale == 1 and m.start() != end):
                return end, value, ambiguous
            value += part * scale
            ambiguous = ambiguous or odd
            end, multiplier = m.end(), scale
            if scale == 1:
                return end, value, ambiguous


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


_KANJI_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_KANJI_SMALL = {"十": 10, "百": 100, "千": 1000}
_KANJI_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "兆": 10**12}
_KANJI_RUN = re.compile("[" + "".join([*_KANJI_DIGITS, *_KANJI_SMALL, *_KANJI_BIG, "廿"]) + "]+")


def kanji_value(run: str) -> int | None:
    """The value of Chinese or Japanese numerals: "三" 3, "二十五" 25, "一亿五千万"
    150,000,000, "二〇二五" 2025 (digit by digit); None when there is no digit."""
    run = run.replace("廿", "二十")
    if not any(c in _KANJI_DIGITS or c == "十" for c in run):
        return None
    if all(c in _KANJI_DIGITS for c in run):
        return int("".join(str(_KANJI_DIGITS[c]) for c in run))
    total = section = 0
    digit: int | None = None
    for char in run:
        if char in _KANJI_DIGITS:
            digit = _KANJI_DIGITS[char]
        elif char in _KANJI_SMALL:
            section += (1 if digit is None else digit) * _KANJI_SMALL[char]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * _KANJI_BIG[char]
            section, digit = 0, None
    return total + section + (digit or 0)


def _kanji_numbers(text: str) -> list[EnNumber]:
    out = []
    for m in _KANJI_RUN.finditer(text):
        if m.start() and text[m.start() - 1].isdigit():
            continue  # "2万": read with the figure
        value = kanji_value(m.group(0))
        if value is not None:
            out.append(EnNumber(Decimal(value), m.span(), m.group(0), word=True))
    return out


# --- dates --------------------------------------------------------------------------


def month_table(names: str) -> dict[str, int]:
    """{name: month} from twelve "|"-separated groups of space-separated names,
    January first: "janvier janv.|février févr.|…"."""
    groups = names.split("|")
    assert len(groups) == 12, names
    return {name.lower(): i for i, group in enumerate(groups, 1) for name in group.split()}


_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}  # first year of each Japanese era, minus one
_KANJI_MONTHS = {"正": 1, "冬": 11, "腊": 12, "臘": 12}


@dataclass(frozen=True)
class DateReader:
    """Date patterns with groups ``d`` (day), ``m`` (month), ``y`` (year), and
    ``d1`` (first day of a range: "du 26 au 30 avril", "6月2日至5日")."""

    patterns: tuple[re.Pattern[str], ...]
    months: dict[str, int]
    lunar: re.Pattern[str]
    window: tuple[int, int]  # characters before and after a date searched for a lunar word
    lunar_forms: re.Pattern[str] | None = None  # "农历三月初十", "正月初一": lunar by their form

    def find(self, text: str) -> list[EnDate]:
        found: list[EnDate] = []
        for pattern in self.patterns:
            for m in pattern.finditer(text):
                groups = m.groupdict()
                month = self._month(groups["m"])
                day = _day(groups.get("d"))
                year = _year(groups)
                if month is None or not 1 <= month <= 12:
                    continue
                if day is not None and not 1 <= day <= 31:
                    continue
                start, end = m.span()
                lunar = self._lunar(text, m)
                if groups.get("d1"):
                    first = _day(groups["d1"])
                    if first is None or not 1 <= first <= 31:
                        continue
                    one = (start, m.end("d1"))
                    found.append(EnDate(first, month, year, one, text[one[0] : one[1]], lunar))
                    start = m.start("d")
                found.append(EnDate(day, month, year, (start, end), text[start:end], lunar))
        return non_overlapping(found)

    def _month(self, raw: str) -> int | None:
        if raw.isdigit():
            return int(raw)
        if raw in _KANJI_MONTHS:
            return _KANJI_MONTHS[raw]
        value = kanji_value(raw)
        if value is not None:
            return value
        return self.months.get(raw.lower(), self.months.get(raw.lower().rstrip(".")))

    def _lunar(self, text: str, m: re.Match[str]) -> bool:
        if self.lunar_forms is not None and self.lunar_forms.search(m.group(0)):
            return True
        before, after = self.window
        return bool(self.lunar.search(text[max(0, m.start() - before) : m.end() + after]))


def _day(raw: str | None) -> int | None:
    if not raw:
        return None
    digits = re.match(r"\d+", raw)
    if digits:
        return int(digits.group(0))
    return kanji_value(raw.removeprefix("初"))


def _year(groups: dict[str, str | None]) -> int | None:
    if groups.get("y"):
        return int(groups["y"] or 0)
    era, number = groups.get("era"), groups.get("ey")
    if era and number:
        return _ERAS[era] + (1 if number == "元" else int(number))
    return None


def european_dates(
    months: dict[str, int],
    day_month: str,
    *,
    year: str,
    month_year: str,
    ranges: str,
    numeric: Sequence[str],
    lunar: str,
) -> DateReader:
    """Date patterns of a language that writes the day before the month name.
    ``{d}``, ``{m}``, ``{y}`` and ``{d1}`` in the templates stand for the groups."""
    month = r"(?P<m>" + alternatives(list(months)) + r")(?!\w)"
    d = r"(?P<d>[0-3]?\d)"
    y = r"(?P<y>\d{4})"
    parts = {"m": month, "d": d, "y": y, "d1": r"(?P<d1>[0-3]?\d)"}
    full = day_month + r"(?:" + year + r")?"
    templates = [full, ranges + r"(?:" + year + r")?", month_year, *numeric]
    patterns = tuple(
        re.compile(r"(?<![\w.,])" + t.format(**parts) + r"(?![\d])", re.IGNORECASE)
        for t in templates
    )
    patterns += (re.compile(r"(?<![\d.])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)"),)
    return DateReader(patterns, months, re.compile(lunar, re.IGNORECASE), (25, 40))


_KANJI_DAY = r"初[一二三四五六七八九十]|廿[一二三四五六七八九]?|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_KANJI_MONTH = r"正|冬|腊|臘|十[一二]?|[一二三四五六七八九]"


def cjk_dates(
    year_word: str, month_word: str, day_word: str, lunar: str, *, era: bool
) -> DateReader:
    y = r"(?P<y>\d{4})"
    if era:
        y = r"(?:(?P<y>\d{4})|(?P<era>" + "|".join(_ERAS) + r")(?P<ey>\d{1,2}|元))"
    y += r"\s*" + year_word + r"\s*"
    m, d = r"(?P<m>1[0-2]|0?[1-9])\s*" + month_word, r"(?P<d>[0-3]?\d)\s*" + day_word
    patterns = [
        rf"(?:{y})?{m}\s*{d}",
        rf"{y}{m}",
        rf"(?:{y})?{m}\s*(?P<d1>[0-3]?\d)\s*(?:{day_word})?\s*(?:[-–~〜～至到和及与與、]|부터|と|과|와|및)\s*{d}",
        r"(?<!\d)(?P<y>\d{4})\s*[./-]\s*(?P<m>1[0-2]|0?[1-9])\s*[./-]\s*(?P<d>[0-3]?\d)(?!\d)",
    ]
    if month_word == "月":
        patterns.append(rf"(?:{y})?(?P<m>{_KANJI_MONTH})月(?P<d>{_KANJI_DAY})(?:[日号號])?")
    compiled = tuple(re.compile(r"(?<!\d)" + p) for p in patterns)
    forms = re.compile(r"初|廿|正月|冬月|腊月|臘月") if month_word == "月" else None
    # the lunar word comes first: "农历三月初十", "旧暦3月10日", "음력 3월 10일"
    return DateReader(compiled, {}, re.compile(lunar), (6, 0), forms)
