"""The page editor's HTML: hostile input cleaned and reported, the plain
source read, the blocks a translator gets, and the translation put back."""

from __future__ import annotations

import pytest

from doingoai.reference.richtext import blocks, from_source, rebuild, sanitize


@pytest.mark.parametrize(
    ("hostile", "gone", "kind"),
    [
        ("<p>Hồ Gươm<script>alert(1)</script></p>", "alert", "element"),
        ('<p onclick="steal()">Phố cổ</p>', "steal", "handler"),
        ('<p><img src="/media/reference/a.webp" onerror="steal()">x</p>', "steal", "handler"),
        ('<p><a href="javascript:alert(1)">Văn Miếu</a></p>', "javascript", "link"),
        ('<p><a href="jav&#x09;ascript:alert(1)">Văn Miếu</a></p>', "ascript", "link"),
        ('<p style="width: expression(alert(1))">Lăng</p>', "expression", "style"),
        ("<svg><script>alert(1)</script><circle r=1 /></svg><p>Tây Hồ</p>", "alert", "element"),
        (
            '<p><img src="https://other.example/photo.jpg" alt="x">Bát Tràng</p>',
            "other.example",
            "image",
        ),
        ('<iframe src="https://evil.example"></iframe><p>Ba Vì</p>', "evil", "element"),
        ("<style>p{color:red}</style><p>Sóc Sơn</p>", "color", "element"),
    ],
)
def test_hostile_html_is_cleaned_and_reported(hostile: str, gone: str, kind: str) -> None:
    cleaned = sanitize(hostile)
    assert gone not in cleaned.html
    assert "<script" not in cleaned.html and " on" not in cleaned.html
    assert kind in {r.kind for r in cleaned.removed}


def test_clean_structure_is_kept() -> None:
    text = (
        "<h2>Lịch sử</h2><p>Hà Nội có <strong>hơn 1.000 năm</strong> lịch sử.</p>"
        "<ul><li>Hoàn Kiếm</li><li>Ba Đình</li></ul><blockquote><p>Ngàn năm văn hiến</p>"
        "</blockquote><table><tr><th>Quận</th><td>12</td></tr></table>"
        '<figure data-image="3"><img src="/media/reference/images/ab/x-960.webp" alt="Hồ" '
        'data-image="3"><figcaption>Hồ Gươm</figcaption></figure>'
        '<p><a href="https://hanoi.gov.vn">Cổng thông tin</a></p>'
    )
    cleaned = sanitize(text)
    assert cleaned.removed == []
    for piece in ("<h2>", "<strong>", "<li>", "<blockquote>", "<th>", "<figcaption>", "data-image"):
        assert piece in cleaned.html
    assert 'href="https://hanoi.gov.vn"' in cleaned.html


def test_plain_source_without_javascript() -> None:
    html = from_source(
        "## Làng nghề\n\nBát Tràng làm **gốm** từ thế kỷ 14.\n\n- Gốm men lam\n- Gốm men rạn\n\n"
        "> Gốm Bát Tràng\n\n| Làng | Nghề |\n|---|---|\n| Vạn Phúc | Lụa |"
    )
    cleaned = sanitize(html)
    assert [b.tag for b in blocks(cleaned.html)] == [
        "h2",
        "p",
        "li",
        "li",
        "p",
        "th",
        "th",
        "td",
        "td",
    ]
    assert "<strong>gốm</strong>" in cleaned.html


def test_translation_goes_back_into_the_structure() -> None:
    cleaned = sanitize(
        "<h2>Lịch sử</h2><p>Đoạn <em>một</em>.</p><ul><li>Mục</li></ul>"
        '<figure data-image="1"><img src="/media/reference/i.webp" data-image="1" alt="a">'
        "<figcaption>Chú thích</figcaption></figure>"
    ).html
    found = blocks(cleaned)
    assert [b.text for b in found] == ["Lịch sử", "Đoạn một.", "Mục", "Chú thích"]
    english = rebuild(cleaned, ["History", "Paragraph <one>.", "Item"], ["Caption"])
    assert "<h2>History</h2>" in english
    assert "Paragraph &lt;one&gt;." in english  # translated text is text, never markup
    assert "<li>Item</li>" in english and "<figcaption>Caption</figcaption>" in english
    assert 'src="/media/reference/i.webp"' in english


def test_an_image_inside_a_paragraph_survives_translation() -> None:
    cleaned = sanitize(
        '<p>Thành phố rộng<img src="/media/reference/i.webp" alt="Hồ" data-image="1"></p>'
    ).html
    english = rebuild(cleaned, ["The city covers"], [])
    assert (
        english
        == '<p>The city covers<img src="/media/reference/i.webp" alt="Hồ" data-image="1"></p>'
    )


def test_text_is_stored_in_nfc() -> None:
    decomposed = "<p>Ho\u0302\u0300 Hoa\u0300n Kie\u0302\u0301m</p>"
    assert sanitize(decomposed).html == "<p>Hồ Hoàn Kiếm</p>"


def test_an_image_left_before_its_figure_goes_back_into_it() -> None:
    cleaned = sanitize(
        '<p>Thành phố rộng<img src="/media/reference/i.webp" alt="Hồ" data-image="1"></p>'
        '<figure data-image="1"><figcaption>Hồ</figcaption></figure><p></p>'
    ).html
    assert cleaned == (
        "<p>Thành phố rộng</p>\n"
        '<figure data-image="1"><img src="/media/reference/i.webp" alt="Hồ" data-image="1">'
        "<figcaption>Hồ</figcaption>\n</figure>"
    )
