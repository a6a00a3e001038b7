"""How each target language writes numbers and dates, for the QA checks.

One :class:`Locale` per target language, looked up with :func:`locale_for`.
Each reads numbers and dates in its own convention and returns the shapes of
the English reader (:class:`EnNumber`, :class:`EnDate`):

* en: "2,350", "1.5 million", "June 2" (:mod:`._english`);
* fr: "2 350" (space, no-break space or narrow no-break space), "1,5 million",
  "1,5 milliard", "2,6 %"; "2 juin", "le 1er juin 2025", "juin 2025", "du 26
  au 30 avril";
* de: "2.350", "1,5 Millionen", "Mio.", "Milliarden", "Mrd."; "2. Juni 2025",
  "2.6.2025";
* es: "2.350" or "2 350", "1,5 millones", "mil millones"; "2 de junio de 2025";
* ru: "2 350", "1,5 млн", "млрд", "тыс."; "2 июня 2025 г.", "в июне 2025 года";
* zh: "2,350", "1.5万", "2.35亿", "1亿5000万", Chinese numerals ("三", "二十五");
  "6月2日", "2025年6月2日", "六月二日", lunar "农历三月初十", "正月初一";
* ja: like zh with 万, 億, 兆; "2025年6月2日", "令和7年6月2日";
* ko: "2,350", "1.5만", "2억 3500만"; "6월 2일", "2025년 6월 2일", "2025. 6. 2.".

A number written in another convention that a reader of the target takes
otherwise, or cannot read in its own ("2,350" in French, which reads 2.35;
"2.350" in Chinese; "1.5" in German) is ``ambiguous``; its ``value`` is then
the reading of the convention it was written in (2350), so that it is
reported once, as ambiguous, and not also as missing. Lunar dates are dates
with a lunar word near them (lunaire, lunar, Mondkalender, лунный, 农历,
旧暦, 음력) or, in Chinese, a lunar form ("初十", "正月").

Not read outside English: spelled-out numbers ("trois", "drei", "tres",
"три", Korean numerals); Chinese and Japanese numerals are read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from doingoai.translate.qa._english import (
    EnDate,
    EnNumber,
    find_english_dates,
    find_english_numbers,
)
from doingoai.translate.qa._readers import (
    SPACES,
    NumberReader,
    cjk_dates,
    european_dates,
    month_table,
)

if TYPE_CHECKING:
    from doingoai.text.dates import DateMention
    from doingoai.text.numbers import NumberMention

__all__ = ["LOCALES", "Locale", "locale_for", "supported_languages"]


@dataclass(frozen=True)
class Locale:
    """What the numbers and dates checks need to know about a target language."""

    code: str
    name: str
    convention: str  # "thousands take a space, decimals a comma"
    find_numbers: Callable[[str], list[EnNumber]]
    find_dates: Callable[[str], list[EnDate]]
    one: re.Pattern[str]  # words for "one" or the indefinite article
    article: str  # what a bare "1" may stand for ("the article 'a'")
    month_names: Sequence[str]  # patterns, January first
    weekday_names: Sequence[str]  # patterns, Monday (thứ 2) to Saturday (thứ 7)
    lunar: re.Pattern[str]
    number_text: Callable[[NumberMention], str]  # a Vietnamese number as the target writes it
    date_text: Callable[[DateMention], str]  # a Vietnamese date as the target writes it

    def month_named(self, month: int, text: str) -> bool:
        """The month is said by its name ("tháng 1": January, janvier, 1月)."""
        return re.search(self.month_names[month - 1], text, re.IGNORECASE) is not None

    def weekday_named(self, thu: int, text: str) -> bool:
        """ "thứ 2" (Monday) … "thứ 7" (Saturday) said with the weekday's name."""
        return re.search(self.weekday_names[thu - 2], text, re.IGNORECASE) is not None

    def ambiguous(self, raw: str) -> str:
        """The message for a number written in another convention."""
        if self.code == "en":
            return (
                f"{raw!r} is written the Vietnamese way; in English it is ambiguous "
                "(thousands take a comma, decimals a point)"
            )
        return (
            f"{raw!r} is written in another convention; in {self.name} it is ambiguous "
            f"({self.convention})"
        )


# --- writing the expected form, for messages -----------------------------------------


