"""Whole-page plain-text scrapes of outlets the extractor was not written for.

The scrapes are made at run time, from the shared pages, by the shared
scraping tool; nothing of them is kept in the project.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from doingoai.extract._text_cues import is_caption, is_meta_line, label_kind, parse_byline
from doingoai.extract.html import extract_html
from doingoai.extract.plaintext import extract_text

# A page as a text-only crawler delivers it: menus, a ticker, a breadcrumb,
# the date, the article with two photo lines, a related list and the footer.
PAGE = """Đăng nhập

Thời sự

Kinh tế

Văn hóa

Thể thao

Giá vàng hôm nay tăng mạnh

Thời sự › Hà Nội

Thứ Bảy, 07/03/2026 08:15 (GMT+7)

Hà Nội khai trương tuyến phố đi bộ mới quanh hồ Thiền Quang

Từ tối nay, người dân và du khách có thể dạo bộ quanh hồ Thiền Quang vào các buổi tối cuối tuần, khi thành phố cấm xe cơ giới trên bốn tuyến phố bao quanh hồ.

Người dân dạo quanh hồ trong tối khai trương - Ảnh trích từ clip của người dân

Theo kế hoạch của quận, tuyến phố đi bộ hoạt động từ 19 giờ thứ Sáu đến 24 giờ Chủ nhật hằng tuần, với các chương trình biểu diễn nghệ thuật dân gian và hội chợ sách.

Ảnh minh họa.

Đại diện UBND quận cho biết đơn vị đã bố trí thêm các điểm trông giữ xe và lực lượng hướng dẫn giao thông tại những nút giao lớn quanh khu vực hồ Thiền Quang.

Minh Anh

Hà Nội mở thêm tuyến xe buýt điện nối trung tâm với ngoại thành

Người dân đổ về phố cổ ngày cuối tuần

Giá vé tham quan Văn Miếu tăng từ tháng sau

Liên hệ quảng cáo

