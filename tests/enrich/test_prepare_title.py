"""A text whose headline runs into its body (one line) is stored, titled by its start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from doingoai.collect import RawDocument
from doingoai.enrich.enricher import Enricher
from doingoai.enrich.prepare import NotPrepared, Prepared, prepare, title_from_body

LIGHT = Enricher(topics=False, entities=False, count_words=False)


# the rest of a report, so that the extractor finds an article's length of text
_MORE = (
    " Theo kế hoạch, thành phố sẽ bố trí thêm điểm trông giữ xe và tăng cường lực lượng "
    "bảo đảm an ninh, trật tự, vệ sinh môi trường trong suốt thời gian tổ chức các hoạt "
    "động văn hóa truyền thống, phục vụ người dân và du khách trong nước và quốc tế."
)


def _prepare(text: str, name: str = "doc.txt") -> Prepared | NotPrepared:
    return prepare(RawDocument(data=text.encode("utf-8"), source=name), enricher=LIGHT)


def test_every_one_of_the_first_thousand_vntc_texts_is_prepared(shared_data: Path) -> None:
    with (shared_data / "topics" / "vntc_train_subset.jsonl").open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(1000), fh, strict=False)]
    results = [_prepare(t, f"{i}.txt") for i, t in enumerate(texts)]
    failed = [r.reason for r in results if isinstance(r, NotPrepared)]
    assert failed == []
    one_line = [r for t, r in zip(texts, results, strict=True) if "\n" not in t.strip()]
    assert len(one_line) >= 20  # the texts that failed before
    assert all(isinstance(r, Prepared) and r.article.title for r in one_line)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Mực nước sông Hồng xuống thấp nhất trong mùa khô năm nay (NLĐ)- Từ ngày 1-2, "
            "nước triều đã xuống, Nhà máy Thủy điện Hòa Bình cũng đã giảm xả.",
            "Mực nước sông Hồng xuống thấp nhất trong mùa khô năm nay",
        ),
        (
            "Sinh viên sẽ được học cùng lúc hai chương trình của một trường Ngày 13.10, "
            "Bộ Giáo dục - Đào tạo đã công bố bản dự thảo quy chế mới về đào tạo đại học.",
            "Sinh viên sẽ được học cùng lúc hai chương trình của một trường",
        ),
        (
            "Hà Nội mở thêm tuyến phố đi bộ (TTXVN) – Sáng 2-6, UBND quận Hoàn Kiếm "
            "cho biết các tuyến phố mới sẽ mở vào cuối tuần.",
            "Hà Nội mở thêm tuyến phố đi bộ",
        ),
        (
            "- Trường tiểu học Nguyễn Huệ vừa đón nhận Huân chương Lao động hạng ba. "
            "Nhà trường hiện có 99 giáo viên.",
            "Trường tiểu học Nguyễn Huệ vừa đón nhận Huân chương Lao động hạng ba",
        ),
    ],
)
def test_the_title_is_the_headline_run_into_the_body(text: str, title: str) -> None:
    assert title_from_body(text) == title
    result = _prepare(text + _MORE)
    assert isinstance(result, Prepared)
    assert result.article.title == title
    assert title in result.article.text  # the body is kept whole
    assert any("title is the start of the body" in w for w in result.article.warnings)


def test_a_long_run_without_a_sentence_end_gives_its_first_words() -> None:
    text = " ".join(["từ"] * 60)
    assert title_from_body(text) == " ".join(["từ"] * 14) + " …"


def test_a_text_with_its_own_headline_keeps_it() -> None:
    text = (
        "Hà Nội mở rộng không gian đi bộ\n"
        "Từ tháng 6, không gian đi bộ quanh hồ Hoàn Kiếm sẽ mở rộng thêm ba tuyến phố, "
        "phục vụ người dân và du khách vào cuối tuần với nhiều hoạt động văn hóa."
    )
    result = _prepare(text)
    assert isinstance(result, Prepared)
    assert result.article.title == "Hà Nội mở rộng không gian đi bộ"
    assert not any("start of the body" in w for w in result.article.warnings)


def test_a_text_without_words_still_fails_by_name() -> None:
    result = _prepare("— … —\n\n", "blank.txt")
    assert isinstance(result, NotPrepared)
    assert "blank.txt" in result.reason