def _format(value: Decimal, group: str, decimal: str, grouped: bool) -> str:
    from doingoai.text.numbers import format_english

    text = format_english(value, group=grouped)
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def _number_writer(
    group: str, decimal: str, scales: str, percent: str, singular_below: int = 1
) -> Callable[[NumberMention], str]:
    """How a Vietnamese number is written in the target. ``scales``: "one|many"
    names of 10^12, 10^9 and 10^6 (or, with a "cjk:" prefix, of 10^12, 10^8 and
    10^4), the singular for 1 and below ``singular_below`` (French "1,5 million");
    ``percent`` is "{} %" or "{}%"."""
    cjk = scales.startswith("cjk:")
    sizes = (10**12, 10**8, 10**4) if cjk else (10**12, 10**9, 10**6)
    names = [tuple(pair.split("|")) for pair in scales.removeprefix("cjk:").split(",")]

    def write(n: NumberMention) -> str:
        if n.percent:
            return percent.format(_format(n.value, group, decimal, True))
        if n.multiplier >= 10**6:
            for size, (one, *many) in zip(sizes, names, strict=True):
                if n.value >= size:
                    figure = n.value / size
                    single = figure == 1 or figure < singular_below
                    word = one if single or not many else many[0]
                    return _format(figure, group, decimal, True) + word
        grouped = re.search(r"\d\.\d{3}(?!\d)", n.raw) is not None
        grouped = grouped or n.multiplier > 1 or abs(n.value) >= 10_000
        return _format(n.value, group, decimal, grouped)

    return write


def _date_writer(
    template: str, month_year: str, names: Sequence[str], first: str = "", alone: str = "{m}"
) -> Callable[[DateMention], str]:
    """``template`` with {d}, {m} (name), {n} (number) and {y}, the year part in
    brackets; ``month_year`` and ``alone`` for a month with and without its year."""

    def write(d: DateMention) -> str:
        year = d.year if d.year is not None and not d.year_inferred else None
        month = names[d.month - 1] if names else str(d.month)
        if d.day is None:
            return (month_year if year else alone).format(m=month, y=year, n=d.month)
        day = first if d.day == 1 and first else str(d.day)
        text = re.sub(r"\[(.*?)\]", r"\1" if year else "", template)
        return text.format(d=day, m=month, n=d.month, y=year)

    return write


def _english_number(n: NumberMention) -> str:
    return n.to_english()


def _english_date(d: DateMention) -> str:
    return d.to_english()


def _first_names(months: dict[str, int]) -> list[str]:
    return [next(n for n, m in months.items() if m == i) for i in range(1, 13)]


# --- the languages -------------------------------------------------------------------

_E6, _E9, _E12 = Decimal(10) ** 6, Decimal(10) ** 9, Decimal(10) ** 12
_EUROPEAN_PERCENT = "{} %"


def _scales(table: dict[str, Decimal]) -> dict[str, Decimal]:
    """{"million millions": 10^6} → {"million": 10^6, "millions": 10^6}."""
    return {word: value for words, value in table.items() for word in words.split()}


_FR_MONTHS = month_table(
    "janvier janv.|février fevrier févr. fevr.|mars|avril avr.|mai|juin|juillet juil."
    "|août aout|septembre sept.|octobre oct.|novembre nov.|décembre decembre déc."
)
_DE_MONTHS = month_table(
    "Januar Jänner Jan.|Februar Feber Feb.|März Maerz Mär.|April Apr.|Mai|Juni Jun."
    "|Juli Jul.|August Aug.|September Sept. Sep.|Oktober Okt.|November Nov.|Dezember Dez."
)
_ES_MONTHS = month_table(
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre setiembre"
    "|octubre|noviembre|diciembre"
)
# genitive ("2 июня"), nominative ("июнь 2025") and prepositional ("в июне")
_RU_MONTHS = month_table(
    "января январь январе|февраля февраль феврале|марта март марте|апреля апрель апреле"
    "|мая май мае|июня июнь июне|июля июль июле|августа август августе"
    "|сентября сентябрь сентябре|октября октябрь октябре|ноября ноябрь ноябре"
    "|декабря декабрь декабре"
)

