"""A headline and its lead run together on the title line of a text scrape
are told apart by punctuation, case and the text's own words."""

from __future__ import annotations

import pytest

from doingoai.extract import extract
from doingoai.extract._text_title import HEADLINE_WORDS, split_run_on_title

REST = [
    "Theo kế hoạch, thành phố sẽ bố trí thêm điểm trông giữ xe trước các lễ hội.",
    "Sở cho biết các hoạt động sẽ diễn ra trong suốt tháng và mở cửa miễn phí.",
]


@pytest.mark.parametrize(
    ("line", "title", "lead", "cue"),
    [
        (  # the outlet's dateline, dropped
            "Hà Nội mở thêm tuyến phố đi bộ quanh hồ Hoàn Kiếm (NLĐ)- Sáng 2-6, UBND quận "
            "Hoàn Kiếm cho biết các tuyến phố mới sẽ mở vào mỗi dịp cuối tuần từ tháng sau.",
            "Hà Nội mở thêm tuyến phố đi bộ quanh hồ Hoàn Kiếm",
            "Sáng 2-6, UBND quận Hoàn Kiếm cho biết",
            "dateline",
        ),
        (  # a closing quotation mark, then a capital
            "Phố cổ: Du khách thích thú với “chợ đêm” Bắt đầu từ tối thứ sáu, các tuyến phố "
            "quanh chợ Đồng Xuân kín người đi dạo, mua sắm và thưởng thức món ăn đường phố.",
            "Phố cổ: Du khách thích thú với “chợ đêm”",
            "Bắt đầu từ tối thứ sáu,",
            "sentence end",
        ),
        (  # an ellipsis, then a capital
            "Nghệ sĩ Thu Hà: Một mùa thu Hà Nội... Nghệ sĩ Thu Hà Một người phụ nữ lặng lẽ "
            "giữa phố phường đông đúc, dịu dàng và da diết trong từng câu hát về thành phố.",
            "Nghệ sĩ Thu Hà: Một mùa thu Hà Nội...",
            "Nghệ sĩ Thu Hà Một người phụ nữ",
            "sentence end",
        ),
        (  # a common word written with a capital ("trước" in lower case in the text)
            "Không ai về muộn Trước giờ khai mạc, tất cả các đoàn nghệ thuật của quận đã có mặt "
            "đông đủ tại nhà văn hóa để tổng duyệt chương trình biểu diễn lần cuối cùng.",
            "Không ai về muộn",
            "Trước giờ khai mạc,",
            "capitalised common word",
        ),
    ],
)
def test_a_run_on_title_is_split(line: str, title: str, lead: str, cue: str) -> None:
    found = split_run_on_title(line, REST)
    assert found is not None
    assert (found.title, found.cue) == (title, cue)
    assert found.lead.startswith(lead) and line.endswith(found.lead)


def test_a_name_is_not_a_sentence_start() -> None:
    """ "Bộ Công an": a capitalised word after another capitalised word is part
    of a name, even when the text writes it in lower case elsewhere."""
    line = (
        "Đề xuất bỏ án tử hình với chín loại tội Bộ Công an vừa trình Chính phủ đề án về "
        "thay đổi cách thức thi hành hình phạt theo hướng nhân đạo hơn"
    )
    found = split_run_on_title(line, ["Công tác bảo đảm an ninh là công việc hằng ngày."])
    assert found is not None and found.cue == "lead without headline"
    assert found.lead == line  # nothing lost
    assert found.title.endswith(" …") and len(found.title.split()) <= HEADLINE_WORDS


def test_a_lead_without_headline_is_titled_by_its_opening_clause() -> None:
    line = (
        "Các nhà khoa học của một trường đại học ở Hà Nội, sau ba năm nghiên cứu, đã chế tạo "
        "thành công một loại vật liệu mới có thể lọc sạch nước sông cho các vùng nông thôn."
    )
    found = split_run_on_title(line, REST)
    assert found is not None
    assert found.title == "Các nhà khoa học của một trường đại học ở Hà Nội"
    assert found.lead == line


@pytest.mark.parametrize(
    "line",
    [
        "Hà Nội đẩy mạnh thông tin đối ngoại trong năm 2025",  # a headline's length
        " ".join(["từ"] * HEADLINE_WORDS),
    ],
)
def test_a_headline_is_left_alone(line: str) -> None:
    assert split_run_on_title(line, REST) is None


def test_the_extractor_puts_the_lead_first_in_the_body() -> None:
    line = (
        "Phố cổ: Du khách thích thú với “chợ đêm” Bắt đầu từ tối thứ sáu, các tuyến phố "
        "quanh chợ Đồng Xuân kín người đi dạo, mua sắm và thưởng thức món ăn đường phố."
    )
    text = "\n".join([line, *REST])
    article = extract(text.encode("utf-8"), source="pho-co.txt").article
    assert article.title == "Phố cổ: Du khách thích thú với “chợ đêm”"
    assert article.lead.startswith("Bắt đầu từ tối thứ sáu,")
    assert [p.text for p in article.paragraphs] == REST
    assert article.warnings == ["the title line held the lead too: the title is its first 9 words"]


def test_an_english_title_line_is_not_split() -> None:
    line = (
        "This website uses cookies. We use them to give you the best experience and to "
        "understand how our pages are read by the people who visit them every day."
    )
    body = [
        "The city opened a new walking street around the lake on Saturday morning, and "
        "thousands of people came to see the lanterns and the street food stalls.",
        "The district says the street will stay closed to traffic every weekend until the "
        "end of the year, and more streets may follow if the residents agree.",
    ]
    article = extract("\n".join([line, *body]).encode(), source="en.txt").article
    assert article.language == "en"
    assert article.title == line
