"""Photo lines stay captions in HTML pages: a line that says it is about the
photo beside it goes to ``captions``, whatever the layout around it."""

from __future__ import annotations

import pytest

from doingoai.extract.html import extract_html

PARAGRAPH = (
    "<p>Sở Du lịch Hà Nội cho biết lượng khách quốc tế đến thành phố trong hai tháng đầu "
    "năm tăng mạnh so với cùng kỳ, nhờ nhiều sự kiện văn hóa được tổ chức liên tục.</p>"
)
MORE = (
    "<p>Các khách sạn trong khu phố cổ kín phòng vào cuối tuần, còn các điểm tham quan như "
    "Văn Miếu và Hoàng thành Thăng Long đón số khách cao nhất từ trước đến nay.</p>"
)


@pytest.mark.parametrize(
    "line",
    [
        "Ảnh minh họa.",
        "Ảnh minh hoạ",
        "Người dân xếp hàng mua vé - Ảnh trích từ clip của người dân",
        "Khách du lịch tại phố cổ (Ảnh minh họa)",
        "Phố cổ Hà Nội về đêm. Ảnh: Ngọc Thành",
    ],
)
def test_photo_line_after_an_image_is_a_caption(line: str) -> None:
    html = (
        "<html><body><article><h1>Khách quốc tế đến Hà Nội tăng mạnh</h1>"
        f'{PARAGRAPH * 2}<div><img src="a.jpg" alt=""></div><p>{line}</p>{MORE * 2}'
        "</article></body></html>"
    )
    article = extract_html(html)
    assert line in article.captions
    assert line not in article.text
    assert "Văn Miếu" in article.text


def test_a_sentence_about_photos_stays_in_the_body() -> None:
    sentence = (
        "Triển lãm giới thiệu hơn 200 bức ảnh minh chứng cho sự đổi thay của Thủ đô "
        "qua bảy thập kỷ, từ những con phố cũ đến các công trình mới."
    )
    html = (
        "<html><body><article><h1>Triển lãm ảnh về Hà Nội</h1>"
        f"{PARAGRAPH}<p>{sentence}</p>{MORE}</article></body></html>"
    )
    article = extract_html(html)
    assert sentence in article.text
    assert article.captions == []


@pytest.mark.parametrize("kind", ["p", "div"])
def test_a_block_with_a_caption_class_is_a_caption(kind: str) -> None:
    # Vietnamese CMSs mark the photo line with a class ("chu-thich",
    # "image-desc") rather than a <figcaption>
    line = "Lễ hội hoa anh đào tại Hoàng thành Thăng Long"
    html = (
        "<html><body><article><h1>Khách quốc tế đến Hà Nội tăng mạnh</h1>"
        f'{PARAGRAPH * 2}<{kind} class="chu-thich">{line}</{kind}>{MORE * 2}'
        "</article></body></html>"
    )
    article = extract_html(html)
    assert line in article.captions
    assert line not in article.text
    assert "Văn Miếu" in article.text


def test_a_long_block_with_a_caption_class_stays_in_the_body() -> None:
    # a gallery or story container named "caption" holds the text itself
    html = (
        "<html><body><article><h1>Khách quốc tế đến Hà Nội tăng mạnh</h1>"
        f'<div class="image-caption-story">{PARAGRAPH * 3}{MORE}</div>'
        "</article></body></html>"
    )
    article = extract_html(html)
    assert "Văn Miếu" in article.text
    assert "khách quốc tế đến thành phố" in article.text
    assert article.captions == []