_FR_DATES = european_dates(
    _FR_MONTHS,
    r"{d}(?:er|re)?\s+{m}",
    year=r",?\s+{y}",
    month_year=r"{m}\s+{y}",
    ranges=r"{d1}(?:er)?\s*(?:au|-|–|et)\s*{d}\s+{m}",
    numeric=[r"{d}/(?P<m>[01]?\d)/{y}"],
    lunar=r"\blunaires?\b",
)
_DE_DATES = european_dates(
    _DE_MONTHS,
    r"{d}\.\s*{m}",
    year=r",?\s+{y}",
    month_year=r"{m}\s+{y}",
    ranges=r"{d1}\.?\s*(?:bis(?:\s+zum)?|-|–|und)\s*{d}\.\s*{m}",
    numeric=[
        r"{d}\.\s?(?P<m>[01]?\d)\.\s?{y}",
        r"(?:am|vom|bis|zum|ab|seit|den|dem)\s+{d}\.(?P<m>[01]?\d)\.(?!\d)",
    ],
    lunar=r"Mondkalender|Mondmonat|\blunar\w*",
)
_ES_DATES = european_dates(
    _ES_MONTHS,
    r"{d}(?:\.?º|\.?°)?\s+de\s+{m}",
    year=r",?\s+(?:del?\s+)?{y}",
    month_year=r"{m}\s+(?:del?\s+)?{y}",
    ranges=r"{d1}\s*(?:al|-|–|y)\s*{d}\s+de\s+{m}",
    numeric=[r"{d}/(?P<m>[01]?\d)/{y}"],
    lunar=r"\blunar(?:es)?\b",
)
_RU_DATES = european_dates(
    _RU_MONTHS,
    r"{d}(?:-?(?:го|е))?\s+{m}",
    year=r"\s+{y}(?:\s*(?:г\.|года|году|г\b))?",
    month_year=r"{m}\s+{y}(?:\s*(?:г\.|года|году|г\b))?",
    ranges=r"{d1}\s*(?:-|–|—|по|и)\s*{d}\s+{m}",
    numeric=[r"{d}\.(?P<m>[01]?\d)\.{y}"],
    lunar=r"лунн\w*",
)
_ZH_DATES = cjk_dates("年", "月", "[日号號]", r"农历|農曆|农曆|阴历|陰曆|阴曆|旧历|舊曆", era=False)
_JA_DATES = cjk_dates("年", "月", "日", r"旧暦|陰暦|旧正月", era=True)
_KO_DATES = cjk_dates("년", "월", "일", r"음력", era=False)

_FR = NumberReader(
    ",",
    SPACES,
    _scales(
        {
            "mille": Decimal(1000),
            "million millions": _E6,
            "milliard milliards md mds": _E9,
            "billion billions": _E12,  # the long scale: a French billion is 10^12
        }
    ),
)
# German also groups with a (narrow) no-break space, not with a plain one
_DE = NumberReader(
    ",",
    ".\u00a0\u202f\u2009",
    _scales(
        {
            "tausend tsd.": Decimal(1000),
            "million millionen mio. mio": _E6,
            "milliarde milliarden mrd. mrd": _E9,
            "billion billionen": _E12,
        }
    ),
)
_ES = NumberReader(
    ",",
    "." + SPACES,
    _scales(
        {
            "mil": Decimal(1000),
            "millón millon millones": _E6,
            "millardo millardos": _E9,
            "billón billon billones": _E12,
        }
    )
    | {"mil millones": _E9},
)
_RU = NumberReader(
    ",",
    SPACES,
    _scales(
        {
            "тыс. тыс тысяча тысячи тысяч": Decimal(1000),
            "млн млн. миллион миллиона миллионов": _E6,
            "млрд млрд. миллиард миллиарда миллиардов": _E9,
            "трлн трлн. триллион триллиона триллионов": _E12,
        }
    ),
)
_CJK_SCALES = {"百": 100, "千": 1000, "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_ZH = NumberReader(
    ".", ",", {k: Decimal(v) for k, v in _CJK_SCALES.items()}, cjk=True, compound=True
)
_JA = NumberReader(
    ".",
    ",",
    {k: Decimal(v) for k, v in _CJK_SCALES.items() if k not in "百亿"} | {"兆": _E12},
    cjk=True,
    compound=True,
)
_KO = NumberReader(
    ".",
    ",",
    {
        "백": Decimal(100),
        "천": Decimal(1000),
        "만": Decimal(10**4),
        "억": Decimal(10**8),
        "조": _E12,
    },
    cjk=True,
    compound=True,
)


def _european(
    code: str,
    name: str,
    convention: str,
    numbers: NumberReader,
    dates: Callable[[str], list[EnDate]],
    one: str,
    article: str,
    months: str,
    weekdays: str,
    lunar: re.Pattern[str],
    number_text: Callable[[NumberMention], str],
    date_text: Callable[[DateMention], str],
) -> Locale:
    return Locale(
        code,
        name,
        convention,
        numbers.find,
        dates,
        re.compile(r"(?<!\w)(?:" + one + r")(?!\w)", re.IGNORECASE),
        article,
        months.split(),
        weekdays.split(),
        lunar,
        number_text,
        date_text,
    )


def _cjk(
    code: str,
    name: str,
    numbers: NumberReader,
    dates: Callable[[str], list[EnDate]],
    lunar: re.Pattern[str],
    one: str,
    weekdays: Sequence[str],
    scales: str,
    month_word: str,
) -> Locale:
    kanji = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"]
    months = [
        rf"(?<!\d)0?{n}\s*{month_word}"
        + (rf"|(?<![一二三四五六七八九十]){k}月" if month_word == "月" else "")
        for n, k in enumerate(kanji, 1)
    ]
    year, month = ("{y}年", "{n}月") if month_word == "月" else ("{y}년 ", "{n}월")
    day = "{d}日" if month_word == "月" else " {d}일"
    return Locale(
        code,
        name,
        "thousands take a comma, decimals a point",
        numbers.find,
        dates,
        re.compile(one),
        f"'một' (a, one), which {name} may leave unsaid",
        months,
        weekdays,
        lunar,
        _number_writer(",", ".", scales, "{}%"),
        _date_writer(f"[{year}]{month}{day}", year + month, [], alone=month),
    )


