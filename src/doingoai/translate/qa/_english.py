"""Numbers and dates as English text writes them, for the QA checks.

English convention: "2,350" is two thousand three hundred fifty, "1.5" is one
and a half, "1.5 million" is 1,500,000. A number written the Vietnamese way in
English text ("2.350", "1,5") is reported as ambiguous. Dates: "June 2",
"2 June", "June 2nd", "October 10, 1954", "10 October 1954", "June 2025",
"2025-06-02"; lunar dates are recognised by the word "lunar" near them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["EnDate", "EnNumber", "find_english_dates", "find_english_numbers"]

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for name in names
}
_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINALS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
WORDS: dict[str, int] = {w: i for i, w in enumerate(_UNITS)} | _TENS
WORDS |= {w: i for i, w in enumerate(_ORDINALS) if i}
WORDS |= {"thirtieth": 30, "thirty-first": 31, "a dozen": 12, "dozen": 12, "hundred": 100}
for _tens, _value in _TENS.items():
    for _i in range(1, 10):
        WORDS[f"{_tens}-{_UNITS[_i]}"] = _value + _i
        WORDS[f"{_tens}-{_ORDINALS[_i]}"] = _value + _i

SCALES = {
    "thousand": Decimal(1000),
    "million": Decimal(10) ** 6,
    "mln": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "bn": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}

_SCALE = r"(?:\s?(?P<scale>thousand|million|mln|billion|bn|trillion)\b)?"
_NUMBER = re.compile(
    r"(?<![\d.,])(?<!\d/)(?<!\d/\s)"
    r"(?:"
    r"(?P<viet>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d{1,2}(?!\d)(?!,\d)|\d+,\d{4,})"  # Vietnamese style
    r"|(?P<en>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r")"
    r"(?P<ord>st|nd|rd|th)?"
    r"(?![\d]|[.,]\d)" + _SCALE,
    re.IGNORECASE,
)
_WORD_RE = re.compile(
    r"\b(?P<word>"
    + "|".join(sorted((re.escape(w) for w in WORDS), key=len, reverse=True))
    + r")\b"
    + _SCALE,
    re.IGNORECASE,
)


_HALF = re.compile(
    r"\b(?P<whole>\d+|" + "|".join(_UNITS[1:] + list(_TENS)) + r")\s+and\s+a\s+half\b" + _SCALE,
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EnNumber:
    value: Decimal
    span: tuple[int, int]
    raw: str
    ambiguous: bool = False  # written the Vietnamese way ("2.350", "1,5")
    word: bool = False  # spelled out ("three", "third"), or a Roman numeral ("Avatar II")
    short_year: bool = False  # "'71": a year with its century left out (value 71)


def _decimal(raw: str) -> Decimal:
    return Decimal(raw.replace(",", ""))


def find_english_numbers(text: str, *, words: bool = True) -> list[EnNumber]:
    """Numbers in English text, in order, with scale words applied."""
    out: list[EnNumber] = []
    taken: list[tuple[int, int]] = []
    for m in _SHORT_YEAR.finditer(text):
        out.append(EnNumber(Decimal(m.group(1)), m.span(), m.group(0), short_year=True))
        taken.append(m.span())
    for m in _NUMBER.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        scale = SCALES[m.group("scale").lower()] if m.group("scale") else Decimal(1)
        if m.group("viet"):
            raw = m.group("viet")
            if "." in raw:
                value = Decimal(raw.replace(".", "").replace(",", "."))
            else:
                value = Decimal(raw.replace(",", "."))
            out.append(EnNumber(value * scale, m.span(), m.group(0), ambiguous=True))
        else:
            out.append(EnNumber(_decimal(m.group("en")) * scale, m.span(), m.group(0)))
        taken.append(m.span())
    if words:
        for m in _HALF.finditer(text):
            whole = m.group("whole")
            base = Decimal(whole) if whole.isdigit() else Decimal(WORDS[whole.lower()])
            scale = SCALES[m.group("scale").lower()] if m.group("scale") else Decimal(1)
            out.append(EnNumber((base + Decimal("0.5")) * scale, m.span(), m.group(0), word=True))
            taken.append(m.span())
        for m in _WORD_RE.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            scale = SCALES[m.group("scale").lower()] if m.group("scale") else Decimal(1)
            value = Decimal(WORDS[m.group("word").lower()]) * scale
            out.append(EnNumber(value, m.span(), m.group(0), word=True))
        for m in _A_SCALE.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in taken):
                value = SCALES.get(m.group(1).lower(), Decimal(100))
                out.append(EnNumber(value, m.span(), m.group(0), word=True))
        for m in _ROMAN.finditer(text):
            numeral = m.group("roman")
            if len(numeral) > 1 or m.group("lead"):
                span = m.span("roman")
                out.append(EnNumber(Decimal(_ROMAN_VALUES[numeral]), span, numeral, word=True))
    out.sort(key=lambda n: n.span)
    return out


# "a million", "another billion", "one more thousand": one of the scale
_A_SCALE = re.compile(
    r"\b(?:a|another|one\s+more)\s+(hundred|thousand|million|billion|trillion)\b",
    re.IGNORECASE,
)
# "in '71", "the ’90s" (a space after the apostrophe is left by some tokenisers)
_SHORT_YEAR = re.compile(r"(?<![\w'’])['’]\s?(\d{2})(?:s\b|(?![\w'’]))")
_ROMAN_VALUES = {
    numeral: value
    for value, numeral in enumerate(
        [
            "I",
            "II",
            "III",
            "IV",
            "V",
            "VI",
            "VII",
            "VIII",
            "IX",
            "X",
            "XI",
            "XII",
            "XIII",
            "XIV",
            "XV",
            "XVI",
            "XVII",
            "XVIII",
            "XIX",
            "XX",
        ],
        1,
    )
}
# "Avatar II", "World War II", "Phase V": a Roman numeral after a capitalised word.
# Single letters ("I", "V", "X") only after a word that announces a number.
_ROMAN = re.compile(
    r"(?:(?P<lead>\b(?:Part|Phase|Chapter|Volume|Vol\.|Round|Stage|Level|Book|Act|Article|Khóa)\s+)"
    r"|(?<=[A-Z][a-z]\s)|(?<=[A-Z][a-z]{2}\s)|(?<=[a-z]{3}\s))"
    r"(?P<roman>" + "|".join(sorted(_ROMAN_VALUES, key=len, reverse=True)) + r")\b(?!['’.-]\w)"
)


@dataclass(frozen=True)
class EnDate:
    day: int | None
    month: int | None
    year: int | None
    span: tuple[int, int]
    raw: str
    lunar: bool = False


_MONTH = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>\d{{4}})"
_DATE_PATTERNS = [
    # June 2, 2025 / June 2nd 2025 / June 2
    re.compile(
        r"\b"
        + _MONTH.format(name="m")
        + r"\s+"
        + _DAY.format(name="d")
        + r"(?:,?\s+"
        + _YEAR.format(name="y")
        + r")?(?![\d:])",
        re.IGNORECASE,
    ),
    # 2 June 2025 / 2nd of June / the 2nd of June, 2025
    re.compile(
        r"\b"
        + _DAY.format(name="d")
        + r"\s+(?:of\s+)?"
        + _MONTH.format(name="m")
        + r"(?:,?\s+"
        + _YEAR.format(name="y")
        + r")?\b",
        re.IGNORECASE,
    ),
    # June 2025 / June of 2025
    re.compile(
        r"\b" + _MONTH.format(name="m") + r"\s+(?:of\s+)?" + _YEAR.format(name="y") + r"\b",
        re.IGNORECASE,
    ),
    # 2025-06-02
    re.compile(r"\b" + _YEAR.format(name="y") + r"-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
]
_LUNAR_DAY = re.compile(
    r"\b(?:the\s+)?(?P<d>[0-3]?\d(?:st|nd|rd|th)?|"
    + "|".join(
        sorted(
            (w for w in WORDS if w not in {"a dozen", "dozen", "hundred"}), key=len, reverse=True
        )
    )
    + r")\s+day\s+of\s+the\s+(?P<m>\d{1,2}(?:st|nd|rd|th)?|"
    + "|".join(
        sorted(
            (w for w in WORDS if w not in {"a dozen", "dozen", "hundred"}), key=len, reverse=True
        )
    )
    + r")\s+(?:lunar\s+month|month\s+of\s+the\s+lunar\s+(?:calendar|year))",
    re.IGNORECASE,
)
_LUNAR_WORD = re.compile(r"\blunar\b", re.IGNORECASE)
# "June 3 and 4", "June 3-4", "June 3 to 5, 2025": the second day of a span in one month
_DAY_SPAN = re.compile(
    r"\b"
    + _MONTH.format(name="m")
    + r"\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|and|to|through|until)\s*"
    + r"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+"
    + _YEAR.format(name="y")
    + r")?(?![\d:])",
    re.IGNORECASE,
)


def _small(value: str) -> int:
    digits = re.match(r"\d+", value)
    return int(digits.group(0)) if digits else WORDS[value.lower()]


def find_english_dates(text: str) -> list[EnDate]:
    """Dates in English text, in order; overlapping readings keep the longest."""
    found: list[EnDate] = []
    for m in _LUNAR_DAY.finditer(text):
        found.append(
            EnDate(_small(m.group("d")), _small(m.group("m")), None, m.span(), m.group(0), True)
        )
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            month_raw = groups.get("m")
            month = (
                MONTHS.get(month_raw.lower().rstrip("."))
                if month_raw and not month_raw.isdigit()
                else None
            )
            if month_raw and month_raw.isdigit():
                month = int(month_raw)
            day = int(groups["d"]) if groups.get("d") else None
            year = int(groups["y"]) if groups.get("y") else None
            if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            if month_raw and month_raw.lower() == "may" and day is None and year is None:
                continue
            start, end = m.span()
            near = text[max(0, start - 25) : end + 40]
            found.append(
                EnDate(day, month, year, (start, end), m.group(0), bool(_LUNAR_WORD.search(near)))
            )
    for m in _DAY_SPAN.finditer(text):
        month = MONTHS.get(m.group("m").lower().rstrip("."))
        d1, d2 = int(m.group("d1")), int(m.group("d2"))
        year = int(m.group("y")) if m.group("y") else None
        if month is None or not 1 <= d1 < d2 <= 31:
            continue
        near = text[max(0, m.start() - 25) : m.end() + 40]
        lunar = bool(_LUNAR_WORD.search(near))
        first = (m.start(), m.end("d1"))
        found.append(EnDate(d1, month, year, first, text[first[0] : first[1]], lunar))
        found.append(EnDate(d2, month, year, m.span("d2"), m.group("d2"), lunar))
    return non_overlapping(found)


def non_overlapping(found: list[EnDate]) -> list[EnDate]:
    """The dates in text order; of readings that overlap, the one starting first
    (the longest of those starting together) is kept."""
    found.sort(key=lambda d: (d.span[0], -(d.span[1] - d.span[0])))
    out: list[EnDate] = []
    for d in found:
        if out and d.span[0] < out[-1].span[1]:
            continue
        out.append(d)
    return out
