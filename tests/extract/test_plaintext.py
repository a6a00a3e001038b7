"""Plain-text scrapes → Article: the seed page exactly, VNTC generically, and small cases."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from doingoai.errors import NoArticleError
from doingoai.extract._text_title import HEADLINE_WORDS
from doingoai.extract.article import Article
from doingoai.extract.plaintext import extract_text
from doingoai.text import normalize

SEED_TITLE = "Thông tin đối ngoại: Đã đáp ứng được yêu cầu hội nhập của Thành phố"
VN = timezone(timedelta(hours=7))


def _seed_lines(seed_path: Path) -> list[str]:
    return [normalize(line).strip() for line in seed_path.read_text("utf-8").splitlines()]


def _line_starting(lines: list[str], start: str) -> str:
    (line,) = [line for line in lines if line.startswith(start)]
    return line


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> Article:
    return extract_text(seed_path.read_text("utf-8"), source=str(seed_path))


def test_seed_title_lead_body(seed: Article, seed_path: Path) -> None:
    lines = _seed_lines(seed_path)
    assert seed.title == SEED_TITLE
    assert seed.lead == _line_starting(lines, "Ngày 2.6, Sở Thông tin và Truyền thông")
    assert [p.text for p in seed.paragraphs] == [
        _line_starting(lines, "Tại Hội nghị, đại diện Sở TT Hà Nội"),
        _line_starting(lines, "Tuy nhiên, bên cạnh những kết quả"),
        _line_starting(lines, "Phát biểu kết luận Hội nghị"),
    ]
    assert [p.kind for p in seed.paragraphs] == ["p", "p", "p"]
    assert seed.text == "\n\n".join([seed.lead, *(p.text for p in seed.paragraphs)])


def test_seed_caption_author_metadata(seed: Article) -> None:
    assert seed.captions == ["Phó Chủ tịch UBND TP Ngô Văn Quý phát biểu tại Hội nghị."]
    assert seed.authors == ["Bảo Duy"]
    assert seed.published_at is None  # "Ngày 2.6" has no year: nothing is made up
    assert seed.language == "vi"
    assert seed.images == []
    assert seed.tags == []
    assert seed.url == ""
    assert seed.outlet == ""
    assert seed.warnings == []


def test_seed_related(seed: Article, seed_path: Path) -> None:
    lines = _seed_lines(seed_path)
    related = seed.related
    assert len(related) == 19
    # two glued to the alt-text slug lines, without summary
    assert [(r.title, r.summary) for r in related[:2]] == [
        ("Công đoàn phải đổi mới để hội nhập", ""),
        ("Đảm bảo tốt phúc lợi cho NLĐ", ""),
    ]
    boxes = related[2:]  # 7 under "Nên xem", then 10 under "Tin khác"
    assert boxes[0].title == "Hé lộ nguyên nhân khiến 7 công nhân tử vong ở Yên Bái"
    assert boxes[5].title == (
        'Người dân bắt đầu rời Hà Nội về quê nghỉ lễ: Các hướng ra cửa ngõ Thủ đô đông "như nêm"'
    )
    assert (
        boxes[7].title == "Lãnh đạo tỉnh Hưng Yên dâng hương, dâng hoa, viếng các anh hùng liệt sĩ"
    )
    assert boxes[-1].title == "Khánh Hoà: Người dân thành kính dự lễ Giỗ Tổ Hùng Vương"
    # every box headline is written twice on the page, in this order
    positions = [lines.index(r.title) for r in boxes]
    assert positions == sorted(positions)
    assert all(lines.count(r.title) == 2 for r in boxes if "  " not in r.title)
    # each has its summary: the "(LĐTĐ) …" paragraphs of the page, in order
    assert [r.summary for r in boxes] == [line for line in lines if line.startswith("(LĐTĐ)")]
    assert all(r.url == "" for r in related)


@pytest.mark.parametrize(
    "unwanted",
    [
        "thong tin doi ngoai",
        "Có thể bạn quan tâm",
        "Nên xem",
        "Tin khác",
        "Xem thêm",
        "Phiên bản di động",
        "(LĐTĐ)",
        "Công đoàn phải đổi mới",
        "Bảo Duy",
        "Phó Chủ tịch UBND TP Ngô Văn Quý phát biểu tại Hội nghị.",
    ],
)
def test_seed_body_is_clean(seed: Article, unwanted: str) -> None:
    assert unwanted not in seed.text


def test_seed_url_gives_outlet(seed_path: Path) -> None:
    article = extract_text(
        seed_path.read_text("utf-8"), url="https://www.example.vn/thong-tin-doi-ngoai.html"
    )
    assert article.url == "https://www.example.vn/thong-tin-doi-ngoai.html"
    assert article.outlet == "example.vn"


def _vntc_docs(shared_data: Path) -> list[tuple[str, str]]:
    docs = []
    for name in ("vntc_train_subset.jsonl", "vntc_test_dev.jsonl"):
        with (shared_data / "topics" / name).open(encoding="utf-8") as fh:
            docs.extend((row["id"], row["text"]) for row in map(json.loads, fh))
    return docs


def test_vntc_generic(shared_data: Path) -> None:
    """Every VNTC document: the first line is the title and there is a body;
    a first line longer than a headline is split into the headline and the lead."""
    docs = _vntc_docs(shared_data)
    assert len(docs) == 2500
    failures = []
    single_line = split = 0
    for doc_id, text in docs:
        article = extract_text(text, source=doc_id)
        lines = [normalize(x).strip() for x in text.splitlines() if x.strip()]
        if len(lines) == 1:
            # one paragraph and nothing else: no separate title line to take
            single_line += 1
            ok = article.title == "" and lines[0].startswith(article.text[:50]) and article.warnings
        elif len(lines[0].split()) <= HEADLINE_WORDS:
            ok = article.title == lines[0] and bool(article.text) and article.language == "vi"
        else:
            # a title line longer than a headline: the headline is its start, and the
            # rest of it (past the outlet's dateline) opens the body; nothing is lost
            title = article.title.removesuffix(" …")
            ok = (
                0 < len(article.title.split()) <= HEADLINE_WORDS
                and lines[0].startswith(title)
                and lines[0].endswith(article.lead)
                and len(title) + len(article.lead) >= len(lines[0]) - 12
                and article.text.startswith(article.lead)
                and bool(article.warnings)
            )
            split += 1
        if not ok:
            failures.append(doc_id)
    assert failures == []
    assert single_line == 52
    assert split == 495


def test_vntc_dated_link_list_is_related(shared_data: Path) -> None:
    """Lists of "Headline(10/03/2004)" links at the end are related stories, not body."""
    docs = [text for _, text in _vntc_docs(shared_data) if ")\n" in text]
    dated = [t for t in docs if any(x.rstrip().endswith("/2004)") for x in t.splitlines()[-5:])]
    assert len(dated) >= 10
    for text in dated:
        article = extract_text(text)
        assert article.related
        assert not any(line.endswith("/2004)") for line in article.text.splitlines())


ARTICLE = """Trang chủ > Giao thông > Đô thị
Hà Nội mở thêm tuyến xe buýt điện