Điều khoản sử dụng
"""

BODY = [
    "Từ tối nay, người dân và du khách có thể dạo bộ quanh hồ Thiền Quang vào các buổi tối "
    "cuối tuần, khi thành phố cấm xe cơ giới trên bốn tuyến phố bao quanh hồ.",
    "Theo kế hoạch của quận, tuyến phố đi bộ hoạt động từ 19 giờ thứ Sáu đến 24 giờ Chủ nhật "
    "hằng tuần, với các chương trình biểu diễn nghệ thuật dân gian và hội chợ sách.",
    "Đại diện UBND quận cho biết đơn vị đã bố trí thêm các điểm trông giữ xe và lực lượng "
    "hướng dẫn giao thông tại những nút giao lớn quanh khu vực hồ Thiền Quang.",
]


def test_whole_page_scrape_title_body_captions_author() -> None:
    article = extract_text(PAGE)
    assert article.title == "Hà Nội khai trương tuyến phố đi bộ mới quanh hồ Thiền Quang"
    assert [article.lead, *(p.text for p in article.paragraphs)] == BODY
    assert article.captions == [
        "Người dân dạo quanh hồ trong tối khai trương - Ảnh trích từ clip của người dân",
        "Ảnh minh họa.",
    ]
    assert article.authors == ["Minh Anh"]
    assert article.published_at is not None and article.published_at.isoformat() == (
        "2026-03-07T08:15:00+07:00"
    )
    for furniture in ("Thời sự", "Giá vàng hôm nay", "Liên hệ", "Người dân đổ về phố cổ"):
        assert furniture not in article.text


@pytest.mark.parametrize(
    "line",
    [
        "Ảnh minh họa.",
        "(Ảnh minh họa)",
        "Phố cổ Hà Nội về đêm. Ảnh: Ngọc Thành",
        "Đoàn khách quốc tế thăm Văn Miếu (Ảnh: TTXVN)",
        "Khách du lịch trên phố Hàng Mã - Ảnh trích từ clip",
        "Crowds on the Long Bien bridge. Photo: AP",
    ],
)
def test_photo_lines_stay_captions(line: str) -> None:
    first = (
        "Sở Du lịch Hà Nội cho biết lượng khách quốc tế đến thành phố trong hai tháng đầu năm "
        "tăng mạnh so với cùng kỳ, nhờ nhiều sự kiện văn hóa được tổ chức liên tục."
    )
    second = (
        "Các khách sạn trong khu phố cổ kín phòng vào cuối tuần, còn các điểm tham quan như "
        "Văn Miếu và Hoàng thành Thăng Long đón số khách cao nhất từ trước đến nay."
    )
    article = extract_text(f"Khách quốc tế đến Hà Nội tăng mạnh\n\n{first}\n\n{line}\n\n{second}")
    assert line in article.captions
    assert line not in article.text


@pytest.mark.parametrize(
    "sentence",
    [
        "Anh ấy nói: chúng tôi sẽ trở lại.",
        "Tôi và anh: hai người bạn cũ gặp lại nhau sau mười năm.",
    ],
)
def test_a_sentence_with_anh_and_a_colon_is_not_a_caption(sentence: str) -> None:
    article = extract_text(f"Gặp lại sau mười năm\n\nMở đầu bài viết ở đây.\n\n{sentence}")
    assert sentence in article.text
    assert article.captions == []


@pytest.mark.parametrize(
    ("author", "names"),
    [
        ('"NH&#7852;T XUÂN"', ["NHẬT XUÂN"]),  # one name with an entity in it
        ('"NH&amp;#7852;T XUÂN"', ["NHẬT XUÂN"]),  # the entity escaped twice
        ('{"@type": "Person", "name": "NH&#7852;T XUÂN"}', ["NHẬT XUÂN"]),
        ('[{"name": "Minh Anh"}, {"name": "Lan H&#432;&#417;ng"}]', ["Minh Anh", "Lan Hương"]),
        ('"Minh Anh &amp; Lan Hương"', ["Minh Anh", "Lan Hương"]),
    ],
)
def test_json_ld_author_entities_decoded_before_names_are_split(
    author: str, names: list[str]
) -> None:
    paragraph = "<p>" + "Nội dung bài báo về thành phố Hà Nội và các hoạt động đối ngoại. " * 6
    html = (
        '<html><head><script type="application/ld+json">'
        '{"@type": "NewsArticle", "headline": "Tin Hà Nội", "author": ' + author + "}"
        "</script></head><body><article><h1>Tin Hà Nội</h1>"
        + paragraph * 3
        + "</article></body></html>"
    )
    assert extract_html(html).authors == names


# ------------------------------------------------------------------ shared pages

_TOKEN = re.compile(r"\w+")


def _f1(truth: str, got: str) -> float:
    def grams(text: str) -> Counter[tuple[str, ...]]:
        words = _TOKEN.findall(text)
        return Counter(tuple(words[i : i + 4]) for i in range(max(0, len(words) - 3)))

    t, g = grams(truth), grams(got)
    common = sum((t & g).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(t.values())
    return 2 * p * r / (p + r)


def _scrape(pages: list[Path], out: Path, shared_data: Path) -> dict[str, str]:
    tool = shared_data.parent / "tools" / "text_scrape.py"
    subprocess.run([sys.executable, str(tool), *map(str, pages), "--out", str(out)], check=True)
    return {p.name: p.read_text("utf-8") for p in out.glob("*.txt")}


def test_vn_news_scrapes_titles(shared_data: Path) -> None:
    """The four Vietnamese article scrapes: the headline, not a menu or the date line."""
    want = {
        "vnexpress_article": "Cách các nước đối phó cú sốc năng lượng từ Trung Đông",
        "dantri_article": "Giá vàng giảm, vẫn cao hơn thế giới gần 20 triệu đồng/lượng",
        "tuoitre_article": "Chiến sự đẩy giá hoa nhập khẩu dịp 8-3 tăng mạnh",
        "nld_article": (
            "Những sai sót hộ kinh doanh thường gặp khi thực hiện quy định mới về thuế"
        ),
    }
    for path in sorted((shared_data / "extraction" / "vn-news" / "text").glob("*.txt")):
        assert extract_text(path.read_text("utf-8")).title == want[path.stem], path.name


def test_vnexpress_byline_compiled_by_is_the_author_in_the_scrape_and_the_page(
    shared_data: Path,
) -> None:
    folder = shared_data / "extraction" / "vn-news"
    scraped = extract_text((folder / "text" / "vnexpress_article.txt").read_text("utf-8"))
    page = extract_html((folder / "html" / "vnexpress_article.html").read_bytes())
    for article in (scraped, page):
        assert article.authors == ["Hà Thu"]
        assert "tổng hợp)" not in article.text
        assert all("Hà Thu" not in related.title for related in article.related)


def test_scrapinghub_scrapes_body(shared_data: Path, tmp_path: Path) -> None:
    """Scrapes of the first 30 scrapinghub pages (all outlets unseen): body F1 of 4-grams."""
    import json

    base = shared_data / "extraction" / "scrapinghub"
    truth = json.loads((base / "ground-truth.json").read_text("utf-8"))
    keys = sorted(truth)[:30]
    texts = _scrape([base / "html" / f"{k}.html.gz" for k in keys], tmp_path, shared_data)
    scores = [
        _f1(truth[k]["articleBody"], extract_text(texts[f"{k}.txt"]).text)
        for k in keys
        if f"{k}.txt" in texts
    ]
    assert len(scores) == 30
    # the whole page taken as the body scores about 0.6 here
    assert sum(scores) / len(scores) >= 0.8


def _page(*blocks: str) -> str:
    return "\n\n".join(blocks)


# Body paragraphs of a made-up story, shared by the scrapes below.
_STORY = (
    "The city council voted on Tuesday to open three new night bus lines, which will run "
    "between the old town and the northern suburbs from next month.",
    "Council members said the night bus lines answer years of requests from shift workers, "
    "students and restaurant staff who finish work after the last tram has left.",
    "The three lines will cost the city about two million a year, and the council expects "
    "the first passenger figures before the end of the summer.",
)


def test_a_headline_written_as_a_question_is_the_title_not_the_section_above() -> None:
    # A headline that ends with "?" reads like a sentence; the menu words over it are not titles.
    page = _page(
        "Panorama",
        "Transport",
        "Will three night bus lines change the city's evenings?",
        *_STORY,
    )
    article = extract_text(page)
    assert article.title == "Will three night bus lines change the city's evenings?"
    assert article.lead.startswith("The city council voted on Tuesday")


def test_byline_dateline_and_share_buttons_between_headline_and_body_are_not_the_title() -> None:
    page = _page(
        "Home",
        "News",
        "Local",
        "Council opens three night bus lines for shift workers",
        "By Jane Example | The Example Post",
        "11:00 AM PDT • May 16, 2024",
        "Share",
        "Comment",
        *_STORY,
    )
    article = extract_text(page)
    assert article.title == "Council opens three night bus lines for shift workers"


def test_a_skip_link_over_a_notice_sentence_is_not_the_title() -> None:
    # The first line stands over a sentence or two (a notice), but the page's
    # prose is further down, under a headline whose words it uses.
    menu = ["News", "Sport", "Culture", "Weather", "Video", "Podcasts", "Newsletter", "Search"]
    page = _page(
        "Skip to content",
        "Support us",
        "With your help we keep reporting on your city.",
        *menu,
        "Night bus lines: council opens three routes to the suburbs",
        *_STORY,
    )
    article = extract_text(page)
    assert article.title == "Night bus lines: council opens three routes to the suburbs"
    assert "Newsletter" not in article.text


def test_a_welcome_line_sharing_a_few_small_words_with_the_story_is_not_the_title() -> None:
    # The first line stands over a sentence and uses "to" and "the" like the
    # story does; the headline over the prose uses far more of its words.
    page = _page(
        "Welcome to the Example Post reader experience",
        "Continue",
        "You are reading the European edition of our website today.",
        "News",
        "Podcasts",
        "Council opens three night bus lines for shift workers",
        *_STORY,
    )
    article = extract_text(page)
    assert article.title == "Council opens three night bus lines for shift workers"
    assert article.lead.startswith("The city council voted on Tuesday")
    assert "Podcasts" not in article.text


def test_a_first_line_right_over_a_headline_stays_the_title() -> None:
    # A collection's name over the first story's headline ("Tin vắn ngày 9/8"):
    # the document begins with its own title, not with the page's menus.
    page = _page("Night news in brief", "Council opens three night bus lines", *_STORY)
    assert extract_text(page).title == "Night news in brief"


def test_a_dateline_with_an_author_and_a_time_is_not_the_title() -> None:
    page = _page(
        "Home",
        "Columns",
        "Search",
        "Column: the night belongs to the buses",
        "Column by the council reporter - 28.04.2024 at 08:52 - 12 comments",
        *_STORY,
    )
    assert extract_text(page).title == "Column: the night belongs to the buses"


_EMBED_NOTICE = "Content from another website follows. You can skip it here."


def test_a_notice_written_at_every_embed_leaves_the_body() -> None:
    page = _page(
        "Home",
        "Council opens three night bus lines for shift workers",
        _STORY[0],
        _EMBED_NOTICE,
        "Go back to before the embedded content.",
        _STORY[1],
        _EMBED_NOTICE,
        "Read also: Ten years of night trams in the old town",
        _STORY[2],
        _EMBED_NOTICE,
        "Read also: Ten years of night trams in the old town",
    )
    article = extract_text(page)
    assert "another website" not in article.text  # three times: a notice
    assert "Ten years of night trams" not in article.text  # a link written twice
    assert article.text.count("night bus lines") == 2  # every paragraph of the story kept
    assert "Go back to before" in article.text  # written once: it may be the article's


def test_a_paragraph_written_twice_keeps_one_copy() -> None:
    more = (
        "Bus drivers' unions welcomed the decision but asked the council to add rest rooms "
        "at the end stops, where drivers will wait up to twenty minutes between trips at night.",
        "The transport department will publish the timetables next week, and tickets bought "
        "for the day network will also be valid on the night lines without any extra charge.",
    )
    page = _page("Council opens three night bus lines", _STORY[0], _STORY[1], _STORY[1], *more)
    article = extract_text(page)
    assert article.text.count(_STORY[1]) == 1
    assert all(paragraph in article.text for paragraph in (_STORY[0], *more))


_CARDS = (
    "Thành phố mở thêm hai tuyến xe buýt đêm ra sân bay Nội Bài",
    "Từ tháng sau, hai tuyến xe buýt chạy suốt đêm nối trung tâm với sân bay, mỗi chuyến cách nhau 30 phút.",
    "Xe buýt điện chiếm một nửa đoàn xe của thành phố vào cuối năm",
    "Sở Xây dựng cho biết đến tháng 12, một nửa số xe buýt trên các tuyến nội đô sẽ chạy bằng điện.",
    "Hà Nội lấy ý kiến người dân về giá vé xe buýt mới từ năm sau",
    "Người dân có thể góp ý trên cổng thông tin của thành phố đến hết ngày 15 của tháng tới.",
)
_VI_STORY = (
    "Ủy ban nhân dân thành phố vừa quyết định mở ba tuyến xe buýt đêm, chạy từ phố cổ ra các "
    "khu dân cư phía bắc, bắt đầu từ tháng sau.",
    "Theo Sở Xây dựng, các tuyến xe buýt đêm đáp ứng đề nghị nhiều năm của công nhân làm ca, "
    "sinh viên và nhân viên nhà hàng tan làm sau chuyến tàu điện cuối cùng.",
    "Ba tuyến xe buýt mới dự kiến tốn khoảng hai tỷ đồng mỗi năm, và thành phố sẽ công bố số "
    "liệu hành khách đầu tiên trước cuối mùa hè.",
)


def test_related_cards_closing_the_article_are_related_stories_not_body() -> None:
    page = _page(
        "Trang chủ", "Hà Nội mở ba tuyến xe buýt đêm cho công nhân làm ca", *_VI_STORY, *_CARDS
    )
    article = extract_text(page)
    assert article.text.endswith("trước cuối mùa hè.")
    assert [r.title for r in article.related[:3]] == list(_CARDS[::2])
    assert article.related[0].summary == _CARDS[1]


def test_a_numbered_list_closing_the_article_stays_in_the_body() -> None:
    items = [f"{n}. {heading}" for n, heading in zip((1, 2, 3), _CARDS[::2], strict=True)]
    steps = [line for pair in zip(items, _CARDS[1::2], strict=True) for line in pair]
    page = _page("Trang chủ", "Ba điều cần biết về xe buýt đêm của Hà Nội", *_VI_STORY, *steps)
    article = extract_text(page)
    assert all(step in article.text for step in steps)


def test_a_byline_in_capitals_past_a_read_more_link_is_the_author() -> None:
    page = _page(
        "Trang chủ",
        "Hà Nội mở ba tuyến xe buýt đêm cho công nhân làm ca",
        *_VI_STORY,
        "Đọc tiếp Về trang Chủ đề",
        "MINH ANH - THU HÀ",
        "Chia sẻ",
        "Tin mới nhất",
    )
    article = extract_text(page)
    assert article.authors == ["MINH ANH", "THU HÀ"]
    assert "Đọc tiếp" not in article.text
    assert all(related.title != "MINH ANH - THU HÀ" for related in article.related)


def test_one_card_with_a_read_on_link_under_the_article_is_a_related_story() -> None:
    page = _page(
        "Trang chủ",
        "Hà Nội mở ba tuyến xe buýt đêm cho công nhân làm ca",
        *_VI_STORY,
        *_CARDS[:2],
        "Đọc tiếp Về trang Chủ đề",
        "MINH ANH - THU HÀ",
    )
    article = extract_text(page)
    assert article.text.endswith("trước cuối mùa hè.")
    assert (article.related[0].title, article.related[0].summary) == _CARDS[:2]
    assert all("Đọc tiếp" not in related.title for related in article.related)
    assert article.authors == ["MINH ANH", "THU HÀ"]


def test_a_table_header_in_capitals_under_the_body_is_no_author() -> None:
    page = _page("Bảng xếp hạng sau vòng 21", *_VI_STORY, "Xếp hạng sau vòng 21", "TT", "Đội")
    assert extract_text(page).authors == []


def test_a_cookie_banner_sentence_at_the_top_is_not_the_title() -> None:
    menu = ["News", "Sport", "Culture", "Weather", "Video", "Podcasts", "Newsletter", "Search"]
    page = _page(
        "We use cookies to improve our service. You can find out more in our privacy notice.",
        "OK",
        *menu,
        *menu,
        "Council opens three night bus lines for shift workers",
        *_STORY,
    )
    article = extract_text(page)
    assert article.title == "Council opens three night bus lines for shift workers"


@pytest.mark.parametrize(
    "line",
    [
        "By Jane Example | The Example Post",
        "Von Max Beispiel und Erika Muster",
        "11:00 AM PDT • May 16, 2024",
        "3. Mai 2024, 17:47",
        "Stand: 20:03 Uhr | Lesedauer: 4 Minuten",
        "We use cookies to improve our service.",
        "Thứ Bảy, 07/03/2026 08:15 (GMT+7)",
        "Kolumne von Erika Muster - 28.04.2024 um 08:52 Uhr - 12 Ergänzungen",
        "Column by Jane Example - 04/28/2024 at 8:52 am - 12 comments",
        "Jetzt in der App anhören",
        "Listen to this article",
        "Écouter cet article",
        "Nghe bài viết",
        "Chcete-li článek poslouchat, přihlaste se",
    ],
)
def test_meta_lines_are_recognised(line: str) -> None:
    assert is_meta_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Council opens three night bus lines for shift workers",
        "Di Maio resigns as foreign minister",
        "By the numbers: what the night buses cost",
        "Hà Nội khai trương tuyến phố đi bộ mới quanh hồ Thiền Quang",
        "Council meets on 28.04.2024 to set the budget for 2025",
        "Trận đấu lúc 19:30 tối nay quyết định ngôi đầu bảng",
        "Người dân Hà Nội đăng nhập cổng dịch vụ công bằng VNeID",
        "How to sign in to the city's new tax portal",
        "Bürger können die Anhörung im Rathaus anhören",
    ],
)
def test_headlines_are_not_meta_lines(line: str) -> None:
    assert not is_meta_line(line)


def test_the_headline_over_its_standfirst_is_the_title_not_the_standfirst() -> None:
    # The standfirst right under the headline is longer and names more of the
    # body's words; the headline above it is still the title.
    page = _page(
        "Home",
        "Local",
        "Night bus lines for shift workers",
        "The council opens three night bus lines between the old town and the northern suburbs",
        "Share",
        *_STORY,
    )
    article = extract_text(page)
    assert article.title == "Night bus lines for shift workers"


def test_a_standfirst_that_names_the_body_better_is_still_not_the_title() -> None:
    # The standfirst stands right over the article and every one of its words
    # comes back in the body; the headline over it names the story in its own
    # words ("Late shifts") and is the title.
    page = _page(
        "Home",
        "Local",
        "Late shifts: a bus after midnight at last",
        "The city council voted to open three new night bus lines between the old town "
        "and the northern suburbs",
        *_STORY,
    )
    article = extract_text(page)
    assert article.title == "Late shifts: a bus after midnight at last"


@pytest.mark.parametrize("order", ["colon first", "colon second"])
def test_a_headline_written_twice_gives_its_spelling_with_the_kicker_set_off(order: str) -> None:
    # The page shows the headline once as "kicker: headline" and once with the
    # kicker run into it; the title is the one written with its colon.
    spellings = [
        "Night buses: Three routes open to late workers",
        "Night buses Three routes open to late workers",
    ]
    if order == "colon second":
        spellings.reverse()
    page = _page("News", "Transport", *spellings, "Published 3 May 2024, 15:42", *_STORY)
    article = extract_text(page)
    assert article.title == "Night buses: Three routes open to late workers"


@pytest.mark.parametrize(
    ("name", "box"),
    [
        ("MINH ANH", ["Minh Anh covers transport for the city desk."]),
        (
            "Erika Beispiel",
            ["Erika Beispiel writes about the city.", "You can email Erika Beispiel here."],
        ),
    ],
)
def test_an_author_box_closing_the_article_gives_the_author(name: str, box: list[str]) -> None:
    # The writer's name alone on its line, then a short note that names them
    # again: about the writer, not the story.
    page = _page("News", "Three night bus routes open to late workers", *_STORY, name, *box)
    article = extract_text(page)
    assert article.authors == [name]
    texts = [article.lead, *(p.text for p in article.paragraphs)]
    assert texts == list(_STORY)


def test_a_name_closing_the_article_without_a_note_about_them_stays_in_the_body() -> None:
    # The last paragraph does not name the person of the line above it: that
    # line is the story's (an interviewee's answer follows), not an author box.
    page = _page(
        "News",
        "Three night bus routes open to late workers",
        *_STORY,
        "Minh Anh",
        "The first buses leave the central station at midnight next Friday.",
    )
    article = extract_text(page)
    assert "The first buses leave the central station at midnight next Friday." in [
        p.text for p in article.paragraphs
    ]


@pytest.mark.parametrize(
    "prefix", ["Xem thêm: ", ">> Đọc thêm: ", "Tin liên quan: ", "Read more: ", "Lesen Sie auch: "]
)
def test_a_related_link_set_into_the_article_goes_to_related(prefix: str) -> None:
    # A related label, a colon and another story's headline on one line, between
    # two of the article's paragraphs: a link, not the article's text.
    headline = "Giá vàng hôm nay tăng mạnh ở các cửa hàng lớn"
    page = _page(
        "Tin tức",
        "Three night bus routes open to late workers",
        _STORY[0],
        _STORY[1],
        prefix + headline,
        _STORY[2],
    )
    article = extract_text(page)
    assert [article.lead, *(p.text for p in article.paragraphs)] == list(_STORY)
    assert [r.title for r in article.related] == [headline]


def test_a_sentence_after_a_related_word_and_a_colon_stays_in_the_body() -> None:
    # "Xem thêm:" followed by the article's own words in lower case is a sentence.
    line = "Xem thêm: các quy định về giờ chạy xe tại Điều 5 của nghị quyết"
    page = _page(
        "Tin tức",
        "Three night bus routes open to late workers",
        _STORY[0],
        _STORY[1],
        line,
        _STORY[2],
    )
    article = extract_text(page)
    assert line in [p.text for p in article.paragraphs]


def test_a_headline_opening_with_a_low_quotation_mark_is_the_title() -> None:
    # German headlines open quotations with „ … “; a sign-in prompt above is no headline.
    page = _page(
        "Sie haben kein",
        "gültiges Abo.",
        "Nachrichten",
        "„Endlich fährt nachts ein Bus“: Rat beschließt drei Nachtbuslinien",
        "Von Erika Beispiel",
        "Der Rat der Stadt hat am Dienstag drei neue Nachtbuslinien beschlossen, die ab "
        "dem nächsten Monat zwischen der Altstadt und den nördlichen Vororten fahren.",
        "Schichtarbeiter, Studierende und Beschäftigte der Gastronomie hatten seit Jahren "
        "einen Bus gefordert, der nach der letzten Straßenbahn fährt.",
    )
    article = extract_text(page)
    assert article.title == "„Endlich fährt nachts ein Bus“: Rat beschließt drei Nachtbuslinien"
    assert article.lead.startswith("Der Rat der Stadt")


def test_a_menu_item_that_names_the_topic_is_not_the_title() -> None:
    # "Night bus lines for workers" is an item of the topics menu: its words
    # are the article's, but it stands between other short links.
    page = _page(
        "Topics",
        "City budget",
        "Night bus lines for workers",
        "Elections 2026",
        "Transport",
        "Late travellers get three new routes to the northern suburbs",
        "Jane Example",
        *_STORY,
    )
    article = extract_text(page)
    assert article.title == "Late travellers get three new routes to the northern suburbs"


def test_with_only_a_dateline_over_the_prose_the_menus_stay_out_of_the_body() -> None:
    # A blog post without a headline line: the dateline marks where the post
    # starts, so the menu above it and the sidebar below stay out of the body.
    menu = ["Blog", "Archive", "Videos", "Privacy", "Contact", "Imprint", "Like"]
    sidebar = ["Recent posts", "Spring in the park", "A new camera", "Old photos"]
    page = _page(*menu, "11.09.2011, 16:20 by the author", *_STORY, *sidebar)
    article = extract_text(page)
    assert article.lead.startswith("The city council voted on Tuesday")
    assert not {*menu, *sidebar} & {p.text for p in article.paragraphs}


def test_a_kicker_over_the_headline_is_not_the_title() -> None:
    # The kicker ("Night bus shift workers") names the topic in fewer words
    # than a headline has; the headline below it stands right over the
    # article's first paragraph.
    page = _page(
        "News",
        "Advertisement",
        "Night bus shift workers",
        "Three night bus routes open to late workers",
        *_STORY,
    )
    article = extract_text(page)
    assert article.title == "Three night bus routes open to late workers"


# Two more paragraphs of the made-up story, for boxes set between paragraphs.
_MORE = (
    "Drivers will be hired from the day service, and the transport office said no line of "
    "the day network would lose a bus because of the new night routes.",
    "The first buses leave the central station at midnight on the first Friday of next month, "
    "and tickets cost the same as in the daytime.",
    "Residents of the northern suburbs, who until now had to share taxis or wait for the first "
    "morning train, welcomed the decision at a meeting in the district hall on Wednesday evening, "
    "and several of them asked the council to add a fourth line to the river quarter next year.",
)


@pytest.mark.parametrize(
    "label",
    ["Auch interessant", "Lesen Sie auch", "RELATED COVERAGE", "Leia também", "Lire aussi"],
)
def test_a_labelled_box_set_between_paragraphs_leaves_the_body(label: str) -> None:
    # The box's headline is written as a question (it reads like a sentence)
    # and its author follows; the article's prose comes back right below.
    headline = "Will the night buses reach the airport next year?"
    page = _page(
        "Transport",
        "Three night bus lines open to late workers",
        *_STORY[:2],
        label,
        headline,
        "By Jane Example",
        _STORY[2],
        *_MORE,
    )
    article = extract_text(page)
    texts = [article.lead, *(p.text for p in article.paragraphs)]
    assert texts == [*_STORY, *_MORE]
    assert headline in [related.title for related in article.related]


def test_a_short_paragraph_between_two_boxes_stays_in_the_body() -> None:
    short = "The mayor did not comment on the routes."
    page = _page(
        "Transport",
        "Three night bus lines open to late workers",
        *_STORY,
        "Lesen Sie auch",
        "Trams to run longer on weekends",
        short,
        "Lesen Sie auch",
        "Advertorial",
        "A new card for every ticket machine",
        *_MORE,
    )
    article = extract_text(page)
    texts = [article.lead, *(p.text for p in article.paragraphs)]
    assert texts == [*_STORY, short, *_MORE]


def test_a_list_after_a_box_set_into_the_article_still_leaves_the_body() -> None:
    # Before, a related label inside the article stopped the search for lists
    # further down: the share buttons under the third paragraph stayed in.
    page = _page(
        "Transport",
        "Three night bus lines open to late workers",
        *_STORY[:2],
        "See also",
        "Trams to run longer on weekends",
        "Ticket prices frozen for another year",
        *_STORY[2:],
        "Email this",
        "Print page",
        *_MORE,
    )
    article = extract_text(page)
    texts = [article.lead, *(p.text for p in article.paragraphs)]
    assert texts == [*_STORY, *_MORE]


@pytest.mark.parametrize(
    "slot", ["Advertisement", "ADVERTISEMENT", "Anzeige", "Quảng cáo", "Video"]
)
def test_advertisement_slots_between_paragraphs_leave_the_body_and_do_not_cut_it(
    slot: str,
) -> None:
    # An advertisement's label after every paragraph: none of them stays in
    # the body, and the article goes on past them to its last paragraph.
    blocks = [line for paragraph in (*_STORY, *_MORE) for line in (paragraph, slot)]
    page = _page(
        "Transport", "Three night bus lines open to late workers", *blocks, "Share", "Tweet"
    )
    article = extract_text(page)
    texts = [article.lead, *(p.text for p in article.paragraphs)]
    assert texts == [*_STORY, *_MORE]


def test_a_photo_line_inside_a_list_of_links_does_not_split_the_list() -> None:
    # "Photos: …" reads as a caption; between two related headlines it is one
    # more link of the list, and the headlines around it leave the body.
    links = [
        "Night Bus Plan Could Reach the Airport by Next Summer",
        "Photos: The Old Tram Depot, Then and Now",
        "Ticket Machines: Three New Ways to Pay",
    ]
    page = _page(
        "Transport",
        "Three night bus lines open to late workers",
        *_STORY,
        *links,
        *_MORE,
    )
    article = extract_text(page)
    texts = [article.lead, *(p.text for p in article.paragraphs)]
    assert texts == [*_STORY, *_MORE]


def test_related_headlines_with_commas_between_paragraphs_leave_the_body() -> None:
    # Two commas used to make a line read as prose; a headline ends no sentence.
    links = [
        "Students, nurses and cooks: who rides the night buses, and why",
        "Trams, buses and bikes, one ticket for all from next year",
    ]
    page = _page("Transport", "Three night bus lines open to late workers", *_STORY, *links, *_MORE)
    article = extract_text(page)
    texts = [article.lead, *(p.text for p in article.paragraphs)]
    assert texts == [*_STORY, *_MORE]


def test_a_quoted_post_ending_on_its_link_stays_in_the_body() -> None:
    # Its sentence ends before the link: still prose, where a headline is not.
    post = (
        "Finally, a bus after midnight, and no more taxis home. Well done, council! "
        "https://t.co/AbCdEf123"
    )
    page = _page(
        "Transport",
        "Three night bus lines open to late workers",
        *_STORY,
        post,
        "— A rider (@night_rider) 18 November 2026",
        *_MORE,
    )
    article = extract_text(page)
    assert post in [p.text for p in article.paragraphs]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Bình luận (12)", "comments"),
        ("Comments [3]", "comments"),
        ("View all (4)", "widget"),
        ("Tin liên quan (5)", "related"),
        ("Năm 2024 (1)", None),
        # a related box labelled with its section
        ("Đọc nhiều trong Kinh doanh", "related"),
        ("More in White House", "related"),
        ("Plus de 300 personnes ont manifesté", None),
        ("More from the author of this story and others like it", None),
    ],
)
def test_labels_with_a_count_or_a_section_are_labels(line: str, kind: str | None) -> None:
    assert label_kind(line) == kind


def test_comments_under_a_label_with_a_count_stay_out_of_the_body() -> None:
    page = _page(
        "Transport",
        "Three night bus lines open to late workers",
        *_STORY,
        "Bình luận (2)",
        "Great news, I finish work at one in the morning and walk home every night.",
        "About time, the last tram leaves far too early for anyone working in a kitchen.",
    )
    article = extract_text(page)
    assert [article.lead, *(p.text for p in article.paragraphs)] == list(_STORY)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Hà Thu (tổng hợp)", ["Hà Thu"]),
        ("Minh Anh (theo Reuters)", ["Minh Anh"]),
        ("Lan Hương (lược dịch)", ["Lan Hương"]),
        ("Hà Nội (Việt Nam)", None),
        ("Thu Trang (Theodore)", None),
    ],
)
def test_a_byline_with_its_role_in_brackets_gives_the_name(
    line: str, names: list[str] | None
) -> None:
    assert parse_byline(line) == names


def test_a_compiled_by_byline_under_the_article_is_the_author() -> None:
    page = _page(
        "Trang chủ",
        "Hà Nội mở ba tuyến xe buýt đêm cho công nhân làm ca",
        *_VI_STORY,
        "Hà Thu (tổng hợp)",
        "Trở lại Thời sự",
    )
    article = extract_text(page)
    assert article.authors == ["Hà Thu"]
    assert article.text.endswith("trước cuối mùa hè.")
    assert all("Hà Thu" not in related.title for related in article.related)


def test_tags_sections_fields_and_notices_under_the_article_are_no_related_stories() -> None:
    headlines = [
        "Hà Nội thêm hai tuyến buýt điện nối các khu công nghiệp phía Bắc",
        "Giá vé tháng xe buýt giữ nguyên đến hết năm 2027",
    ]
    page = _page(
        "Trang chủ",
        "Hà Nội mở ba tuyến xe buýt đêm cho công nhân làm ca",
        *_VI_STORY,
        "Tin liên quan",
        headlines[0],
        "xe buýt đêm",
        "Nhịp sống trẻ",
        "Tối đa: 1500 ký tự",
        "Đăng ký ngay để nhận bản tin mỗi sáng",
        headlines[1],
    )
    article = extract_text(page)
    assert [related.title for related in article.related] == headlines


@pytest.mark.parametrize(
    "line",
    ["Getty Images", "Mike Marsland/Getty Images", "Michael Conroy, AP", "Jane Example/dpa", "AFP"],
)
def test_a_photo_credit_alone_between_paragraphs_is_a_caption(line: str) -> None:
    page = _page(
        "Transport", "Three night bus lines open to late workers", *_STORY[:2], line, *_STORY[2:]
    )
    article = extract_text(page)
    assert [article.lead, *(p.text for p in article.paragraphs)] == list(_STORY)
    assert line in article.captions


@pytest.mark.parametrize("line", ["Apple, Google and AP", "Theo Reuters", "Reuters reports"])
def test_a_line_naming_an_agency_among_other_words_is_no_credit(line: str) -> None:
    assert not is_caption(line)
