"""Numbers and dates as writers write them: pairs and errors made without the
product's parsers.

``bench_qa.py``'s first tables inject an error only where doingoai's own
readers find a number or a date, so they cannot show what those readers miss.
This generator starts from a value instead (a count, an amount, a day and a
month …), writes it in one of the forms Vietnamese and English news writers
use, puts both sides in a sentence, and for an error writes the English side
from a *different* value (or leaves the figure out). Whether the checks see
it is then a fair question. Nothing here imports doingoai.

Forms (Vietnamese → English): grouped digits "2.350" → "2,350"; "2 nghìn" →
"2,000" / "2 thousand"; number words "hai" → "two"; decimals with a scale
"1,5 triệu" → "1.5 million"; "2 triệu 350 nghìn" → "2.35 million"; percents
"51%" / "51 phần trăm"; ranges "3-5" / "từ 3 đến 5" → "3 to 5" / "between 3 and
5"; approximations "hơn 2.000" → "more than 2,000"; ordinals "lần thứ 3" →
"third"; quarters "quý II" → "Q2" / "the second quarter"; Roman numerals
"khóa XIII" → "13th"; dates "2/6", "2.6", "02/06", "ngày mồng 2 tháng 6", "2
tháng 6 năm 2025", "2/6/2025", "tháng 6/2025", "quý II/2025", "từ 2 đến 5/6",
"thứ Hai (2/6)" → "June 2", "2 June 2025", "June 2-5", "Monday (June 2)" …

Error kinds: ``value`` (the English side carries another value in the same
form; a date gets another day, or day and month swapped), ``dropped`` (the
English side leaves the figure out).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

__all__ = ["FORMS", "FormPair", "generate"]

VI_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
EN_ONES = [
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
EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
EN_ORDINALS = {
    1: "first",
    2: "second",
    3: "third",
    4: "fourth",
    5: "fifth",
    6: "sixth",
    7: "seventh",
    8: "eighth",
    9: "ninth",
    10: "tenth",
    11: "eleventh",
    12: "twelfth",
}
MONTHS = [
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
]
VI_WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]
EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def vi_words(n: int) -> str:
    """1–99 in Vietnamese words ("hai mươi mốt", "mười lăm", "ba mươi tư")."""
    if n < 10:
        return VI_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "mười" if tens == 1 else f"{VI_DIGITS[tens]} mươi"
    if ones == 0:
        return head
    if ones == 5:
        return f"{head} lăm"
    if ones == 1 and tens > 1:
        return f"{head} mốt"
    if ones == 4 and tens > 1:
        return f"{head} tư"
    return f"{head} {VI_DIGITS[ones]}"


def en_words(n: int) -> str:
    """1–99 in English words ("twenty-one")."""
    if n < 20:
        return EN_ONES[n]
    tens, ones = divmod(n, 10)
    return EN_TENS[tens] + (f"-{EN_ONES[ones]}" if ones else "")


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN * 4:
        while n >= value:
            out += letters
            n -= value
    return out


def vi_group(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def en_ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


@dataclass
class FormPair:
    form: str
    kind: str  # "number" or "date"
    source: str
    target: str
    on: date
    error: str | None = None  # None, "value" or "dropped"
    reference: str = ""  # the right English sentence


# A form: (kind, a function drawing a value, a function rendering (vi, en) of a
# value, a function giving a different value of the same shape).
Render = Callable[[object, random.Random], tuple[str, str]]


@dataclass(frozen=True)
class Form:
    name: str
    kind: str
    draw: Callable[[random.Random], object]
    render: Render
    other: Callable[[object, random.Random], object]


def _other_int(low: int, high: int) -> Callable[[object, random.Random], object]:
    def pick(value: object, rng: random.Random) -> object:
        assert isinstance(value, int)
        choice = value
        while choice == value:
            choice = rng.randint(low, high)
        return choice

    return pick


def _other_pair(value: object, rng: random.Random) -> object:
    assert isinstance(value, tuple)
    a, b = value
    while True:
        c = max(1, a + rng.choice([-2, -1, 1, 2]))
        if c < b:
            return (c, b)


def _draw_day(rng: random.Random) -> object:
    return (rng.randint(1, 28), rng.randint(1, 12))


def _other_day(value: object, rng: random.Random) -> object:
    assert isinstance(value, tuple)
    day, month = value
    if day <= 12 and day != month and rng.random() < 0.5:
        return (month, day)  # day and month swapped
    new = day
    while new == day:
        new = rng.randint(1, 28)
    return (new, month)


def _draw_span(rng: random.Random) -> object:
    start = rng.randint(1, 24)
    return (start, start + rng.randint(1, 4), rng.randint(1, 12))


def _other_span(value: object, rng: random.Random) -> object:
    assert isinstance(value, tuple)
    start, end, month = value
    return (start, end + rng.randint(1, 3), month)


def _r_grouped(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, int)
    return vi_group(v), f"{v:,}"


def _r_thousands(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, int)
    vi = f"{v} {rng.choice(['nghìn', 'ngàn'])}"
    return vi, rng.choice([f"{v * 1000:,}", f"{v} thousand"])


def _r_words(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, int)
    return vi_words(v), en_words(v)


def _r_scaled(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, int)  # tenths
    whole, tenth = divmod(v, 10)
    scale_vi, scale_en = rng.choice([("triệu", "million"), ("tỷ", "billion")])
    if tenth == 0:
        return f"{whole} {scale_vi}", f"{whole} {scale_en}"
    return f"{whole},{tenth} {scale_vi}", f"{whole}.{tenth} {scale_en}"


def _r_mixed(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, int)  # thousands
    millions, thousands = divmod(v, 1000)
    vi = f"{millions} triệu {thousands} nghìn"
    return vi, rng.choice([f"{v * 1000:,}", f"{v / 1000:g} million"])


def _r_percent(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, int)
    vi = rng.choice([f"{v}%", f"{v} phần trăm"])
    return vi, rng.choice([f"{v}%", f"{v} percent", f"{v} per cent"])


def _r_range(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, tuple)
    a, b = v
    vi = rng.choice([f"{a}-{b}", f"từ {a} đến {b}", f"{a} đến {b}"])
    en = rng.choice([f"{a}-{b}", f"{a} to {b}", f"between {a} and {b}", f"{a}–{b}"])
    return vi, en


def _r_approx(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, int)
    vi_word, en_word = rng.choice(
        [("hơn", "more than"), ("gần", "nearly"), ("khoảng", "about"), ("trên", "over")]
    )
    return f"{vi_word} {vi_group(v)}", f"{en_word} {v:,}"


def _r_ordinal(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, int)
    vi = rng.choice([f"lần thứ {v}", f"lần thứ {vi_words(v)}"])
    return vi, rng.choice(
        [f"for the {EN_ORDINALS[v]} time", f"for the {en_ordinal_suffix(v)} time"]
    )


def _r_quarter(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, int)
    vi = rng.choice([f"quý {roman(v)}", f"quý {v}"])
    return vi, rng.choice([f"Q{v}", f"the {EN_ORDINALS[v]} quarter"])


def _r_roman(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, int)
    return f"khóa {roman(v)}", f"{en_ordinal_suffix(v)}"


def _r_day_slash(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, tuple)
    d, m = v
    vi = rng.choice([f"ngày {d}/{m}", f"ngày {d:02d}/{m:02d}", f"sáng {d}/{m}"])
    return vi, rng.choice([f"on {MONTHS[m]} {d}", f"on {d} {MONTHS[m]}"])


def _r_day_dot(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, tuple)
    d, m = v
    return f"ngày {d}.{m}", rng.choice([f"on {MONTHS[m]} {d}", f"on {d} {MONTHS[m]}"])


def _r_day_words(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, tuple)
    d, m = v
    vi = f"ngày mồng {d} tháng {m}" if d <= 10 else f"ngày {d} tháng {m}"
    return vi, rng.choice([f"on {MONTHS[m]} {d}", f"on the {en_ordinal_suffix(d)} of {MONTHS[m]}"])


def _r_day_year(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, tuple)
    d, m = v
    vi = rng.choice([f"ngày {d}/{m}/2025", f"ngày {d} tháng {m} năm 2025"])
    return vi, rng.choice([f"on {MONTHS[m]} {d}, 2025", f"on {d} {MONTHS[m]} 2025"])


def _r_month_year(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, int)
    return rng.choice([f"tháng {v}/2025", f"tháng {v} năm 2025"]), f"in {MONTHS[v]} 2025"


def _r_quarter_year(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, int)
    vi = f"quý {roman(v)}/2025"
    return vi, rng.choice([f"in Q{v} 2025", f"in the {EN_ORDINALS[v]} quarter of 2025"])


def _r_day_span(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, tuple)
    a, b, m = v
    vi = rng.choice([f"từ ngày {a} đến {b}/{m}", f"từ {a}-{b}/{m}"])
    return vi, rng.choice([f"from {MONTHS[m]} {a} to {b}", f"on {MONTHS[m]} {a}-{b}"])


def _r_weekday(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, tuple)
    d, m = v
    weekday = date(2025, m, d).weekday()
    return (
        f"{VI_WEEKDAYS[weekday]} ({d}/{m})",
        f"on {EN_WEEKDAYS[weekday]} ({MONTHS[m]} {d})",
    )


def _r_year(v: object, rng: random.Random) -> tuple[str, str]:
    assert isinstance(v, int)
    return f"năm {v}", f"in {v}"


FORMS: list[Form] = [
    Form(
        "grouped digits (2.350)",
        "number",
        lambda r: r.randint(1001, 99999),
        _r_grouped,
        _other_int(1001, 99999),
    ),
    Form(
        "nghìn / ngàn (2 nghìn)",
        "number",
        lambda r: r.randint(2, 900),
        _r_thousands,
        _other_int(2, 900),
    ),
    Form("number words (hai)", "number", lambda r: r.randint(2, 99), _r_words, _other_int(2, 99)),
    Form(
        "decimal with scale (1,5 triệu)",
        "number",
        lambda r: r.randint(11, 299),
        _r_scaled,
        _other_int(11, 299),
    ),
    Form(
        "triệu + nghìn (2 triệu 350 nghìn)",
        "number",
        lambda r: r.randint(1001, 9999),
        _r_mixed,
        _other_int(1001, 9999),
    ),
    Form(
        "percent (51% / 51 phần trăm)",
        "number",
        lambda r: r.randint(2, 99),
        _r_percent,
        _other_int(2, 99),
    ),
    Form(
        "range (3-5 / từ 3 đến 5)",
        "number",
        lambda r: (lambda a: (a, a + r.randint(2, 9)))(r.randint(2, 50)),
        _r_range,
        _other_pair,
    ),
    Form(
        "approximate (hơn 2.000)",
        "number",
        lambda r: r.randint(1001, 99999),
        _r_approx,
        _other_int(1001, 99999),
    ),
    Form(
        "ordinal (lần thứ 3)", "number", lambda r: r.randint(2, 12), _r_ordinal, _other_int(2, 12)
    ),
    Form(
        "quarter (quý II / Q2)", "number", lambda r: r.randint(1, 4), _r_quarter, _other_int(1, 4)
    ),
    Form(
        "Roman numeral (khóa XIII)",
        "number",
        lambda r: r.randint(2, 20),
        _r_roman,
        _other_int(2, 20),
    ),
    Form("day/month (2/6, 02/06)", "date", _draw_day, _r_day_slash, _other_day),
    Form("day.month (2.6)", "date", _draw_day, _r_day_dot, _other_day),
    Form("words (ngày mồng 2 tháng 6)", "date", _draw_day, _r_day_words, _other_day),
    Form("with year (2/6/2025)", "date", _draw_day, _r_day_year, _other_day),
    Form(
        "month/year (tháng 6/2025)",
        "date",
        lambda r: r.randint(1, 12),
        _r_month_year,
        _other_int(1, 12),
    ),
    Form(
        "quarter/year (quý II/2025)",
        "date",
        lambda r: r.randint(1, 4),
        _r_quarter_year,
        _other_int(1, 4),
    ),
    Form("span (từ 2 đến 5/6)", "date", _draw_span, _r_day_span, _other_span),
    Form("weekday (thứ Hai (2/6))", "date", _draw_day, _r_weekday, _other_day),
    Form(
        "year (năm 2019)", "date", lambda r: r.randint(1990, 2024), _r_year, _other_int(1990, 2024)
    ),
]

# Sentences around a figure: (Vietnamese, English), {x} is the figure.
NUMBER_FRAMES = [
    (
        "Sở Du lịch Hà Nội cho biết thành phố đã đón {x} lượt khách quốc tế.",
        "The Hanoi Department of Tourism said the city welcomed {x} international visitors.",
    ),
    ("Hội chợ thu hút {x} doanh nghiệp tham gia.", "The fair drew {x} participating businesses."),
    (
        "Theo báo cáo, {x} dự án đã được phê duyệt trong kỳ.",
        "According to the report, {x} projects were approved in the period.",
    ),
]
ORDINAL_FRAMES = [
    ("Lễ hội được tổ chức {x} tại Hà Nội.", "The festival was held in Hanoi {x}."),
]
QUARTER_FRAMES = [
    ("Kế hoạch sẽ hoàn thành trong {x}.", "The plan will be completed in {x}."),
]
ROMAN_FRAMES = [
    (
        "Đại biểu Quốc hội {x} đã tiếp xúc cử tri.",
        "Deputies of the {x} National Assembly met voters.",
    ),
]
DATE_FRAMES = [
    (
        "{X}, Hà Nội tổ chức hội nghị xúc tiến đầu tư.",
        "{X}, Hanoi held an investment promotion conference.",
    ),
    (
        "Chương trình sẽ khai mạc {x} tại Hoàng thành Thăng Long.",
        "The programme will open {x} at the Thang Long Imperial Citadel.",
    ),
]


def _frame(form: Form, rng: random.Random) -> tuple[str, str]:
    if form.kind == "date":
        return rng.choice(DATE_FRAMES)
    if form.name.startswith("ordinal"):
        return ORDINAL_FRAMES[0]
    if form.name.startswith("quarter"):
        return QUARTER_FRAMES[0]
    if form.name.startswith("Roman"):
        return ROMAN_FRAMES[0]
    return rng.choice(NUMBER_FRAMES)


def _fill(frame: str, figure: str) -> str:
    if "{X}" in frame:
        figure = figure[:1].upper() + figure[1:]
        return frame.replace("{X}", figure)
    return frame.replace("{x}", figure)


def _drop(frame: str) -> str:
    """The English frame with the figure left out, tidied."""
    text = frame.replace("{X}, ", "").replace(" {x}", "").replace("{x} ", "")
    return text[:1].upper() + text[1:]


def generate(per_form: int, rng: random.Random) -> list[FormPair]:
    """``per_form`` pairs of each form: a third clean, a third with another
    value on the English side, a third with the figure left out."""
    pairs: list[FormPair] = []
    on = date(2025, 6, 15)
    for form in FORMS:
        for i in range(per_form):
            value = form.draw(rng)
            vi_frame, en_frame = _frame(form, rng)
            # one random source for both renderings, so a form's variant is the same
            seed = rng.random()
            vi, en = form.render(value, random.Random(seed))
            source = _fill(vi_frame, vi)
            reference = _fill(en_frame, en)
            error = (None, "value", "dropped")[i % 3]
            if error == "value":
                _, en = form.render(form.other(value, rng), random.Random(seed))
                target = _fill(en_frame, en)
            elif error == "dropped":
                target = _drop(en_frame)
            else:
                target = _fill(en_frame, en)
            pairs.append(FormPair(form.name, form.kind, source, target, on, error, reference))
    return pairs
