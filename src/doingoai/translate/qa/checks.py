"""The QA checks: small named classes with one job each.

A check looks at one :class:`Segment` (source, target, languages, the
article's date, the termbase) and yields :class:`Issue` s. Its ``severity``
is "error" (blocks approval) or "warning" (does not). Spans are character
offsets ``(start, end)`` in the text named by ``side``.

Numbers and dates are checked for the target languages of
:data:`~doingoai.translate.qa._locales.LOCALES` (en, fr, de, es, ru, zh, ja,
ko), each in its own convention; the source is Vietnamese, read by
:mod:`doingoai.text.numbers` and :mod:`doingoai.text.dates`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any, ClassVar, Literal

from doingoai.text import fold, is_vietnamese_syllable, match_form, normalize
from doingoai.translate.qa._english import EnDate, EnNumber
from doingoai.translate.qa._locales import Locale, locale_for
from doingoai.translate.termbase import USABLE, Term, Termbase, TermHit

__all__ = [
    "Brackets",
    "Check",
    "Dates",
    "EmptyTarget",
    "FinalPunctuation",
    "Issue",
    "LengthRatio",
    "Markup",
    "Names",
    "Numbers",
    "Segment",
    "Severity",
    "Side",
    "Spacing",
    "Terms",
    "Untranslated",
]

Severity = Literal["error", "warning"]
Side = Literal["source", "target"]


@dataclass(frozen=True)
class Issue:
    """One problem found by ``check``. ``span`` is in the text named by ``side``."""

    check: str
    severity: Severity
    message: str
    span: tuple[int, int] | None = None
    side: Side = "target"
    segment: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "check": self.check,
            "severity": self.severity,
            "message": self.message,
            "span": list(self.span) if self.span else None,
            "side": self.side,
        }
        if self.segment is not None:
            out["segment"] = self.segment
        return out


_MARKUP = re.compile(
    r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]"  # URL
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>"  # tag
    r"|\{[^{}\s]*\}"  # {1}, {name}
    r"|%(?:\([^)]+\))?\d*\$?[sdif]"  # %s, %(name)s, %1$s
)


@dataclass
class Segment:
    """What the checks look at; the parsed numbers, dates and terms are computed once."""

    source: str
    target: str
    source_lang: str = "vi"
    target_lang: str = "en"
    on: date | None = None
    termbase: Termbase | None = None

    @cached_property
    def source_dates(self) -> list[Any]:
        from doingoai.text.dates import find_dates

        return list(find_dates(self.source))

    @cached_property
    def source_numbers(self) -> list[Any]:
        from doingoai.text.numbers import find_numbers

        markup = [m.span() for m in _MARKUP.finditer(self.source)]
        return [n for n in find_numbers(self.source) if not _inside(tuple(n.span), markup)]

    @cached_property
    def locale(self) -> Locale | None:
        """How the target language writes numbers and dates (None: not checked)."""
        return locale_for(self.target_lang)

    @cached_property
    def target_dates(self) -> list[EnDate]:
        return self.locale.find_dates(self.target) if self.locale else []

    @cached_property
    def target_numbers(self) -> list[EnNumber]:
        if self.locale is None:
            return []
        skip = [d.span for d in self.target_dates]
        skip += [m.span() for m in _MARKUP.finditer(self.target)]
        return [n for n in self.locale.find_numbers(self.target) if not _inside(n.span, skip)]

    @cached_property
    def source_hits(self) -> list[TermHit]:
        if self.termbase is None:
            return []
        hits = self.termbase.find(
            self.source, lang=self.source_lang, on=self.on, target_lang=self.target_lang
        )
        # a placeholder's name ({{fact:dan-so-ha-noi}}, {name}) is not text to translate
        markup = [m.span() for m in _MARKUP.finditer(self.source)]
        return [h for h in hits if not _inside((h.start, h.end), markup)]


def _inside(span: tuple[int, ...], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


class Check:
    """Base class: set ``name``, ``severity``, ``doc`` and write :meth:`run`."""

    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = "warning"
    doc: ClassVar[str] = ""

    def run(self, seg: Segment) -> Iterator[Issue]:
        raise NotImplementedError

    def issue(
        self, message: str, span: tuple[int, int] | None = None, side: Side = "target"
    ) -> Issue:
        return Issue(self.name, self.severity, message, span, side)


def _letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


class EmptyTarget(Check):
    name = "empty"
    severity = "error"
    doc = "The target is empty while the source is not."

    def run(self, seg: Segment) -> Iterator[Issue]:
        if seg.source.strip() and not seg.target.strip():
            yield self.issue("the target is empty", (0, len(seg.target)))


_WORDS = re.compile(r"[^\W\d_]+")


class Untranslated(Check):
    name = "untranslated"
    severity = "error"
    doc = "The target is the source copied, or keeps a run of untranslated Vietnamese."

    def run(self, seg: Segment) -> Iterator[Issue]:
        if seg.source_lang == seg.target_lang or not seg.target.strip():
            return
        words = _WORDS.findall(seg.source)
        common = [w for w in words if not w[0].isupper()]
        squash = " ".join(match_form(seg.target).split())
        if len(words) >= 2 and common and squash == " ".join(match_form(seg.source).split()):
            yield self.issue("the target is the source, untranslated", (0, len(seg.target)))
            return
        if seg.source_lang == "vi":
            yield from self._vietnamese_run(seg.target)

    def _vietnamese_run(self, target: str) -> Iterator[Issue]:
        run: list[re.Match[str]] = []
        for m in [*_WORDS.finditer(target), None]:
            viet = (
                m is not None
                and m.group(0)[0].islower()
                and fold(m.group(0)) != m.group(0).casefold()
                and is_vietnamese_syllable(m.group(0))
            )
            if viet and m is not None:
                run.append(m)
                continue
            if len(run) >= 4:
                span = (run[0].start(), run[-1].end())
                yield self.issue(
                    f"untranslated Vietnamese in the target: {target[span[0] : span[1]]!r}", span
                )
            run = []


class LengthRatio(Check):
    name = "length"
    severity = "warning"
    doc = (
        "The target is much shorter or longer than the source (in characters; "
        "Chinese, Japanese and Korean targets are allowed to be shorter)."
    )
    low, high, minimum = 0.35, 3.0, 25
    # a Chinese character says about a Vietnamese syllable (3–5 letters and a space)
    dense: ClassVar[dict[str, tuple[float, float]]] = {
        "zh": (0.12, 1.5),
        "ja": (0.15, 1.8),
        "ko": (0.2, 2.0),
    }

    def run(self, seg: Segment) -> Iterator[Issue]:
        s, t = len(seg.source.strip()), len(seg.target.strip())
        if s < self.minimum or not t:
            return
        low, high = self.low, self.high
        if seg.locale is not None:
            low, high = self.dense.get(seg.locale.code, (low, high))
        ratio = t / s
        if ratio < low or ratio > high:
            yield self.issue(
                f"the target is {ratio:.2f} times the length of the source (expected {low}–{high})",
                (0, len(seg.target)),
            )


_BEFORE_PUNCT = re.compile(r"(?<=\S)[ \t]+(?=[,.;:!?)\]}](?!\w))")
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")


class Spacing(Check):
    name = "spacing"
    severity = "warning"
    doc = "Double spaces, or a space before punctuation, in the target."

    def run(self, seg: Segment) -> Iterator[Issue]:
        for m in _DOUBLE_SPACE.finditer(seg.target):
            yield self.issue("double space", m.span())
        if seg.target_lang in {"fr"}:  # French puts a space before ; : ! ?
            return
        for m in _BEFORE_PUNCT.finditer(seg.target):
            mark = seg.target[m.end()]
            yield self.issue(f"space before {mark!r}", (m.start(), m.end() + 1))


_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("“", "”"), ("‘", "’"))


def _unbalanced(text: str) -> list[tuple[str, int]]:
    """(character, offset) of brackets and quotes left open or closed alone."""
    problems: list[tuple[str, int]] = []
    for open_, close in _PAIRS[:3]:
        depth: list[int] = []
        for i, c in enumerate(text):
            if c == open_:
                depth.append(i)
            elif c == close:
                if depth:
                    depth.pop()
                else:
                    problems.append((c, i))
        problems.extend((open_, i) for i in depth)
    quotes = [i for i, c in enumerate(text) if c == '"']
    if len(quotes) % 2:
        problems.append(('"', quotes[-1]))
    opens, closes = text.count("“"), text.count("”")
    if opens != closes:
        problems.append(("“" if opens > closes else "”", text.find("“" if opens > closes else "”")))
    return problems


class Brackets(Check):
    name = "brackets"
    severity = "warning"
    doc = "Brackets or quotes unbalanced in the target (and balanced in the source)."

    def run(self, seg: Segment) -> Iterator[Issue]:
        if _unbalanced(seg.source):
            return
        for char, offset in _unbalanced(seg.target):
            yield self.issue(f"unbalanced {char!r}", (offset, offset + 1))


_CLOSERS = "\"'”’)]»」』）】"
_WIDE_PUNCTUATION = str.maketrans("。．？！：；", "..?!:;")  # Chinese and Japanese


def _final(text: str) -> str:
    text = text.translate(_WIDE_PUNCTUATION).rstrip().rstrip(_CLOSERS).rstrip()
    if text.endswith(("...", "…")):
        return "…"
    return text[-1] if text and text[-1] in ".?!:;" else ""


class FinalPunctuation(Check):
    name = "final-punctuation"
    severity = "warning"
    doc = (
        "The target ends with other punctuation than the source (a question mark, "
        "exclamation mark, colon or ellipsis lost or added; a missing full stop is not reported)."
    )

    def run(self, seg: Segment) -> Iterator[Issue]:
        if not seg.source.strip() or not seg.target.strip():
            return
        s, t = _final(seg.source), _final(seg.target)
        # a full stop present on one side only is common and harmless; a
        # question, exclamation, colon or ellipsis that changes is not
        if s != t and {s, t} != {".", "…"} and {s, t} - {"", "."}:
            end = len(seg.target.rstrip())
            yield self.issue(
                f"the source ends with {s or 'no punctuation'!r}, the target with "
                f"{t or 'no punctuation'!r}",
                (max(0, end - 1), end),
            )


_VOID_TAGS = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"]
)


class Markup(Check):
    name = "markup"
    severity = "error"
    doc = "Placeholders, tags, URLs and e-mail addresses of the source appear in the target."

    def run(self, seg: Segment) -> Iterator[Issue]:
        source = [m for m in _MARKUP.finditer(seg.source)]
        target = [m for m in _MARKUP.finditer(seg.target)]
        if not source and not target:
            return
        left = Counter(m.group(0) for m in target)
        for m in source:
            if left[m.group(0)]:
                left[m.group(0)] -= 1
            else:
                yield self.issue(f"{m.group(0)!r} is missing from the target", m.span(), "source")
        extra = Counter(m.group(0) for m in source)
        for m in target:
            if extra[m.group(0)]:
                extra[m.group(0)] -= 1
            else:
                yield self.issue(f"{m.group(0)!r} is not in the source", m.span())
        # the order of tags is the target's own fault only where the source is
        # in order: a tag left open in the source itself (text that merely
        # looks like a tag) must not block the target whatever it says
        in_source = {issue.message for issue in self._tag_order(seg.source)}
        for issue in self._tag_order(seg.target):
            if issue.message not in in_source:
                yield issue

    def _tag_order(self, text: str) -> Iterator[Issue]:
        stack: list[tuple[str, tuple[int, int]]] = []
        for m in re.finditer(r"<(/?)([A-Za-z][\w:-]*)[^<>]*?(/?)>", text):
            closing, name, empty = m.group(1), m.group(2), m.group(3)
            if empty or name.lower() in _VOID_TAGS:  # <br>, <img …>: never closed
                continue
            if not closing:
                stack.append((name, m.span()))
            elif stack and stack[-1][0] == name:
                stack.pop()
            else:
                yield self.issue(f"</{name}> closes a tag that is not open", m.span())
        for name, span in stack:
            yield self.issue(f"<{name}> is never closed", span)


_DECADES = {Decimal(v) for v in range(10, 100, 10)}
_DECADE_BEFORE = re.compile(r"(?:thập\s+(?:kỷ|kỉ|niên)|những\s+năm|các\s+năm)\s+$", re.I)


def plain(number: Any) -> bool:
    """A whole number with no scale word and no percent sign."""
    return (
        getattr(number, "multiplier", 1) == 1
        and not getattr(number, "percent", False)
        and number.value == number.value.to_integral_value()
    )


class Numbers(Check):
    name = "numbers"
    severity = "error"
    doc = (
        "Each number of the source is in the target, in the target's convention "
        '(vi "2.350" = en "2,350" = fr "2 350" = de "2.350" = zh "2,350"; vi "1,5 triệu" '
        '= en "1.5 million" = fr "1,5 million" = zh "150万"); a number written in '
        'another convention that reads otherwise in the target ("2.350" or "1,5" in '
        'English or Chinese, "2,350" or "1.5" in French, German, Spanish or Russian) is '
        "ambiguous. Targets: en, fr, de, es, ru, zh, ja, ko; spelled-out numbers are "
        "read in English, Chinese and Japanese only (elsewhere a number spelled out in "
        'the target is reported missing). A bare "1" that may stand for the article '
        "is a warning."
    )

    def run(self, seg: Segment) -> Iterator[Issue]:
        loc = seg.locale
        if seg.source_lang != "vi" or loc is None:
            return
        target = seg.target_numbers
        for n in target:
            if n.ambiguous:
                yield self.issue(loc.ambiguous(n.raw), n.span)
        used = [False] * len(target)
        for number in seg.source_numbers:
            if self._said_otherwise(seg, loc, number):
                continue
            values = {number.value}
            figure = number.raw.split()[0].rstrip("%")
            if re.fullmatch(r"\d{1,3},\d{3}", figure):  # "100,000" written the English way
                values.add(Decimal(figure.replace(",", "")) * getattr(number, "multiplier", 1))
            year = number.value if 1500 <= number.value <= 2099 and plain(number) else None
            if (
                plain(number)
                and number.value in _DECADES
                and _DECADE_BEFORE.search(seg.source[max(0, number.span[0] - 16) : number.span[0]])
            ):  # "thập niên 80" is "the 1980s" (or "the '80s", "the eighties")
                values |= {1900 + number.value, 2000 + number.value}
            for i, n in enumerate(target):
                if used[i]:
                    continue
                if n.value in values or (
                    n.short_year and year is not None and year % 100 == n.value
                ):
                    used[i] = True
                    break
            else:
                if self._first_day(seg, number):
                    continue
                message = (
                    f"{number.raw!r} is not in the target (expected {loc.number_text(number)!r})"
                )
                if self._article_like(seg, number):
                    # "1 tuần", "1 thế giới": the digit written for "một", which English
                    # often says with "the", "this" or nothing; worth a look, not a block.
                    yield Issue(
                        self.name,
                        "warning",
                        message + f"; if it stands for {loc.article}, that is fine",
                        tuple(number.span),
                        "source",
                    )
                    continue
                yield self.issue(message, tuple(number.span), "source")

    @staticmethod
    def _first_day(seg: Segment, number: Any) -> bool:
        """ "Ngày 3 và 4/6": the 3 is a number to the Vietnamese reader and the
        first day of a range to the target's ("June 3 and 4", "les 3 et 4 juin",
        "6月3日和4日")."""
        if not plain(number) or not 1 <= number.value <= 31:
            return False
        after = seg.source[number.span[1] : number.span[1] + 12]
        if not re.match(r"\s*(?:và|,|-|–|đến|tới)\s*(?:ngày\s+)?\d", after, re.I):
            return False
        source = {(d.day, d.month) for d in seg.source_dates}
        return any(
            t.day == number.value and (t.day, t.month) not in source and not t.lunar
            for t in seg.target_dates
        )

    @staticmethod
    def _article_like(seg: Segment, number: Any) -> bool:
        """A bare "1" before a word ("1 tuần", "1 chú chuột"): Vietnamese writers use
        the digit for "một", the indefinite article, as often as for the number."""
        if number.raw != "1" or not plain(number):
            return False
        after = seg.source[number.span[1] : number.span[1] + 12]
        return re.match(r"\s+[^\W\d_]", after) is not None and not re.match(
            r"\s+(?:triệu|tỷ|tỉ|nghìn|ngàn|vạn|trăm|phần|lần|giờ|phút|giây|năm|tháng|ngày|km|kg|m\b|ha\b)",
            after,
            re.I,
        )

    @staticmethod
    def _said_otherwise(seg: Segment, loc: Locale, number: Any) -> bool:
        """Vietnamese numbers the target says with words: "thứ 7" (Saturday,
        samedi), "tháng 1" (January, janvier), "1" as an article ("1 ngày" is
        "a day", "un jour")."""
        start = number.span[0]
        before = seg.source[max(0, start - 8) : start].lower()
        value = number.value
        plain = getattr(number, "multiplier", 1) == 1 and not getattr(number, "percent", False)
        if not plain or value != value.to_integral_value():
            return False
        if re.search(r"thứ\s*$", before) and 2 <= value <= 7:
            return loc.weekday_named(int(value), seg.target)
        if re.search(r"tháng\s*$", before) and 1 <= value <= 12:
            return loc.month_named(int(value), seg.target)
        return value == 1 and loc.one.search(seg.target) is not None


class Dates(Check):
    name = "dates"
    severity = "error"
    doc = (
        'Each date of the source is in the target ("Ngày 2.6" → en "June 2", fr "2 juin", '
        'de "2. Juni", es "2 de junio", ru "2 июня", zh/ja "6月2日", ko "6월 2일"; '
        '"26/4" → "April 26"); lunar dates stay lunar ("mùng 10/3 âm lịch" is not '
        '"March 10" nor "6月2日" without 农历): a lunar word (lunar, lunaire, '
        "Mondkalender, лунный, 农历, 旧暦, 음력) must be in the target. Targets: en, fr, de, "
        "es, ru, zh, ja, ko."
    )

    def run(self, seg: Segment) -> Iterator[Issue]:
        loc = seg.locale
        if seg.source_lang != "vi" or loc is None:
            return
        target = seg.target_dates
        used = [False] * len(target)
        for d in seg.source_dates:
            day, month, year = d.day, d.month, d.year
            if month is None:
                continue
            span = tuple(d.span)
            if getattr(d, "lunar", False):
                yield from self._lunar(seg, d, span)
                continue
            # "tháng Hai": the month's name will do
            if day is None and year is None and loc.month_named(month, seg.target):
                continue
            for i, t in enumerate(target):
                if used[i] or t.lunar or t.month != month or t.day != day:
                    continue
                if year is not None and t.year is not None and t.year != year:
                    continue
                if year is not None and t.year is None and str(year) not in seg.target:
                    continue
                used[i] = True
                break
            else:
                yield self.issue(
                    f"the date {d.raw if hasattr(d, 'raw') else seg.source[span[0] : span[1]]!r} "
                    f"is not in the target (expected {loc.date_text(d)!r})",
                    span,
                    "source",
                )

    def _lunar(self, seg: Segment, d: Any, span: tuple[int, int]) -> Iterator[Issue]:
        raw = seg.source[span[0] : span[1]]
        for t in seg.target_dates:
            if t.day == d.day and t.month == d.month and not t.lunar:
                yield self.issue(
                    f"the lunar date {raw!r} is rendered as a calendar date {t.raw!r}; keep it lunar",
                    t.span,
                )
                return
        if seg.locale is None or not seg.locale.lunar.search(seg.target):
            yield self.issue(
                f"the lunar date {raw!r} is not rendered as a lunar date in the target",
                span,
                "source",
            )


# --- termbase and names -------------------------------------------------------------


@lru_cache(maxsize=8192)
def _term_pattern(text: str) -> re.Pattern[str]:
    words = []
    for word in text.split():
        words.append("".join("['’]" if c in "'’" else re.escape(c) for c in word))
    return re.compile(r"(?<![\w])" + r"\s+".join(words) + r"(?![\w])", re.IGNORECASE)


def _find_term(target: str, term: Term) -> list[tuple[int, int]]:
    return [m.span() for m in _term_pattern(term.text).finditer(target)]


class Terms(Check):
    name = "terms"
    severity = "error"
    doc = (
        "Termbase terms of the source are translated with a usable term on the "
        "article's date; forbidden and outdated terms are absent."
    )

    def run(self, seg: Segment) -> Iterator[Issue]:
        if seg.termbase is None:
            return
        reported: set[tuple[int, int]] = set()
        for hit in seg.source_hits:
            if hit.concept.generic or not hit.targets:
                continue
            found = [span for t in hit.targets for span in _find_term(seg.target, t)]
            if not found:
                first = hit.targets[0].text
                when = " (its name at the time)" if hit.historical else ""
                yield self.issue(
                    f"{hit.text!r} should be translated as {first!r}{when}",
                    (hit.start, hit.end),
                    "source",
                )
            usable = {t.text for t in hit.targets}
            for term in hit.concept.terms_in(seg.target_lang):
                if term.text in usable:
                    continue
                bad = term.status not in USABLE or not term.valid_on(seg.on)
                if not bad:
                    continue
                for span in _find_term(seg.target, term):
                    if any(s <= span[0] and span[1] <= e for s, e in found) or span in reported:
                        continue
                    reported.add(span)
                    why = "forbidden" if term.status == "forbidden" else "outdated"
                    if term.status in USABLE:
                        why = f"not valid on {seg.on}"
                    yield self.issue(
                        f"{term.text!r} is {why} for {hit.text!r}; use {hit.targets[0].text!r}",
                        span,
                    )
        for hit in seg.termbase.find(seg.target, lang=seg.target_lang, on=seg.on):
            if hit.term.status == "forbidden" and (hit.start, hit.end) not in reported:
                reported.add((hit.start, hit.end))
                better = [
                    t.text for t in hit.concept.terms_in(seg.target_lang) if t.usable_on(seg.on)
                ]
                advice = f"; use {better[0]!r}" if better else ""
                yield self.issue(f"{hit.text!r} is a forbidden term{advice}", (hit.start, hit.end))


# Common Vietnamese family names (facts of the language; the most frequent ones).
SURNAMES = frozenset(
    match_form(s)
    for s in [
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Đào",
        "Đoàn",
        "Vương",
        "Trịnh",
        "Trương",
        "Lâm",
        "Phùng",
        "Mai",
        "Tô",
        "Tạ",
        "Hà",
        "Lưu",
        "Cao",
        "Chu",
        "Đinh",
        "Lương",
        "Thái",
        "Triệu",
        "Quách",
        "Khổng",
        "Kiều",
        "Lại",
        "Lò",
        "Mạc",
        "Tăng",
        "Văn",
        "Đàm",
        "Thân",
        "Nông",
        "Âu",
        "Châu",
        "Hứa",
    ]
)


def vietnamese_names(text: str) -> list[tuple[int, int]]:
    """Spans of personal names: 2–4 capitalised Vietnamese syllables starting
    with a common family name ("Ngô Văn Quý", "Nguyễn Thị Minh Khai")."""
    out: list[tuple[int, int]] = []
    words = list(re.finditer(r"[^\W\d_]+", text))
    i = 0
    while i < len(words):
        w = words[i].group(0)
        if match_form(w) in SURNAMES and w[0].isupper():
            j = i + 1
            while (
                j < len(words)
                and j - i < 4
                and words[j].group(0)[0].isupper()
                and text[words[j - 1].end() : words[j].start()] == " "
                and is_vietnamese_syllable(words[j].group(0))
            ):
                j += 1
            if j - i >= 2:
                out.append((words[i].start(), words[j - 1].end()))
                i = j
                continue
        i += 1
    return out


class Names(Check):
    name = "names"
    severity = "error"
    doc = (
        'Vietnamese personal names keep their diacritics ("Ngô Văn Quý", not '
        '"Ngo Van Quy"), unless the termbase sets another form.'
    )

    def run(self, seg: Segment) -> Iterator[Issue]:
        if seg.source_lang != "vi" or seg.target_lang == "vi":
            return
        covered = [(h.start, h.end) for h in seg.source_hits]
        target_mf = match_form(seg.target)
        target_fold = fold(seg.target)
        aligned = len(target_fold) == len(seg.target)
        for start, end in vietnamese_names(seg.source):
            if any(s <= start and end <= e for s, e in covered):
                continue
            name = normalize(seg.source[start:end])
            folded = fold(name)
            if folded == name.casefold() or match_form(name) in target_mf:
                continue
            pattern = re.compile(r"(?<![\w])" + re.escape(folded) + r"(?![\w])")
            for m in pattern.finditer(target_fold):
                if not aligned:
                    yield self.issue(f"the name {name!r} has lost its diacritics")
                    break
                written = seg.target[m.start() : m.end()]
                if match_form(written) != match_form(name):
                    yield self.issue(
                        f"the name {written!r} has lost its diacritics: write {name!r}", m.span()
                    )