LOCALES: dict[str, Locale] = {
    "en": Locale(
        "en",
        "English",
        "thousands take a comma, decimals a point",
        find_english_numbers,
        find_english_dates,
        re.compile(r"\b(?:a|an|one|once|single)\b", re.IGNORECASE),
        "the article 'a'",
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"],
        re.compile(r"\blunar\b", re.IGNORECASE),
        _english_number,
        _english_date,
    ),
    "fr": _european(
        "fr",
        "French",
        "thousands take a space, decimals a comma",
        _FR,
        _FR_DATES.find,
        "un|une|seule?|unique",
        "the article 'un' or 'une'",
        "janv f[ée]vr mars avr mai juin juil ao[ûu]t sept oct nov d[ée]c",
        "lundi mardi mercredi jeudi vendredi samedi",
        _FR_DATES.lunar,
        _number_writer(
            " ", ",", " billion| billions, milliard| milliards, million| millions", "{} %", 2
        ),
        _date_writer("{d} {m}[ {y}]", "{m} {y}", _first_names(_FR_MONTHS), first="1er"),
    ),
    "de": _european(
        "de",
        "German",
        "thousands take a point, decimals a comma",
        _DE,
        _DE_DATES.find,
        "ein|eine|einen|einem|einer|eines|eins|einmal|einzige\\w*",
        "the article 'ein' or 'eine'",
        "jan feb m[äa]r apr mai jun jul aug sep okt nov dez",
        "montag dienstag mittwoch donnerstag freitag samstag|sonnabend",
        _DE_DATES.lunar,
        _number_writer(
            ".", ",", " Billion| Billionen, Milliarde| Milliarden, Million| Millionen", "{} %"
        ),
        _date_writer("{d}. {m}[ {y}]", "{m} {y}", [m.title() for m in _first_names(_DE_MONTHS)]),
    ),
    "es": _european(
        "es",
        "Spanish",
        "thousands take a point or a space, decimals a comma",
        _ES,
        _ES_DATES.find,
        "un|una|uno|sol[oa]|únic[oa]",
        "the article 'un' or 'una'",
        "enero febrero marzo abril mayo junio julio agosto sep?tiembre octubre noviembre diciembre",
        "lunes martes mi[ée]rcoles jueves viernes s[áa]bado",
        _ES_DATES.lunar,
        _number_writer(".", ",", " billón| billones, mil millones, millón| millones", "{} %"),
        _date_writer("{d} de {m}[ de {y}]", "{m} de {y}", _first_names(_ES_MONTHS)),
    ),
    "ru": _european(
        "ru",
        "Russian",
        "thousands take a space, decimals a comma",
        _RU,
        _RU_DATES.find,
        "один|одна|одно|одну|одного|одной|одном|одним|единственн\\w*",
        "'một' (a, one), which Russian may leave unsaid",
        "январ феврал март апрел ма[йяе] июн июл август сентябр октябр ноябр декабр",
        "понедельник вторник сред[аеуы] четверг пятниц суббот",
        _RU_DATES.lunar,
        _number_writer(" ", ",", " трлн, млрд, млн", "{} %"),
        _date_writer("{d} {m}[ {y} г.]", "{m} {y} г.", _first_names(_RU_MONTHS)),
    ),
    "zh": _cjk(
        "zh",
        "Chinese",
        _ZH,
        _ZH_DATES.find,
        _ZH_DATES.lunar,
        r"[一壹]",
        [rf"(?:星期|周|礼拜|禮拜|週){c}" for c in "一二三四五六"],
        "cjk:万亿,亿,万",
        "月",
    ),
    "ja": _cjk(
        "ja",
        "Japanese",
        _JA,
        _JA_DATES.find,
        _JA_DATES.lunar,
        r"一|ひと",
        [f"{c}曜" for c in "月火水木金土"],
        "cjk:兆,億,万",
        "月",
    ),
    "ko": _cjk(
        "ko",
        "Korean",
        _KO,
        _KO_DATES.find,
        _KO_DATES.lunar,
        r"(?<![가-힣])한(?=\s|번|명|개|달|해)|하나",
        [f"{c}요일" for c in "월화수목금토"],
        "cjk:조,억,만",
        "월",
    ),
}


def locale_for(lang: str) -> Locale | None:
    """The locale of a language code ("fr", "fr-FR", "zh_Hant"); None when unsupported."""
    return LOCALES.get(re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0])


def supported_languages() -> list[str]:
    """Codes of the target languages whose numbers and dates are checked."""
    return sorted(LOCALES)
