"""QA numbers and dates checks for targets other than English: each language's
convention read, real sentence pairs passing, known errors firing."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from doingoai.cli import main
from doingoai.translate.qa import check_segment
from doingoai.translate.qa._locales import locale_for, supported_languages
from doingoai.translate.qa._readers import kanji_value

# --- the readers ---------------------------------------------------------------------

# (language, text, numbers outside dates as (value, ambiguous))
NUMBERS = [
    ("fr", "2 350 personnes", [("2350", False)]),
    ("fr", "2\u00a0350 et 12\u202f300 euros", [("2350", False), ("12300", False)]),
    ("fr", "1,5 million de visiteurs, 2 milliards de dongs", [("1500000", False), ("2e9", False)]),
    ("fr", "2,35 billions de dongs", [("2.35e12", False)]),  # a French billion is 10^12
    ("fr", "une hausse de 2,6 %", [("2.6", False)]),
    ("fr", "2,350 cas", [("2350", True)]),  # a French reader takes it for 2.35
    ("fr", "1.5 fois plus", [("1.5", True)]),
    ("fr", "2.350 cas", [("2350", True)]),
    ("fr", "l'Industrie 4.0", [("4.0", False)]),
    ("fr", "en 2024, 350 000 visiteurs", [("2024", False), ("350000", False)]),
    ("de", "2.350 Menschen, 1,5 Millionen Besucher", [("2350", False), ("1500000", False)]),
    ("de", "3 Mrd. Euro und 4,2 Mio. Dollar", [("3e9", False), ("4200000", False)]),
    ("de", "1.234,5 Tonnen", [("1234.5", False)]),
    ("de", "2,350 Fälle", [("2350", True)]),
    ("de", "1.5 Mal", [("1.5", True)]),
    ("de", "der 3. Platz", [("3", False)]),
    ("es", "2.350 personas y 2 350 euros", [("2350", False), ("2350", False)]),
    ("es", "1,5 millones de visitantes", [("1500000", False)]),
    ("es", "2350 mil millones de dongs", [("2.35e12", False)]),
    ("es", "15 mil personas", [("15000", False)]),
    ("es", "2,350 casos", [("2350", True)]),
    ("ru", "2 350 человек", [("2350", False)]),
    (
        "ru",
        "1,5 млн туристов, 3 млрд рублей, 15 тыс. человек",
        [("1.5e6", False), ("3e9", False), ("15000", False)],
    ),
    ("ru", "2,350 случаев", [("2350", True)]),
    ("ru", "рост на 12,5 %", [("12.5", False)]),
    ("zh", "共有2,350人参加", [("2350", False)]),
    ("zh", "游客1.5万人次，投资2.35亿元", [("15000", False), ("235000000", False)]),
    ("zh", "1亿5000万元，2万3500人", [("150000000", False), ("23500", False)]),
    ("zh", "1,500万人", [("15000000", False)]),
    ("zh", "共有2.350人参加", [("2350", True)]),
    ("zh", "增长1,5倍", [("1.5", True)]),
    ("zh", "三个人，二十五名代表", [("3", False), ("25", False)]),
    ("zh", "２３５０人", [("2350", False)]),  # full-width digits
    ("ja", "1億5000万円、2,350人", [("150000000", False), ("2350", False)]),
    ("ja", "2.350人", [("2350", True)]),
    ("ko", "2,350명, 1.5만 명", [("2350", False), ("15000", False)]),
    (
        "ko",
        "2억 3500만 원, 3천만 원, 150만 명",
        [("235000000", False), ("3e7", False), ("1500000", False)],
    ),
    ("ko", "2.350명", [("2350", True)]),
    ("ko", "한국의 한 명", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), NUMBERS)
def test_numbers_read_in_the_target_convention(
    lang: str, text: str, expected: list[tuple[str, bool]]
) -> None:
    loc = locale_for(lang)
    assert loc is not None
    dates = [d.span for d in loc.find_dates(text)]
    got = [
        (n.value, n.ambiguous)
        for n in loc.find_numbers(text)
        if not any(n.span[0] < e and s < n.span[1] for s, e in dates)
    ]
    assert got == [(Decimal(v), a) for v, a in expected]


# (language, text, dates as (day, month, year, lunar))
DATES = [
    ("fr", "Le 2 juin 2025, à Hanoï", [(2, 6, 2025, False)]),
    ("fr", "le 1er juin", [(1, 6, None, False)]),
    ("fr", "du 26 au 30 avril", [(26, 4, None, False), (30, 4, None, False)]),
    ("fr", "en juin 2025", [(None, 6, 2025, False)]),
    ("fr", "le 02/06/2025", [(2, 6, 2025, False)]),
    ("fr", "le 10 mars du calendrier lunaire", [(10, 3, None, True)]),
    ("de", "Am 2. Juni 2025", [(2, 6, 2025, False)]),
    ("de", "am 2.6. und am 02.06.2025", [(2, 6, None, False), (2, 6, 2025, False)]),
    ("de", "vom 26. bis 30. April", [(26, 4, None, False), (30, 4, None, False)]),
    ("de", "im Juni 2025", [(None, 6, 2025, False)]),
    ("es", "El 2 de junio de 2025", [(2, 6, 2025, False)]),
    ("es", "el 1.º de mayo", [(1, 5, None, False)]),
    ("es", "del 26 al 30 de abril", [(26, 4, None, False), (30, 4, None, False)]),
    ("es", "en junio de 2025", [(None, 6, 2025, False)]),
    ("ru", "2 июня 2025 г.", [(2, 6, 2025, False)]),
    ("ru", "в июне 2025 года", [(None, 6, 2025, False)]),
    ("ru", "с 26 по 30 апреля", [(26, 4, None, False), (30, 4, None, False)]),
    ("ru", "10 марта по лунному календарю", [(10, 3, None, True)]),
    ("zh", "2025年6月2日", [(2, 6, 2025, False)]),
    ("zh", "6月2日至5日", [(2, 6, None, False), (5, 6, None, False)]),
    ("zh", "2025年6月", [(None, 6, 2025, False)]),
    ("zh", "六月二日", [(2, 6, None, False)]),
    ("zh", "农历三月初十", [(10, 3, None, True)]),
    ("zh", "正月初一", [(1, 1, None, True)]),
    ("zh", "农历3月10日", [(10, 3, None, True)]),
    ("ja", "2025年6月2日", [(2, 6, 2025, False)]),
    ("ja", "令和7年6月2日", [(2, 6, 2025, False)]),
    ("ja", "旧暦3月10日", [(10, 3, None, True)]),
    ("ko", "2025년 6월 2일", [(2, 6, 2025, False)]),
    ("ko", "2025. 6. 2. 발표", [(2, 6, 2025, False)]),
    ("ko", "음력 3월 10일", [(10, 3, None, True)]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), DATES)
def test_dates_read_in_the_target_convention(
    lang: str, text: str, expected: list[tuple[int | None, int, int | None, bool]]
) -> None:
    loc = locale_for(lang)
    assert loc is not None
    assert [(d.day, d.month, d.year, d.lunar) for d in loc.find_dates(text)] == expected


@pytest.mark.parametrize(
    ("run", "value"),
    [
        ("三", 3),
        ("十五", 15),
        ("二十五", 25),
        ("一百零五", 105),
        ("一亿五千万", 150_000_000),
        ("二〇二五", 2025),
        ("万", None),
    ],
)
def test_chinese_numerals(run: str, value: int | None) -> None:
    assert kanji_value(run) == value


@pytest.mark.parametrize(
    ("lang", "code"),
    [("fr-FR", "fr"), ("zh_Hant", "zh"), ("KO", "ko"), ("en-GB", "en"), ("pt", None)],
)
def test_locale_for_language_tags(lang: str, code: str | None) -> None:
    loc = locale_for(lang)
    assert (loc.code if loc else None) == code
    assert set(supported_languages()) == {"en", "fr", "de", "es", "ru", "zh", "ja", "ko"}


# --- the checks on sentence pairs -----------------------------------------------------

S1 = "Ngày 2.6, Sở Y tế Hà Nội cho biết đã có 2.350 người tham gia chương trình."
S2 = "Năm 2024, thành phố đón 1,5 triệu lượt khách quốc tế, tăng 12,5% so với năm trước."
S3 = "Hội nghị diễn ra từ ngày 26/4/2025 với 120 đại biểu."

# per language: correct renderings of S1, S2, S3, then S1 with a changed number,
# a dropped number, day and month swapped, and an ambiguous number
PAIRS = {
    "fr": [
        "Le 2 juin, le Service de la santé de Hanoï a indiqué que 2 350 personnes avaient participé au programme.",
        "En 2024, la ville a accueilli 1,5 million de visiteurs internationaux, soit une hausse de 12,5 % par rapport à l'année précédente.",
        "La conférence s'est tenue à partir du 26 avril 2025 avec 120 délégués.",
        "Le 2 juin, le Service de la santé de Hanoï a indiqué que 2 530 personnes avaient participé au programme.",
        "Le 2 juin, le Service de la santé de Hanoï a indiqué que des personnes avaient participé au programme.",
        "Le 6 février, le Service de la santé de Hanoï a indiqué que 2 350 personnes avaient participé au programme.",
        "Le 2 juin, le Service de la santé de Hanoï a indiqué que 2,350 personnes avaient participé au programme.",
    ],
    "de": [
        "Am 2. Juni teilte das Gesundheitsamt Hanoi mit, dass 2.350 Menschen an dem Programm teilgenommen haben.",
        "Im Jahr 2024 empfing die Stadt 1,5 Millionen internationale Besucher, 12,5 % mehr als im Vorjahr.",
        "Die Konferenz fand ab dem 26. April 2025 mit 120 Delegierten statt.",
        "Am 2. Juni teilte das Gesundheitsamt Hanoi mit, dass 2.250 Menschen an dem Programm teilgenommen haben.",
        "Am 2. Juni teilte das Gesundheitsamt Hanoi mit, dass viele Menschen an dem Programm teilgenommen haben.",
        "Am 6. Februar teilte das Gesundheitsamt Hanoi mit, dass 2.350 Menschen an dem Programm teilgenommen haben.",
        "Am 2. Juni teilte das Gesundheitsamt Hanoi mit, dass 2,350 Menschen an dem Programm teilgenommen haben.",
    ],
    "es": [
        "El 2 de junio, el Departamento de Salud de Hanói informó de que 2.350 personas habían participado en el programa.",
        "En 2024, la ciudad recibió 1,5 millones de visitantes internacionales, un 12,5 % más que el año anterior.",
        "La conferencia se celebró a partir del 26 de abril de 2025 con 120 delegados.",
        "El 2 de junio, el Departamento de Salud de Hanói informó de que 2.351 personas habían participado en el programa.",
        "El 2 de junio, el Departamento de Salud de Hanói informó de que varias personas habían participado en el programa.",
        "El 6 de febrero, el Departamento de Salud de Hanói informó de que 2.350 personas habían participado en el programa.",
        "El 2 de junio, el Departamento de Salud de Hanói informó de que 2,350 personas habían participado en el programa.",
    ],
    "ru": [
        "2 июня Департамент здравоохранения Ханоя сообщил, что в программе приняли участие 2 350 человек.",
        "В 2024 году город принял 1,5 млн иностранных туристов, что на 12,5 % больше, чем годом ранее.",
        "Конференция проходила с 26 апреля 2025 г. при участии 120 делегатов.",
        "2 июня Департамент здравоохранения Ханоя сообщил, что в программе приняли участие 3 350 человек.",
        "2 июня Департамент здравоохранения Ханоя сообщил, что в программе приняли участие люди.",
        "6 февраля Департамент здравоохранения Ханоя сообщил, что в программе приняли участие 2 350 человек.",
        "2 июня Департамент здравоохранения Ханоя сообщил, что в программе приняли участие 2,350 человек.",
    ],
    "zh": [
        "6月2日，河内市卫生厅表示，已有2,350人参加该项目。",
        "2024年，该市接待国际游客150万人次，同比增长12.5%。",
        "会议自2025年4月26日起举行，共有120名代表出席。",
        "6月2日，河内市卫生厅表示，已有2,305人参加该项目。",
        "6月2日，河内市卫生厅表示，已有很多人参加该项目。",
        "2月6日，河内市卫生厅表示，已有2,350人参加该项目。",
        "6月2日，河内市卫生厅表示，已有2.350人参加该项目。",
    ],
    "ja": [
        "6月2日、ハノイ市保健局は、2,350人がプログラムに参加したと発表した。",
        "2024年、同市は150万人の外国人観光客を迎え、前年比12.5%増となった。",
        "会議は2025年4月26日から開かれ、120人の代表が出席した。",
        "6月2日、ハノイ市保健局は、2,450人がプログラムに参加したと発表した。",
        "6月2日、ハノイ市保健局は、多くの人がプログラムに参加したと発表した。",
        "2月6日、ハノイ市保健局は、2,350人がプログラムに参加したと発表した。",
        "6月2日、ハノイ市保健局は、2.350人がプログラムに参加したと発表した。",
    ],
    "ko": [
        "6월 2일 하노이시 보건국은 2,350명이 프로그램에 참가했다고 밝혔다.",
        "2024년 시는 외국인 관광객 150만 명을 맞이해 전년 대비 12.5% 증가했다.",
        "회의는 2025년 4월 26일부터 열렸으며 대표 120명이 참석했다.",
        "6월 2일 하노이시 보건국은 2,530명이 프로그램에 참가했다고 밝혔다.",
        "6월 2일 하노이시 보건국은 많은 사람이 프로그램에 참가했다고 밝혔다.",
        "2월 6일 하노이시 보건국은 2,350명이 프로그램에 참가했다고 밝혔다.",
        "6월 2일 하노이시 보건국은 2.350명이 프로그램에 참가했다고 밝혔다.",
    ],
}
KINDS = [
    ("correct", S1, set()),
    ("correct", S2, set()),
    ("correct", S3, set()),
    ("number changed", S1, {"numbers"}),
    ("number dropped", S1, {"numbers"}),
    ("day and month swapped", S1, {"dates"}),
    ("ambiguous number", S1, {"numbers"}),
]
CASES = [
    pytest.param(lang, source, targets[i], expected, id=f"{lang}-{kind}-{i}")
    for lang, targets in PAIRS.items()
    for i, (kind, source, expected) in enumerate(KINDS)
]


def errors(source: str, target: str, lang: str) -> set[str]:
    issues = check_segment(source, target, target_lang=lang)
    return {i.check for i in issues if i.severity == "error" and i.check in {"numbers", "dates"}}


@pytest.mark.parametrize(("lang", "source", "target", "expected"), CASES)
def test_numbers_and_dates_checks(lang: str, source: str, target: str, expected: set[str]) -> None:
    assert errors(source, target, lang) == expected


@pytest.mark.parametrize(
    ("lang", "target", "written"),
    [
        ("fr", PAIRS["fr"][6], "2,350"),
        ("de", PAIRS["de"][6], "2,350"),
        ("zh", PAIRS["zh"][6], "2.350"),
        ("ko", PAIRS["ko"][6], "2.350"),
    ],
)
def test_ambiguous_number_is_reported_once_at_its_place(
    lang: str, target: str, written: str
) -> None:
    issues = [i for i in check_segment(S1, target, target_lang=lang) if i.check == "numbers"]
    assert len(issues) == 1
    (issue,) = issues
    assert issue.side == "target" and issue.span is not None
    assert target[issue.span[0] : issue.span[1]] == written
    assert "ambiguous" in issue.message


@pytest.mark.parametrize(
    ("lang", "target", "expected"),
    [
        ("fr", PAIRS["fr"][4], "2 350"),
        ("de", PAIRS["de"][4], "2.350"),
        ("ru", PAIRS["ru"][4], "2 350"),
        ("zh", PAIRS["zh"][4], "2,350"),
    ],
)
def test_missing_number_message_shows_the_target_form(
    lang: str, target: str, expected: str
) -> None:
    (issue,) = [i for i in check_segment(S1, target, target_lang=lang) if i.check == "numbers"]
    assert f"expected {expected!r}" in issue.message and issue.side == "source"


@pytest.mark.parametrize(
    ("source", "target", "lang", "expected"),
    [
        ("Tăng 1,5 triệu lượt.", "Une hausse de 15 millions.", "fr", "1,5 million"),
        ("Vốn 2.350 tỷ đồng.", "Capital de 2 350 dongs.", "fr", "2,35 billions"),
        ("Tăng 1,5 triệu lượt.", "Plus 15 Millionen.", "de", "1,5 Millionen"),
        ("Tăng 1,5 triệu lượt.", "游客增加15万人次。", "zh", "150万"),
        (
            "Ngày 1/6/2025, hội nghị khai mạc.",
            "Le 2 juin 2025, la conférence s'est ouverte.",
            "fr",
            "1er juin 2025",
        ),
        (
            "Ngày 26/4, hội nghị khai mạc.",
            "26. Mai: Die Konferenz wurde eröffnet.",
            "de",
            "26. April",
        ),
        (
            "Ngày 26/4, hội nghị khai mạc.",
            "El 26 de mayo se inauguró la conferencia.",
            "es",
            "26 de abril",
        ),
        (
            "Ngày 26/4/2025, hội nghị khai mạc.",
            "Конференция открылась 26 мая 2025 г.",
            "ru",
            "26 апреля 2025 г.",
        ),
        ("Ngày 26/4/2025, hội nghị khai mạc.", "会议于2025年5月26日开幕。", "zh", "2025年4月26日"),
        (
            "Ngày 26/4/2025, hội nghị khai mạc.",
            "회의는 2025년 5월 26일 개막했다.",
            "ko",
            "2025년 4월 26일",
        ),
    ],
)
def test_expected_forms_in_messages(source: str, target: str, lang: str, expected: str) -> None:
    messages = [
        i.message for i in check_segment(source, target, target_lang=lang) if i.severity == "error"
    ]
    assert any(f"expected {expected!r}" in m for m in messages), messages


@pytest.mark.parametrize(
    ("target", "lang", "severity"),
    [
        ("Une semaine plus tard, 3 personnes étaient guéries.", "fr", None),
        ("Eine Woche später waren 3 Menschen genesen.", "de", None),
        ("Una semana después, 3 personas se habían curado.", "es", None),
        ("Через неделю 3 человека выздоровели.", "ru", "warning"),
        ("一周后，3人康复。", "zh", None),
        ("La semaine suivante, 3 personnes étaient guéries.", "fr", "warning"),
        ("Une semaine plus tard, des personnes étaient guéries.", "fr", "error"),
    ],
)
def test_a_bare_one_for_the_article_never_blocks(
    target: str, lang: str, severity: str | None
) -> None:
    source = "1 tuần sau, 3 người đã khỏi bệnh."
    issues = [i for i in check_segment(source, target, target_lang=lang) if i.check == "numbers"]
    assert max((i.severity for i in issues), default=None) == severity


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Thứ 7 tuần này, chợ đêm mở cửa.", "Ce samedi, le marché de nuit ouvre.", "fr"),
        ("Thứ 7 tuần này, chợ đêm mở cửa.", "Diesen Samstag öffnet der Nachtmarkt.", "de"),
        ("Thứ 7 tuần này, chợ đêm mở cửa.", "В эту субботу откроется ночной рынок.", "ru"),
        ("Thứ 7 tuần này, chợ đêm mở cửa.", "本周六，夜市开放。", "zh"),
        ("Thứ 7 tuần này, chợ đêm mở cửa.", "今週の土曜日、夜市が開かれる。", "ja"),
        ("Trong tháng 6, có 3 đoàn khách.", "En juin, 3 groupes sont venus.", "fr"),
        ("Trong tháng 6, có 3 đoàn khách.", "Im Juni kamen 3 Gruppen.", "de"),
        ("Trong tháng 6, có 3 đoàn khách.", "6月份有3个团组到访。", "zh"),
        ("Trong tháng 6, có 3 đoàn khách.", "6월에 3개 단체가 방문했다.", "ko"),
        ("Tháng 6/2025, có 3 đoàn khách.", "En juin 2025, 3 groupes sont venus.", "fr"),
        ("Tháng 6/2025, có 3 đoàn khách.", "2025年6月，有3个团组到访。", "zh"),
        ("Có 3 đoàn khách.", "有三个团组到访。", "zh"),  # a Chinese numeral
        (
            "Ngày 26/4 - 1/5, có 3 đoàn khách.",
            "Du 26 avril au 1er mai, 3 groupes sont venus.",
            "fr",
        ),
        ("Ngày 3 và 4/6, hội nghị diễn ra.", "Les 3 et 4 juin, la conférence a eu lieu.", "fr"),
        ("Ngày 3 và 4/6, hội nghị diễn ra.", "Am 3. und 4. Juni fand die Konferenz statt.", "de"),
        ("Ngày 3 và 4/6, hội nghị diễn ra.", "6月3日和4日，会议举行。", "zh"),
        ("Ngày 3 và 4/6, hội nghị diễn ra.", "회의는 6월 3일과 4일에 열렸다.", "ko"),
    ],
)
def test_numbers_said_with_words(source: str, target: str, lang: str) -> None:
    assert errors(source, target, lang) == set()


@pytest.mark.parametrize(
    ("target", "lang", "fires"),
    [
        ("La fête a lieu le 10e jour du 3e mois lunaire.", "fr", False),
        ("La fête a lieu le 10 mars.", "fr", True),
        ("Das Fest findet am 10. Tag des 3. Monats nach dem Mondkalender statt.", "de", False),
        ("Das Fest findet am 10. März statt.", "de", True),
        ("La fiesta se celebra el día 10 del tercer mes lunar.", "es", False),
        ("Праздник проходит 10-го числа 3-го месяца по лунному календарю.", "ru", False),
        ("Праздник проходит 10 марта.", "ru", True),
        ("节日在农历三月初十举行。", "zh", False),
        ("节日在3月10日举行。", "zh", True),
        ("祭りは旧暦3月10日に行われる。", "ja", False),
        ("祭りは3月10日に行われる。", "ja", True),
        ("축제는 음력 3월 10일에 열린다.", "ko", False),
        ("축제는 3월 10일에 열린다.", "ko", True),
    ],
)
def test_lunar_dates_stay_lunar(target: str, lang: str, fires: bool) -> None:
    source = "Lễ hội diễn ra vào mùng 10/3 âm lịch."
    assert ("dates" in errors(source, target, lang)) is fires


@pytest.mark.parametrize(
    ("target", "lang", "expected"),
    [
        ("Les 5 et 4 juin, la conférence a eu lieu.", "fr", {"numbers"}),
        ("Les 3 et 5 juin, la conférence a eu lieu.", "fr", {"dates"}),
        ("会议于6月3日和5日举行。", "zh", {"dates"}),
    ],
)
def test_a_wrong_day_in_a_range_fires(target: str, lang: str, expected: set[str]) -> None:
    assert errors("Ngày 3 và 4/6, hội nghị diễn ra.", target, lang) == expected


def test_unsupported_target_language_is_not_judged() -> None:
    assert errors(S1, "Em 2 de junho, 2.530 pessoas participaram.", "pt") == set()


@pytest.mark.parametrize(
    ("source", "target", "lang"),
    [
        ("Lễ hội diễn ra vào mùng 10/3 âm lịch hằng năm.", "节日在每年农历三月初十举行。", "zh"),
        ("Ông có hỏi rằng đây là thật không?", "他问这是真的吗？", "zh"),
    ],
)
def test_chinese_targets_are_not_too_short_nor_badly_punctuated(
    source: str, target: str, lang: str
) -> None:
    assert check_segment(source, target, target_lang=lang) == []


# --- the command ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "code", "found"),
    [
        (PAIRS["fr"][0], 0, []),
        (PAIRS["fr"][6], 1, [("numbers", "error", "2,350")]),
        (PAIRS["fr"][5], 1, [("dates", "error", "Ngày 2.6")]),
    ],
)
def test_qa_check_command_for_french(
    capsys: pytest.CaptureFixture[str], target: str, code: int, found: list[tuple[str, str, str]]
) -> None:
    args = ["qa", "check", "--source", S1, "--target", target, "--from", "vi", "--to", "fr"]
    try:
        main([*args, "--format", "json"])
        got = 0
    except SystemExit as exc:
        got = int(exc.code or 0)
    rows = json.loads(capsys.readouterr().out)
    assert got == code
    seen = []
    for row in rows:
        text = target if row["side"] == "target" else S1
        seen.append((row["check"], row["severity"], text[row["span"][0] : row["span"][1]]))
    assert seen == found
