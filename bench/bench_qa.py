"""Translation QA: per-check precision and recall on injected errors.

Two sets of Vietnamese–English pairs:

* IWSLT'15 tst2012 (TED talks, 1,553 pairs, ../shared/data/translation/iwslt15),
  lightly detokenised;
* news-style pairs generated here from templates (dates such as "Ngày 2.6" and
  "26/4", numbers such as "2.350" and "1,5 triệu", names of bodies from the
  seed termbase), because TED has few dates and official names.

Into the English side of a deterministic random subset, one known error is
injected per pair: a changed number, a dropped number, day and month swapped
in a date, a forbidden or outdated term put in place of the right one, or the
source copied as the target. Other pairs stay clean. A check's true positive
is a firing on a pair with its own kind of error; a firing on a clean pair or
a pair with another error is a false positive.

In the same run, the baseline a user would otherwise pick: a digits check in
the manner of Weblate and the Translate Toolkit (the same digit strings must
appear on both sides), scored against number and date errors together.

Those injections are placed where doingoai's own readers find a number, a
date or a term, so their recall is 1.000 by construction. The last section
does not use the product's parsers: bench/qa_forms.py writes numbers and
dates in the forms writers use ("2.350", "2 nghìn", "hai", "ngày mồng 2
tháng 6", "2/6", "quý II", ranges …) from values it draws itself, writes the
English side from another value or leaves the figure out, and the table
shows, form by form, what the checks miss.

Usage: .venv/bin/python bench/bench_qa.py [--quick]
"""

from __future__ import annotations

import html
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from doingoai.text.dates import find_dates
from doingoai.text.numbers import find_numbers
from doingoai.translate.qa import check_segment
from doingoai.translate.qa._english import find_english_dates, find_english_numbers
from doingoai.translate.termbase import Termbase, default_termbase

ROOT = Path(__file__).resolve().parents[1]
IWSLT = ROOT.parent / "shared" / "data" / "translation" / "iwslt15"
EXPECTED = {
    "number-changed": "numbers",
    "number-dropped": "numbers",
    "date-swapped": "dates",
    "forbidden-term": "terms",
    "untranslated": "untranslated",
}
MEASURED = ("numbers", "dates", "terms", "untranslated")
# share of the eligible, still clean pairs that get each error (rarest kinds first)
IWSLT_SHARES = {
    "date-swapped": 0.5,
    "forbidden-term": 0.5,
    "number-changed": 0.3,
    "number-dropped": 0.3,
    "untranslated": 0.05,
}
FRAMED_SHARES = {
    "date-swapped": 0.2,
    "forbidden-term": 0.2,
    "number-changed": 0.4,
    "number-dropped": 0.4,
    "untranslated": 0.03,
}
NEWS_SHARES = {
    "date-swapped": 0.3,
    "forbidden-term": 0.5,
    "number-changed": 0.2,
    "number-dropped": 0.2,
    "untranslated": 0.05,
}
MONTH_NAMES = [
    "",
    *[
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
    ],
]


@dataclass
class Pair:
    source: str
    target: str
    on: date | None = None
    error: str | None = None


