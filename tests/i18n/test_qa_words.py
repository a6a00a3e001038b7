"""The QA checks' findings, written in English by the core, are said in
Vietnamese in the workbench."""

from __future__ import annotations

import pytest
from django.utils import translation

from doingoai.office.qa_words import qa_message
from doingoai.translate.qa import check_segment
from doingoai.translate.termbase import default_termbase

#: segment pairs whose findings cover the checks' shapes
PAIRS = [
    ("Ngày 2.6, có 2.350 người.", ""),
    ("Hà Nội đẩy mạnh thông tin đối ngoại.", "Hà Nội đẩy mạnh thông tin đối ngoại."),
    ("Ngày 2.6, có 2.350 người đến Hà Nội.", "On June 3, 2.350  people came to Hà Nội ."),
    ("Có 2.350 người (tăng 5%).", "There were 2,350 people (up 5%"),
    ("Hội nghị diễn ra tại Hà Nội.", "The conference was held in Ha Noi"),
    ("Hội nghị diễn ra tại Hà Nội.", "The conference took place in Hanoi, đúng vậy."),
    (
        "Ủy ban nhân dân thành phố Hà Nội tổ chức hội nghị.",
        "The city held a conference.",
    ),
    ("Ngày 2.6, có 2.350 người.", "Le 2 juin, 2,350 personnes sont venues."),
    ("Trong 1 tuần, có 20 người.", "In a week, 20 people came."),
    ("Có <b>20</b> người.", "There were <b>20 people."),
    ("Có 20 người.", "A very long sentence " * 12),
]


def findings() -> list[str]:
    found = []
    for source, target in PAIRS:
        target_lang = "fr" if target.startswith("Le ") else "en"
        for issue in check_segment(
            source, target, target_lang=target_lang, termbase=default_termbase()
        ):
            found.append(issue.message)
    return found


FOUND = findings()


def test_the_pairs_give_many_kinds_of_findings() -> None:
    assert len(FOUND) >= 10


@pytest.mark.parametrize("message", FOUND)
def test_every_finding_is_said_in_vietnamese(message: str) -> None:
    with translation.override("vi"):
        said = qa_message(message)
    assert said != message, f"no Vietnamese for {message!r}"
    # the quoted texts, numbers and dates of the finding are kept
    for quoted in [part for part in message.split("'")[1::2] if part]:
        assert quoted in said
    with translation.override("en"):
        assert qa_message(message) == message


def test_an_unknown_shape_is_shown_as_it_is() -> None:
    with translation.override("vi"):
        assert qa_message("something new the checks say") == "something new the checks say"


@pytest.mark.parametrize(
    ("warning", "vietnamese"),
    [
        ("text converted from cp1258", "văn bản đã được chuyển từ bảng mã cp1258"),
        (
            "encoding guessed as tcvn3 (confidence 0.82)",
            "bảng mã được đoán là tcvn3 (độ tin cậy 0.82)",
        ),
        (
            "the title line is long (41 words): it may hold the lead too",
            "dòng tiêu đề dài (41 từ): có thể lẫn cả sapo",
        ),
        (
            "the title line held the lead too: the title is its first 9 words",
            "dòng tiêu đề lẫn cả sapo: tiêu đề là 9 từ đầu của dòng",
        ),
        (
            "no headline: the title line is the lead, the title is its start",
            "không có tiêu đề riêng: dòng đầu là sapo, tiêu đề là phần mở đầu của sapo",
        ),
        ("something the extractor says one day", "something the extractor says one day"),
    ],
)
def test_extraction_warnings_are_said_in_vietnamese(warning: str, vietnamese: str) -> None:
    from doingoai.office.extraction_words import extraction_warning

    with translation.override("vi"):
        assert extraction_warning(warning) == vietnamese
    with translation.override("en"):
        assert extraction_warning(warning) == warning


def test_the_extractor_still_writes_the_shapes_the_office_reads() -> None:
    """A plain-text scrape with a long title line: its warning is one the office says."""
    from doingoai.extract import extract
    from doingoai.office.extraction_words import extraction_warning

    title = " ".join(["Hà Nội đẩy mạnh thông tin đối ngoại"] * 8)
    body = "Ngày 2.6, Sở Thông tin và Truyền thông tổ chức hội nghị về thông tin đối ngoại."
    found = extract(f"{title}\n\n{body}\n\n{body}".encode(), source="bai.txt")
    with translation.override("vi"):
        said = [extraction_warning(w) for w in found.article.warnings]
    assert said and all(s != w for s, w in zip(said, found.article.warnings, strict=True))