Thứ Hai, 02/06/2025 10:30 (GMT+7)

Từ ngày 1/6, thành phố đưa vào khai thác thêm ba tuyến xe buýt điện nối trung tâm với các huyện ngoại thành.

Theo Sở Giao thông vận tải, các tuyến mới phục vụ khoảng 20.000 lượt khách mỗi ngày và giảm đáng kể
lượng khí thải của phương tiện công cộng trong nội đô.

ha noi mo them tuyen xe buyt dien
Xe buýt điện chạy thử trên phố Tràng Tiền.

Người dân có thể tra cứu lộ trình trên ứng dụng của thành phố và mua vé tháng trực tuyến.

Minh Anh - Lan Hương

Từ khóa: xe buýt điện, giao thông, Hà Nội

Bình luận

Bài viết rất hay, cảm ơn tác giả nhiều lắm nhé mọi người ơi đọc đi.

Tin liên quan

Giá vé xe buýt điện giữ nguyên trong năm nay

Metro Nhổn - ga Hà Nội chạy thêm chuyến giờ cao điểm

© Bản quyền thuộc về báo Mẫu
Địa chỉ: số 1 phố Mẫu
"""


def test_generic_article_cues() -> None:
    article = extract_text(ARTICLE, url="https://bao-mau.vn/a.html")
    assert article.title == "Hà Nội mở thêm tuyến xe buýt điện"
    assert article.published_at == datetime(2025, 6, 2, 10, 30, tzinfo=VN)
    assert article.lead.startswith("Từ ngày 1/6, thành phố")
    assert [p.text for p in article.paragraphs] == [
        "Theo Sở Giao thông vận tải, các tuyến mới phục vụ khoảng 20.000 lượt khách mỗi ngày và "
        "giảm đáng kể lượng khí thải của phương tiện công cộng trong nội đô.",
        "Người dân có thể tra cứu lộ trình trên ứng dụng của thành phố và mua vé tháng trực tuyến.",
    ]
    assert article.captions == ["Xe buýt điện chạy thử trên phố Tràng Tiền."]
    assert article.authors == ["Minh Anh", "Lan Hương"]
    assert article.tags == ["xe buýt điện", "giao thông", "Hà Nội"]
    assert [r.title for r in article.related] == [
        "Giá vé xe buýt điện giữ nguyên trong năm nay",
        "Metro Nhổn - ga Hà Nội chạy thêm chuyến giờ cao điểm",
    ]
    assert "cảm ơn tác giả" not in article.text
    assert "Bản quyền" not in article.text
    assert article.outlet == "bao-mau.vn"


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        # an English scrape
        (
            "City opens electric bus lines\n\nThe city opened three electric bus lines on "
            "Monday, and the transport department said that they serve the outer districts.\n\n"
            "Riders can buy tickets in the app of the city.\n",
            "language",
            "en",
        ),
        # a trailing credit in brackets is the author
        (
            "Trường đạt chuẩn quốc gia\n\nNhà trường hiện có 99 giáo viên với 30 lớp bán trú. "
            "Tỷ lệ học sinh khá, giỏi đạt trên 99%. (Phượng Kiều)\n",
            "authors",
            ["Phượng Kiều"],
        ),
        # "Theo TTXVN" is a source credit, not an author: it stays in the body
        (
            "Tin ngắn\n\nĐoạn đầu của bài viết có đủ chữ để làm phần mở đầu.\n\nĐoạn hai.\n\n"
            "Theo TTXVN\n",
            "authors",
            [],
        ),
        # a slug written as a URL path still marks alt text
        (
            "Khai mạc lễ hội hoa Hà Nội\n\nSáng nay lễ hội hoa khai mạc tại vườn hoa.\n\n"
            "khai-mac-le-hoi-hoa-ha-noi\nDu khách tham quan lễ hội.\n\nLễ hội kéo dài ba ngày.\n",
            "captions",
            ["Du khách tham quan lễ hội."],
        ),
        # the headline repeated in the body is dropped
        (
            "Khai mạc lễ hội hoa Hà Nội\n\nKhai mạc lễ hội hoa Hà Nội\n\nSáng nay lễ hội hoa "
            "khai mạc.\n\nLễ hội kéo dài ba ngày.\n",
            "lead",
            "Sáng nay lễ hội hoa khai mạc.",
        ),
        # a subheading between paragraphs is marked
        (
            "Bài dài\n\nĐoạn mở đầu của bài.\n\nKết quả tích cực\n\n"
            + "Đoạn thân bài có nhiều chữ hơn hai mươi chữ để được coi là một đoạn văn dài "
            "đầy đủ theo cách đếm của chúng tôi ở đây.\n",
            "subheadings",
            ["Kết quả tích cực"],
        ),
        # a date without a year gives no published_at
        (
            "Họp báo\n\nChiều 18/4, Sở tổ chức họp báo.\n\nĐoạn hai.\n",
            "published_at",
            None,
        ),
    ],
)
def test_generic_cases(text: str, field: str, expected: object) -> None:
    article = extract_text(text)
    if field == "subheadings":
        assert [p.text for p in article.paragraphs if p.kind == "h"] == expected
    else:
        assert getattr(article, field) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n \t\n",
        "Chỉ có tiêu đề thôi\n",
        "Tin liên quan\nXem thêm\n",
        "Tiêu đề\n\nPhiên bản di động\n\nĐoạn văn sau chân trang không được đọc.\n",
    ],
)
def test_no_article(text: str) -> None:
    with pytest.raises(NoArticleError, match=r"sample\.txt"):
        extract_text(text, source="sample.txt")


def test_single_paragraph_document() -> None:
    text = " ".join(["Một đoạn văn dài không có dòng tiêu đề riêng."] * 6)
    article = extract_text(text)
    assert article.title == ""
    assert article.paragraphs[0].text == text or article.lead == text
    assert article.warnings