def detokenise(text: str) -> str:
    text = html.unescape(html.unescape(text))
    text = re.sub(r" ([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    text = re.sub(r" (['’](?:s|re|ve|ll|d|m|t)\b)", r"\1", text)
    text = re.sub(r" (n't)\b", r"\1", text)
    text = re.sub(r'" (.*?) "', r'"\1"', text)
    return text


def load_iwslt(limit: int | None) -> list[Pair]:
    vi = (IWSLT / "tst2012.vi").read_text(encoding="utf-8").splitlines()
    en = (IWSLT / "tst2012.en").read_text(encoding="utf-8").splitlines()
    pairs = [Pair(detokenise(s), detokenise(t)) for s, t in zip(vi, en, strict=True)]
    return pairs[:limit] if limit else pairs


# --- templated news pairs -----------------------------------------------------------

BODIES = [
    "tt03-2-bo-ngoai-giao",
    "tt03-2-bo-cong-an",
    "tt03-2-bo-tai-chinh",
    "tt03-2-bo-y-te",
    "tt03-2-bo-tu-phap",
    "hn-peoples-committee",
    "hn-peoples-council",
    "hn-party-committee",
    "hn-dept-foreign-affairs",
    "vn-communist-party",
    "vn-ministry-agriculture-environment",
    "hn-dept-science-technology",
]
PEOPLE = ["Ngô Văn Quý", "Trần Thị Lan", "Nguyễn Văn Hùng", "Lê Minh Tuấn", "Phạm Thu Hà"]


def _vi_number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _date_phrases(rng: random.Random, on: date) -> tuple[str, str]:
    d, m = rng.randint(1, 28), rng.randint(1, 12)
    kind = rng.randrange(4)
    month = MONTH_NAMES[m]
    if kind == 0:
        return f"Ngày {d}.{m}", f"On {month} {d}"
    if kind == 1:
        return f"Chiều {d}/{m}", f"On the afternoon of {month} {d}"
    if kind == 2:
        y = rng.randint(1945, on.year)
        return f"Ngày {d}/{m}/{y}", f"On {month} {d}, {y}"
    return f"Sáng {d}/{m}", f"On the morning of {d} {month}"


def _number_phrases(rng: random.Random) -> tuple[str, str]:
    kind = rng.randrange(3)
    if kind == 0:
        n = rng.randint(1001, 99999)
        return f"{_vi_number(n)} đại biểu", f"{n:,} delegates"
    if kind == 1:
        whole, tenth = rng.randint(1, 20), rng.randint(1, 9)
        return f"{whole},{tenth} triệu lượt khách", f"{whole}.{tenth} million visitors"
    n = rng.randint(11, 95)
    return f"{n}% doanh nghiệp", f"{n}% of businesses"


def body_names(termbase: Termbase, concept_id: str, on: date) -> tuple[str, str] | None:
    """The preferred Vietnamese and English names of a body on a day, if both exist."""
    concept = termbase.get(concept_id)
    assert concept is not None
    names = []
    for lang in ("vi", "en"):
        terms = [t for t in concept.terms_in(lang) if t.usable_on(on) and t.status == "preferred"]
        if not terms:
            return None
        names.append(terms[0].text)
    return names[0], names[1]


def templated(termbase: Termbase, count: int, rng: random.Random) -> list[Pair]:
    pairs = []
    start = date(2023, 1, 1)
    for _ in range(count):
        on = start + timedelta(days=rng.randrange(3 * 365))
        names = body_names(termbase, rng.choice(BODIES), on)
        if names is None:
            continue
        body_vi, body_en = names
        date_vi, date_en = _date_phrases(rng, on)
        num_vi, num_en = _number_phrases(rng)
        person = rng.choice(PEOPLE)
        shape = rng.randrange(3)
        if shape == 0:
            vi = f"{date_vi}, {body_vi} đã tiếp {num_vi} tại Hà Nội."
            en = f"{date_en}, the {body_en} received {num_en} in Hanoi."
        elif shape == 1:
            vi = f"{date_vi}, ông {person} cho biết {body_vi} ghi nhận {num_vi}."
            en = f"{date_en}, Mr {person} said the {body_en} recorded {num_en}."
        else:
            vi = f"Theo {body_vi}, {num_vi} đã tham gia chương trình từ {date_vi.lower()}."
            en = f"According to the {body_en}, {num_en} have joined the programme since {date_en[3:]}."
        pairs.append(Pair(vi, en, on))
    return pairs


def framed(pairs: list[Pair], termbase: Termbase, rng: random.Random) -> list[Pair]:
    """TED sentences quoted in a news frame: a date and the name of a body before
    each ("Ngày 2.6, đại diện Bộ Ngoại giao nói: …" / "On June 2, a representative
    of the Ministry of Foreign Affairs said: …"), so that dates and terms sit in
    real sentences with their own numbers and noise around them."""
    out = []
    start = date(2023, 1, 1)
    for pair in pairs:
        on = start + timedelta(days=rng.randrange(3 * 365))
        names = body_names(termbase, rng.choice(BODIES), on)
        if names is None:
            continue
        date_vi, date_en = _date_phrases(rng, on)
        vi = f'{date_vi}, đại diện {names[0]} nói: "{pair.source}"'
        en = f'{date_en}, a representative of the {names[1]} said: "{pair.target}"'
        out.append(Pair(vi, en, on))
    return out


# --- error injection ----------------------------------------------------------------


def _change_number(pair: Pair, rng: random.Random) -> str | None:
    if not find_numbers(pair.source):
        return None
    numbers = [n for n in _target_numbers(pair.target) if not n.word]
    if not numbers:
        return None
    n = rng.choice(numbers)
    digits = [i for i, c in enumerate(n.raw) if c.isdigit()]
    i = rng.choice(digits)
    new = str((int(n.raw[i]) + rng.randint(1, 8)) % 10)
    if i == digits[0] and new == "0":
        new = "9"
    raw = n.raw[:i] + new + n.raw[i + 1 :]
    return pair.target[: n.span[0]] + raw + pair.target[n.span[1] :]


def _drop_number(pair: Pair, rng: random.Random) -> str | None:
    if not find_numbers(pair.source):
        return None
    numbers = [n for n in _target_numbers(pair.target) if not n.word]
    if not numbers:
        return None
    n = rng.choice(numbers)
    return (pair.target[: n.span[0]] + pair.target[n.span[1] :].lstrip(" ")).replace("  ", " ")


def _target_numbers(target: str) -> list:  # type: ignore[type-arg]
    dates = [d.span for d in find_english_dates(target)]
    return [
        n
        for n in find_english_numbers(target)
        if not any(n.span[0] < e and s < n.span[1] for s, e in dates)
    ]


def _swap_date(pair: Pair, rng: random.Random) -> str | None:
    source = [d for d in find_dates(pair.source) if d.day and not d.lunar]
    for d in find_english_dates(pair.target):
        if (
            d.day
            and d.day <= 12
            and d.day != d.month
            and any(s.day == d.day and s.month == d.month for s in source)
        ):
            raw = d.raw
            swapped = re.sub(r"\b\d{1,2}\b", str(d.month), raw, count=1)
            month_name = MONTH_NAMES[d.month]
            swapped = re.sub(month_name, MONTH_NAMES[d.day], swapped, flags=re.IGNORECASE)
            return pair.target[: d.span[0]] + swapped + pair.target[d.span[1] :]
    return None


def _forbidden_term(pair: Pair, termbase: Termbase, rng: random.Random) -> str | None:
    for hit in termbase.find(pair.source, on=pair.on, target_lang="en"):
        if hit.concept.generic:
            continue
        bad = [
            t
            for t in hit.concept.terms_in("en")
            if t.status in {"forbidden", "outdated"} or not t.valid_on(pair.on)
        ]
        if not bad:
            continue
        for good in hit.targets:
            m = re.search(re.escape(good.text), pair.target, re.IGNORECASE)
            if m:
                return pair.target[: m.start()] + rng.choice(bad).text + pair.target[m.end() :]
    return None


def _apply(kind: str, pair: Pair, termbase: Termbase, rng: random.Random) -> str | None:
    if kind == "number-changed":
        return _change_number(pair, rng)
    if kind == "number-dropped":
        return _drop_number(pair, rng)
    if kind == "date-swapped":
        return _swap_date(pair, rng)
    if kind == "forbidden-term":
        return _forbidden_term(pair, termbase, rng)
    return pair.source if len(pair.source.split()) >= 3 else None


def inject(
    pairs: list[Pair], termbase: Termbase, rng: random.Random, shares: dict[str, float]
) -> None:
    """For each kind of error (rarest first), inject it into a random share of
    the pairs it applies to that are still clean; one error at most per pair."""
    order = list(range(len(pairs)))
    rng.shuffle(order)
    for kind, share in shares.items():
        for i in order:
            pair = pairs[i]
            if pair.error or rng.random() >= share:
                continue
            new = _apply(kind, pair, termbase, rng)
            if new is not None and new != pair.target:
                pair.target, pair.error = new, kind


# --- scoring ------------------------------------------------------------------------

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def baseline_digits(source: str, target: str) -> bool:
    """Weblate / Translate Toolkit style: the same digit strings on both sides."""
    return Counter(_DIGITS.findall(source)) != Counter(_DIGITS.findall(target))


def score(name: str, pairs: list[Pair], termbase: Termbase) -> list[str]:
    fired: dict[str, set[int]] = {}  # errors: what blocks approval
    warned: dict[str, set[int]] = {}  # warnings only
    base: set[int] = set()
    started = time.perf_counter()
    for i, pair in enumerate(pairs):
        for issue in check_segment(pair.source, pair.target, on=pair.on, termbase=termbase):
            if issue.severity == "error":
                fired.setdefault(issue.check, set()).add(i)
            else:
                warned.setdefault(issue.check, set()).add(i)
    for check, hits in warned.items():
        warned[check] = hits - fired.get(check, set())
    for i, pair in enumerate(pairs):
        if baseline_digits(pair.source, pair.target):
            base.add(i)
    elapsed = time.perf_counter() - started
    injected = Counter(p.error for p in pairs if p.error)
    clean = [i for i, p in enumerate(pairs) if p.error is None]
    lines = [
        f"### {name}: {len(pairs)} pairs, {len(clean)} clean; injected: "
        + ", ".join(f"{k} {injected[k]}" for k in EXPECTED if injected[k]),
        f"checked in {elapsed:.2f} s ({1000 * elapsed / max(1, len(pairs)):.2f} ms a pair)",
        "",
        "| check | injected | errors | true pos. | precision | recall | warnings only |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]

    def row(label: str, hits: set[int], own: set[int], warn: set[int] | None = None) -> str:
        tp = len(hits & own)
        precision = f"{tp / len(hits):.3f}" if hits else "–"
        recall = f"{tp / len(own):.3f}" if own else "–"
        extra = "–" if warn is None else f"{len(warn)} ({len(warn & own)} on errors)"
        return f"| {label} | {len(own)} | {len(hits)} | {tp} | {precision} | {recall} | {extra} |"

    for check in MEASURED:
        own = {i for i, p in enumerate(pairs) if p.error and EXPECTED[p.error] == check}
        lines.append(row(check, fired.get(check, set()), own, warned.get(check, set())))
    own_nd = {
        i for i, p in enumerate(pairs) if p.error and EXPECTED[p.error] in {"numbers", "dates"}
    }
    both = fired.get("numbers", set()) | fired.get("dates", set())
    lines.append(row("numbers + dates (doingoai)", both, own_nd))
    lines.append(row("numbers + dates (baseline: same digits)", base, own_nd))
    others = sorted(c for c in {*fired, *warned} if c not in MEASURED)
    if others:
        any_fired = {c: fired.get(c, set()) | warned.get(c, set()) for c in others}
        lines.append("")
        lines.append(
            "Other checks (errors or warnings), share of clean pairs they fire on: "
            + ", ".join(
                f"{c} {len(any_fired[c] & set(clean)) / max(1, len(clean)):.1%}" for c in others
            )
        )
    return lines


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    termbase = default_termbase()
    rng = random.Random(2025)
    iwslt = load_iwslt(300 if quick else None)
    inject(iwslt, termbase, rng, IWSLT_SHARES)
    news = templated(termbase, 150 if quick else 600, rng)
    inject(news, termbase, rng, NEWS_SHARES)
    quoted = framed(load_iwslt(300 if quick else None), termbase, rng)
    inject(quoted, termbase, rng, FRAMED_SHARES)
    print("## Translation QA: injected errors, per-check precision and recall\n")
    print("Precision and recall count errors (what blocks approval); warnings are listed apart.\n")
    sets = (
        ("IWSLT'15 tst2012 (TED)", iwslt),
        ("TED sentences quoted in a news frame (date + body)", quoted),
        ("templated news pairs", news),
    )
    for name, pairs in sets:
        print("\n".join(score(name, pairs, termbase)))
        print()
    print("\n".join(locale_section(60 if quick else 300)))
    print()
    print("\n".join(forms_section(15 if quick else 60)))
    return 0


# --- numbers and dates in writers' forms, generated without the product's parsers -------


def forms_section(per_form: int) -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from qa_forms import FORMS, generate

    pairs = generate(per_form, random.Random(2027))
    lines = [
        "### numbers and dates in writers' forms "
        f"(bench/qa_forms.py, no product parser; {per_form} pairs a form: "
        "a third clean, a third with another value, a third with the figure left out)",
        "",
        "A catch is an error of the numbers or dates check on the pair; the baseline "
        "is the same-digits check.",
        "",
        "| form | kind | clean flagged | other value caught | left out caught "
        "| recall | baseline recall | baseline clean flagged |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    totals: dict[str, Counter[str]] = {}
    for form in FORMS:
        own = [p for p in pairs if p.form == form.name]
        count: Counter[str] = Counter()
        for pair in own:
            issues = check_segment(pair.source, pair.target, on=pair.on)
            caught = any(i.severity == "error" and i.check in ("numbers", "dates") for i in issues)
            base = baseline_digits(pair.source, pair.target)
            key = pair.error or "clean"
            count[key] += 1
            count[f"{key} caught"] += caught
            count[f"{key} base"] += base
        for kind in (form.kind, "all"):
            totals.setdefault(kind, Counter()).update(count)
        lines.append(_forms_row(form.name, form.kind, count))
    for kind in ("number", "date", "all"):
        lines.append(_forms_row(f"**{kind}s**" if kind != "all" else "**all**", "", totals[kind]))
    return lines


def _forms_row(name: str, kind: str, c: Counter[str]) -> str:
    errors = c["value"] + c["dropped"]
    caught = c["value caught"] + c["dropped caught"]
    base = c["value base"] + c["dropped base"]
    return (
        f"| {name} | {kind} | {c['clean caught']}/{c['clean']} "
        f"| {c['value caught']}/{c['value']} | {c['dropped caught']}/{c['dropped']} "
        f"| {caught / errors:.3f} | {base / errors:.3f} | {c['clean base']}/{c['clean']} |"
    )


# --- other target languages ---------------------------------------------------------
# The templated news pairs rendered into French, German and Chinese, each in its
# own convention; into a share of them one error is injected: a changed number,
# a dropped number, day and month swapped, or a figure written in another
# convention (English grouping in French and German, Vietnamese in Chinese).

LOCALE_MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
}
LOCALE_FRAMES = {
    "fr": ("Le {date}, le Service de la santé a indiqué que {num} ont pris part au programme.",),
    "de": ("Am {date} teilte das Gesundheitsamt mit, dass {num} an dem Programm teilnahmen.",),
    "zh": ("{date}，卫生厅表示，{num}参加了该项目。",),
}
LOCALE_KINDS = ("number-changed", "number-dropped", "date-swapped", "ambiguous")


def _locale_date(lang: str, day: int, month: int, year: int | None) -> str:
    if lang == "zh":
        return f"{year}年{month}月{day}日" if year else f"{month}月{day}日"
    name = LOCALE_MONTHS[lang].split()[month - 1]
    text = f"{'1er' if day == 1 else day} {name}" if lang == "fr" else f"{day}. {name}"
    return f"{text} {year}" if year else text


def _locale_group(lang: str, n: int, foreign: bool = False) -> str:
    english = f"{n:,}"
    if lang == "zh":
        return english.replace(",", ".") if foreign else english
    if foreign:
        return english
    return english.replace(",", "\u202f" if lang == "fr" else ".")


def _locale_number(lang: str, rng: random.Random) -> tuple[str, str, str | None]:
    """(Vietnamese, target, target with the figure in another convention or None)."""
    kind = rng.randrange(3)
    if kind == 0:
        n = rng.randint(1001, 99999)
        noun = {"fr": "délégués", "de": "Delegierte", "zh": "名代表"}[lang]
        space = "" if lang == "zh" else " "
        return (
            f"{_vi_number(n)} đại biểu",
            f"{_locale_group(lang, n)}{space}{noun}",
            f"{_locale_group(lang, n, foreign=True)}{space}{noun}",
        )
    if kind == 1:
        whole, tenth = rng.randint(1, 20), rng.randint(1, 9)
        vi = f"{whole},{tenth} triệu lượt khách"
        if lang == "zh":
            return vi, f"{whole * 100 + tenth * 10}万人次游客", None
        million = {"fr": "million" if whole < 2 else "millions", "de": "Millionen"}[lang]
        noun = {"fr": "de visiteurs", "de": "Besucher"}[lang]
        return vi, f"{whole},{tenth} {million} {noun}", f"{whole}.{tenth} {million} {noun}"
    n = rng.randint(11, 95)
    target = {"fr": f"{n} % des entreprises", "de": f"{n} % der Unternehmen", "zh": f"{n}%的企业"}
    return f"{n}% doanh nghiệp", target[lang], None


def locale_pairs(lang: str, count: int, rng: random.Random) -> list[Pair]:
    pairs = []
    for _ in range(count):
        kind = rng.choice(LOCALE_KINDS) if rng.random() < 0.5 else None
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        if kind == "date-swapped":  # a swap that still reads as a date
            day = rng.choice([d for d in range(1, 13) if d != month])
        year = rng.choice([None, rng.randint(1990, 2025)])
        vi_date = f"Ngày {day}/{month}/{year}" if year else f"Ngày {day}.{month}"
        vi_num, num, foreign = _locale_number(lang, rng)
        frame = LOCALE_FRAMES[lang][0]
        vi = f"{vi_date}, Sở Y tế cho biết {vi_num} đã tham gia chương trình."
        target = frame.format(date=_locale_date(lang, day, month, year), num=num)
        pair = Pair(vi, target)
        new = None
        if kind in {"number-changed", "number-dropped"}:
            m = re.search(r"\d[\d.,\u202f]*", num)
            assert m is not None
            if kind == "number-dropped":
                changed = num[: m.start()] + num[m.end() :].lstrip()
            else:
                i = rng.randrange(m.start(), m.end())
                while not num[i].isdigit():
                    i = rng.randrange(m.start(), m.end())
                digit = str((int(num[i]) + rng.randint(1, 8)) % 10)
                changed = (
                    num[:i] + ("9" if i == m.start() and digit == "0" else digit) + num[i + 1 :]
                )
            new = frame.format(date=_locale_date(lang, day, month, year), num=changed)
        elif kind == "date-swapped":
            new = frame.format(date=_locale_date(lang, month, day, year), num=num)
        elif kind == "ambiguous" and foreign is not None:
            new = frame.format(date=_locale_date(lang, day, month, year), num=foreign)
        if new is not None and new != target:
            pair.target, pair.error = new, kind
        pairs.append(pair)
    return pairs


def locale_section(count: int) -> list[str]:
    expected = {
        "number-changed": "numbers",
        "number-dropped": "numbers",
        "ambiguous": "numbers",
        "date-swapped": "dates",
    }
    rng = random.Random(2026)
    lines = [
        "### templated news pairs in French, German and Chinese "
        f"({count} pairs each; one error injected into about half)",
        "",
        "| target | check | injected | errors | true pos. | precision | recall |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]

    def row(lang: str, label: str, hits: set[int], own: set[int]) -> str:
        tp = len(hits & own)
        precision = f"{tp / len(hits):.3f}" if hits else "–"
        recall = f"{tp / len(own):.3f}" if own else "–"
        return f"| {lang} | {label} | {len(own)} | {len(hits)} | {tp} | {precision} | {recall} |"

    for lang in ("fr", "de", "zh"):
        pairs = locale_pairs(lang, count, rng)
        fired: dict[str, set[int]] = {"numbers": set(), "dates": set()}
        base: set[int] = set()
        for i, pair in enumerate(pairs):
            for issue in check_segment(pair.source, pair.target, target_lang=lang):
                if issue.severity == "error" and issue.check in fired:
                    fired[issue.check].add(i)
            if baseline_digits(pair.source, pair.target):
                base.add(i)
        for check in ("numbers", "dates"):
            own = {i for i, p in enumerate(pairs) if p.error and expected[p.error] == check}
            lines.append(row(lang, check, fired[check], own))
        both = {i for i, p in enumerate(pairs) if p.error}
        lines.append(
            row(lang, "numbers + dates (doingoai)", fired["numbers"] | fired["dates"], both)
        )
        lines.append(row(lang, "numbers + dates (baseline: same digits)", base, both))
    return lines


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
