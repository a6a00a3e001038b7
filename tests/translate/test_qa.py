"""QA checks: each check on real cases, firing and not firing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from doingoai.translate.qa import (
    blocks_approval,
    check_segment,
    check_version,
    describe_checks,
)
from doingoai.translate.qa._english import find_english_dates, find_english_numbers
from doingoai.translate.termbase import Termbase, default_termbase


@pytest.fixture(scope="module")
def seed() -> Termbase:
    return default_termbase()


def fired(source: str, target: str, check: str, **kwargs: object) -> list[str]:
    return [i.message for i in check_segment(source, target, **kwargs) if i.check == check]  # type: ignore[arg-type]


NUMBER_CASES = [
    ("Có 2.350 thí sinh dự thi.", "There were 2,350 candidates.", False),
    ("Có 2.350 thí sinh dự thi.", "There were 2350 candidates.", False),
    ("Có 2.350 thí sinh dự thi.", "There were 2.350 candidates.", True),  # ambiguous
    ("Có 2.350 thí sinh dự thi.", "There were 2,530 candidates.", True),
    ("Có 2.350 thí sinh dự thi.", "There were many candidates.", True),
    ("Tăng 1,5 lần.", "It grew 1.5 times.", False),
    ("Tăng 1,5 lần.", "It grew 1,5 times.", True),
    ("Thu hút 1,5 triệu lượt khách.", "It drew 1.5 million visitors.", False),
    ("Thu hút 1,5 triệu lượt khách.", "It drew 1,500,000 visitors.", False),
    ("Thu hút 1,5 triệu lượt khách.", "It drew 15 million visitors.", True),
    ("Vốn 2.350 tỷ đồng.", "Capital of VND2.35 trillion.", False),
    ("Tăng 2.6% so với năm trước.", "Up 2.6% on the previous year.", False),
    ("Tăng 15% so với năm trước.", "Up 15 percent on the previous year.", False),
    ("Có 3 người bị thương.", "Three people were injured.", False),
    ("Có 3 người bị thương.", "Four people were injured.", True),
    ("Gồm 12 quận.", "It has twelve urban districts.", False),
    ("Năm 2025, thành phố phát triển.", "In 2025, the city grew.", False),
    ("Năm 2025, thành phố phát triển.", "In 2024, the city grew.", True),
    # dates are not numbers on either side
    ("Ngày 26/4, có 30 đoàn.", "On April 26, 30 delegations came.", False),
    ("Sáng 18/4, thành phố họp.", "On the morning of April 18, the city met.", False),
    # placeholders are not numbers
    ("Xem mục {1}.", "See item {1}.", False),
    # what English says with words
    ("Chúng tôi sẽ chi 1 triệu đô la.", "We will spend a million dollars.", False),
    ("Trong vòng 1 năm, bạn làm khảo sát.", "Within a year, you do a survey.", False),
    ("Hẹn gặp vào thứ 7 tuần tới.", "See you next Saturday.", False),
    ("Hẹn gặp vào thứ 7 tuần tới.", "See you next Friday.", True),
    ("Video được đăng vào tháng 1.", "The video was posted in January.", False),
    ("Có hơn 100,000 ngư dân.", "There are over 100,000 fishers.", False),
    ("Từ 2,5 tỉ năm trước.", "Since two and a half billion years ago.", False),
    ("Từ 2,5 tỉ năm trước.", "Since two billion years ago.", True),
    # ranges: the second year is not a negative number
    ("Giai đoạn 2013-2015 tăng 5%.", "In 2013-2015 it grew 5%.", False),
    ("Giai đoạn 2013-2015 tăng 5%.", "In 2013-2016 it grew 5%.", True),
    ("Từ 5-10 người.", "From 5-10 people.", False),
    # "another billion", "'71", "Avatar II", "the 1980s"
    ("Tồn tại thêm 1 tỉ năm nữa.", "They lived another billion years.", False),
    ("Tồn tại thêm 1 tỉ năm nữa.", "They lived another million years.", True),
    ("Tôi đến đó vào năm 1971.", "I was there in '71.", False),
    ("Tôi đến đó vào năm 1971.", "I was there in ’71.", False),
    ("Tôi đến đó vào năm 1971.", "I was there in '72.", True),
    ("Ông đến đây trong những năm 1835.", "He was here in ' 35.", False),
    ("Làm phần 2 Avatar dưới nước.", "To make Avatar II underwater.", False),
    ("Làm phần 2 Avatar dưới nước.", "To make Avatar III underwater.", True),
    ("Vào thập kỷ 80 tại Đông Đức.", "In the 1980s in East Germany.", False),
    ("Vào thập kỷ 80 tại Đông Đức.", "In the '80s in East Germany.", False),
    ("Vào thập kỷ 80 tại Đông Đức.", "In the 1990s in East Germany.", True),
    # a bare "1" before a word may be the article "một": a warning, not an error
    ("Về 1 thế giới chúng ta muốn để lại.", "About the world we want to leave.", False),
    ("Giảm 1 lần nữa.", "It fell again.", True),
]


def errors(source: str, target: str, check: str) -> list[str]:
    return [
        i.message
        for i in check_segment(source, target)
        if i.check == check and i.severity == "error"
    ]


@pytest.mark.parametrize(("source", "target", "fires"), NUMBER_CASES)
def test_numbers(source: str, target: str, fires: bool) -> None:
    assert bool(errors(source, target, "numbers")) is fires


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Bạn có biết bao nhiêu lựa chọn trong 1 tuần?", "How many choices in your week?"),
        ("1 chú chuột opossum sao?", "Opossum?"),
    ],
)
def test_a_bare_one_missing_is_a_warning(source: str, target: str) -> None:
    issues = [i for i in check_segment(source, target) if i.check == "numbers"]
    assert [i.severity for i in issues] == ["warning"]
    assert "'1'" in issues[0].message and "article" in issues[0].message
    assert not blocks_approval(issues)


DATE_CASES = [
    ("Ngày 2.6, hội nghị khai mạc.", "On June 2, the conference opened.", False),
    ("Ngày 2.6, hội nghị khai mạc.", "On 2 June, the conference opened.", False),
    ("Ngày 2.6, hội nghị khai mạc.", "On June 2nd, the conference opened.", False),
    ("Ngày 2.6, hội nghị khai mạc.", "On February 6, the conference opened.", True),
    ("Ngày 2.6, hội nghị khai mạc.", "The conference opened.", True),
    (
        "Chiều 26/4, đoàn đến Hà Nội.",
        "On the afternoon of April 26, the delegation arrived.",
        False,
    ),
    (
        "Chiều 26/4, đoàn đến Hà Nội.",
        "On the afternoon of 26 April, the delegation arrived.",
        False,
    ),
    ("Chiều 26/4, đoàn đến Hà Nội.", "On the afternoon of April 4, the delegation arrived.", True),
    (
        "Ngày 10/10/1954, Thủ đô được giải phóng.",
        "On October 10, 1954, the capital was freed.",
        False,
    ),
    (
        "Ngày 10/10/1954, Thủ đô được giải phóng.",
        "On 10 October 1954 the capital was freed.",
        False,
    ),
    (
        "Ngày 10/10/1954, Thủ đô được giải phóng.",
        "On October 10, 1945, the capital was freed.",
        True,
    ),
    ("Tháng 6/2025, dự án hoàn thành.", "In June 2025, the project was completed.", False),
    ("Tháng 6/2025, dự án hoàn thành.", "In July 2025, the project was completed.", True),
    # lunar dates stay lunar
    (
        "Lễ hội vào mùng 10/3 âm lịch.",
        "The festival is on the 10th day of the third lunar month.",
        False,
    ),
    (
        "Lễ hội vào mùng 10/3 âm lịch.",
        "The festival is on the 10th day of the 3rd lunar month.",
        False,
    ),
    ("Lễ hội vào mùng 10/3 âm lịch.", "The festival is on March 10.", True),
    ("Lễ hội vào mùng 10/3 âm lịch.", "The festival is in spring.", True),
    ("Họ ở đó trong tháng Hai.", "They were there in February.", False),
    ("Họ ở đó trong tháng Hai.", "They were there in March.", True),
    # no date in the source: nothing to check
    ("Tăng 2.6% so với năm trước.", "Up 2.6% on June 2.", False),
]


@pytest.mark.parametrize(("source", "target", "fires"), DATE_CASES)
def test_dates(source: str, target: str, fires: bool) -> None:
    assert bool(fired(source, target, "dates")) is fires


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("On June 3 and 4, the fair opened.", []),
        ("On June 3-4, the fair opened.", []),
        ("On June 3 to 4, 2025, the fair opened.", []),
        ("On June 3, the fair opened.", ["dates"]),
        ("On June 2 and 4, the fair opened.", ["numbers"]),
    ],
)
def test_two_days_of_one_month(target: str, expected: list[str]) -> None:
    """ "Ngày 3 và 4/6": the 3 is read as a number on the Vietnamese side; an
    English span of days in June holds it."""
    issues = check_segment("Ngày 3 và 4/6, hội chợ mở cửa.", target)
    assert sorted(i.check for i in issues if i.severity == "error") == expected


TERM_CASES = [
    (
        "Bộ Ngoại giao tổ chức họp báo.",
        "The Ministry of Foreign Affairs held a briefing.",
        None,
        False,
    ),
    ("Bộ Ngoại giao tổ chức họp báo.", "MOFA held a briefing.", None, False),
    ("Bộ Ngoại giao tổ chức họp báo.", "The foreign ministry held a briefing.", None, True),
    ("Bộ Ngoại giao tổ chức họp báo.", "The Ministry of Diplomacy held a briefing.", None, True),
    # a forbidden term is reported even when the source names nothing
    ("Họ tổ chức họp báo.", "The Vietnamese Communist Party held a briefing.", None, True),
    # apostrophes: straight or curly
    ("UBND TP Hà Nội họp.", "The Hanoi People’s Committee met.", None, False),
    ("UBND TP Hà Nội họp.", "The Hanoi People's Committee met.", None, False),
    # outdated: the 2009 example name of the Department of Foreign Affairs
    (
        "Sở Ngoại vụ Hà Nội tiếp đoàn.",
        "The Hanoi Department of Foreign Affairs received them.",
        None,
        False,
    ),
    (
        "Sở Ngoại vụ Hà Nội tiếp đoàn.",
        "The Ha Noi External Relations Department received them.",
        None,
        True,
    ),
    # judged by the article's date
    (
        "Bộ Nông nghiệp và Môi trường họp.",
        "The Ministry of Agriculture and Environment met.",
        date(2025, 5, 1),
        False,
    ),
    (
        "Bộ Kế hoạch và Đầu tư họp.",
        "The Ministry of Planning and Investment met.",
        date(2024, 5, 1),
        False,
    ),
    # a dissolved body mentioned later keeps its historical name
    (
        "Bộ Kế hoạch và Đầu tư (cũ) họp.",
        "The former Ministry of Planning and Investment met.",
        date(2025, 5, 1),
        False,
    ),
    ("quận Hoàn Kiếm", "Hoan Kiem District", date(2024, 1, 1), False),
    ("phường Hoàn Kiếm", "Hoan Kiem District", date(2025, 8, 1), True),
    # generic words are guidance only
    ("Phòng Tư pháp làm việc.", "The justice office worked.", None, False),
]


@pytest.mark.parametrize(("source", "target", "on", "fires"), TERM_CASES)
def test_terms(seed: Termbase, source: str, target: str, on: date | None, fires: bool) -> None:
    assert bool(fired(source, target, "terms", termbase=seed, on=on)) is fires


def test_terms_need_a_termbase() -> None:
    assert not fired("Bộ Ngoại giao họp.", "The Ministry of Diplomacy met.", "terms")


def test_term_issue_points_at_the_source_and_names_the_right_term(seed: Termbase) -> None:
    issues = check_segment("Bộ Ngoại giao họp.", "The foreign ministry met.", termbase=seed)
    [issue] = [i for i in issues if i.check == "terms"]
    assert issue.side == "source" and issue.span == (0, 13)
    assert "Ministry of Foreign Affairs" in issue.message
    assert issue.severity == "error"


NAME_CASES = [
    ("Ông Ngô Văn Quý phát biểu.", "Mr Ngô Văn Quý spoke.", False),
    ("Ông Ngô Văn Quý phát biểu.", "Mr Ngo Van Quy spoke.", True),
    ("Bà Nguyễn Thị Minh Khai", "Ms Nguyen Thi Minh Khai", True),
    ("Bà Nguyễn Thị Minh Khai", "Ms Nguyễn Thị Minh Khai", False),
    ("Ông Ngô Văn Quý phát biểu.", "He spoke.", False),  # not rendered at all: not this check
    ("Anh Lê Lan", "Mr Le Lan", True),
    ("Họ đến San Francisco.", "They came to San Francisco.", False),
]


@pytest.mark.parametrize(("source", "target", "fires"), NAME_CASES)
def test_names(source: str, target: str, fires: bool) -> None:
    assert bool(fired(source, target, "names")) is fires


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # "Hà Nội" starts with a family name, but the termbase gives "Hanoi"
        ("Người dân Hà Nội", "Hanoi residents"),
        ("Chủ tịch Hồ Chí Minh đọc bản Tuyên ngôn.", "President Ho Chi Minh read the Declaration."),
    ],
)
def test_names_set_by_the_termbase_are_left_to_it(seed: Termbase, source: str, target: str) -> None:
    assert not fired(source, target, "names", termbase=seed)
    assert not fired(source, target, "terms", termbase=seed)


SIMPLE_CASES = [
    # (check, source, target, fires)
    ("empty", "Xin chào.", "", True),
    ("empty", "Xin chào.", "   ", True),
    ("empty", "Xin chào.", "Hello.", False),
    ("empty", "", "", False),
    ("untranslated", "Câu này chưa được dịch.", "Câu này chưa được dịch.", True),
    ("untranslated", "Câu này chưa được dịch.", "câu này  chưa được dịch.", True),
    ("untranslated", "Ngô Văn Quý", "Ngô Văn Quý", False),  # a name alone
    ("untranslated", "Hôm nay trời đẹp.", "Today the weather is nice.", False),
    ("untranslated", "Hôm nay trời đẹp.", "Today the weather là một ngày đẹp trời.", True),
    ("length", "Hội nghị đã thông qua nhiều nghị quyết quan trọng về phát triển.", "Yes.", True),
    (
        "length",
        "Hội nghị đã thông qua nhiều nghị quyết quan trọng.",
        "The conference passed many important resolutions.",
        False,
    ),
    ("length", "Vâng.", "Yes, indeed, that is so.", False),  # too short to judge
    ("spacing", "Xin chào.", "Hello  world.", True),
    ("spacing", "Xin chào.", "Hello world .", True),
    ("spacing", "Xin chào.", "Hello, world.", False),
    ("spacing", "Xin chào!", "Hello world!", False),
    ("brackets", "Hà Nội (Việt Nam).", "Hanoi (Vietnam.", True),
    ("brackets", "Hà Nội (Việt Nam).", "Hanoi (Vietnam).", False),
    ("brackets", "Ông nói: “Xin chào”.", "He said: “Hello.", True),
    ("brackets", 'Ông nói: "Xin chào".', 'He said: "Hello".', False),
    ("final-punctuation", "Bạn có khỏe không?", "Are you well.", True),
    ("final-punctuation", "Bạn có khỏe không?", "Are you well?", False),
    ("final-punctuation", "Hà Nội mùa thu.", "Hanoi in autumn", False),
    ("final-punctuation", "Hà Nội mùa thu", "Hanoi in autumn?", True),
    ("final-punctuation", "Hà Nội mùa thu!", "Hanoi in autumn", True),
    ("final-punctuation", "Ông nói: “Xin chào.”", "He said: “Hello.”", False),
    ("markup", "Xem {1} tại <b>đây</b>.", "See {1} <b>here</b>.", False),
    ("markup", "Xem {1} tại <b>đây</b>.", "See {2} <b>here</b>.", True),
    ("markup", "Xem <b>đây</b>.", "See <b>here.", True),
    ("markup", "Còn %s chỗ.", "There are %s seats left.", False),
    ("markup", "Còn %s chỗ.", "There are %d seats left.", True),
    ("markup", "Xem https://hanoi.gov.vn/tin-tuc.", "See https://hanoi.gov.vn/tin-tuc.", False),
    ("markup", "Xem https://hanoi.gov.vn/tin-tuc.", "See https://hanoi.gov.vn/news.", True),
    ("markup", "Liên hệ bbt@hanoi.gov.vn.", "Contact bbt@hanoi.gov.vn.", False),
]


@pytest.mark.parametrize(("check", "source", "target", "fires"), SIMPLE_CASES)
def test_simple_checks(check: str, source: str, target: str, fires: bool) -> None:
    assert bool(fired(source, target, check)) is fires


def test_french_space_before_punctuation_is_allowed() -> None:
    assert not fired("Xin chào!", "Bonjour le monde !", "spacing", target_lang="fr")


def test_empty_target_gets_only_the_empty_issue() -> None:
    issues = check_segment("Ngày 2.6, có 2.350 người.", "")
    assert [i.check for i in issues] == ["empty"]
    assert blocks_approval(issues)


def test_warnings_do_not_block_approval() -> None:
    issues = check_segment("Bạn có khỏe không?", "Are you well.")
    assert issues and all(i.severity == "warning" for i in issues)
    assert not blocks_approval(issues)


def test_issue_json_shape() -> None:
    [issue] = check_segment("Có 2.350 người.", "There were 2.350 people.")
    assert issue.to_dict() == {
        "check": "numbers",
        "severity": "error",
        "message": issue.message,
        "span": [11, 16],
        "side": "target",
    }


def test_version_consistency() -> None:
    pairs = [
        ("Xin cảm ơn.", "Thank you."),
        ("Hà Nội đẹp.", "Hanoi is beautiful."),
        ("Xin cảm ơn.", "Thanks."),
        ("Xin cảm ơn.", "Thank you."),
    ]
    issues = check_version(pairs)
    consistency = [i for i in issues if i.check == "consistency"]
    assert [i.segment for i in consistency] == [2]
    assert consistency[0].severity == "warning"


def test_version_issues_carry_their_segment() -> None:
    issues = check_version([("Xin chào.", "Hello."), ("Có 3 người.", "There were four people.")])
    assert [(i.check, i.segment) for i in issues] == [("numbers", 1)]


def test_every_check_is_described() -> None:
    rows = describe_checks()
    names = [r["name"] for r in rows]
    assert len(names) == len(set(names)) == 13
    assert all(r["doc"] and r["severity"] in {"error", "warning"} for r in rows)


# --- the English reader --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "values", "ambiguous"),
    [
        ("2,350 people", ["2350"], [False]),
        ("1.5 million visitors", ["1500000.0"], [False]),
        ("VND2.35 trillion", ["2350000000000.00"], [False]),
        ("2.350 people", ["2350"], [True]),
        ("1,5 times", ["1.5"], [True]),
        ("the 21st century", ["21"], [False]),
        ("three generations", ["3"], [False]),
        ("twenty-five years", ["25"], [False]),
        ("version 1.2.3", [], []),
        ("in 2013-2015", ["2013", "2015"], [False, False]),
        ("another billion years", ["1000000000"], [False]),
        ("World War II ended", ["2"], [False]),
        ("I think Malcolm X said", [], []),
        ("in '71 and the ’90s", ["71", "90"], [False, False]),
    ],
)
def test_english_numbers(text: str, values: list[str], ambiguous: list[bool]) -> None:
    found = find_english_numbers(text)
    assert [n.value for n in found] == [Decimal(v) for v in values]
    assert [n.ambiguous for n in found] == ambiguous


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("on June 2, the", [(2, 6, None, False)]),
        ("on 2 June 2025", [(2, 6, 2025, False)]),
        ("on October 10, 1954,", [(10, 10, 1954, False)]),
        ("in June 2025", [(None, 6, 2025, False)]),
        ("on 2025-06-02", [(2, 6, 2025, False)]),
        ("the 10th day of the third lunar month", [(10, 3, None, True)]),
        ("March 10 of the lunar calendar", [(10, 3, None, True)]),
        ("you may go", []),
    ],
)
def test_english_dates(text: str, dates: list[tuple[int | None, int, int | None, bool]]) -> None:
    assert [(d.day, d.month, d.year, d.lunar) for d in find_english_dates(text)] == dates
