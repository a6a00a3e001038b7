"""An image the extractor leaves out takes its caption with it.

Before, the caption of a dropped image (here: the same picture shown a second
time) stayed in the article's captions, so the pages paired the remaining
images with the wrong captions.
"""

from __future__ import annotations

from doingoai.extract.html import extract_html

PARAGRAPH = (
    "Sáng nay, Ủy ban nhân dân thành phố Hà Nội tổ chức hội nghị tổng kết công tác thông tin "
    "đối ngoại với sự tham gia của đại diện các sở, ban, ngành và quận, huyện trên địa bàn."
)


def figure(src: str, caption: str) -> str:
    return f'<figure><img src="{src}" alt=""><figcaption>{caption}</figcaption></figure>'


PAGE = (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Hội nghị đối ngoại</title>'
    "</head><body><article><h1>Hội nghị đối ngoại</h1>"
    + figure("https://bao-mau.vn/anh/hoi-nghi.jpg", "Toàn cảnh hội nghị.")
    + f"<p>{PARAGRAPH}</p><p>{PARAGRAPH.replace('Sáng nay', 'Chiều qua')}</p>"
    + figure("https://bao-mau.vn/anh/hoi-nghi.jpg", "Ảnh lặp lại của hội nghị.")
    + f"<p>{PARAGRAPH.replace('Sáng nay', 'Tối qua')}</p>"
    + figure("https://bao-mau.vn/anh/dai-bieu.jpg", "Các đại biểu phát biểu.")
    + f"<p>{PARAGRAPH.replace('Sáng nay', 'Hôm nay')}</p>"
    + "</article></body></html>"
)


def test_the_caption_of_a_dropped_image_is_dropped_too() -> None:
    article = extract_html(PAGE, url="https://bao-mau.vn/hoi-nghi.html")
    pairs = [(i.src.rsplit("/", 1)[1], i.caption) for i in article.images]
    assert pairs == [
        ("hoi-nghi.jpg", "Toàn cảnh hội nghị."),
        ("dai-bieu.jpg", "Các đại biểu phát biểu."),
    ]
    # the captions are those of the images kept, in their order: pages pair them up
    assert article.captions == [caption for _, caption in pairs]
