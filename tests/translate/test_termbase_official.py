"""Hà Nội's official names composed by the rules of Circular 03/2009/TT-BNG:
found with or without accents and abbreviations, valid over their own dates,
and checked by the QA term check."""

from __future__ import annotations

from datetime import date

import pytest

from doingoai.translate.qa import check_segment
from doingoai.translate.termbase import Termbase, default_termbase


@pytest.fixture(scope="module")
def seed() -> Termbase:
    return default_termbase()


@pytest.mark.parametrize(
    ("text", "concept", "english"),
    [
        (
            "Sở Thông tin và Truyền thông",
            "hn-dept-information-communications",
            "Hanoi Department of Information and Communications",
        ),
        (
            "Sở TT&TT Hà Nội",
            "hn-dept-information-communications",
            "Hanoi Department of Information and Communications",
        ),
        (
            "So Thong tin va Truyen thong thanh pho Ha Noi",
            "hn-dept-information-communications",
            "Hanoi Department of Information and Communications",
        ),
        (
            "Phó Chủ tịch Ủy ban nhân dân thành phố Hà Nội",
            "hn-peoples-committee-vice-chair",
            "Vice Chairman of the Hanoi People's Committee",
        ),
        (
            "Phó Chủ tịch UBND TP Hà Nội",
            "hn-peoples-committee-vice-chair",
            "Vice Chairman of the Hanoi People's Committee",
        ),
        (
            "Chủ tịch HĐND TP Hà Nội",
            "hn-peoples-council-chair",
            "Chairman of the Hanoi People's Council",
        ),
        (
            "UBND quận Ba Đình",
            "hn-quan-ba-dinh-peoples-committee",
            "Ba Dinh District People's Committee",
        ),
        (
            "Phó Chủ tịch Uỷ ban nhân dân huyện Đông Anh",
            "hn-huyen-dong-anh-peoples-committee-vice-chair",
            "Vice Chairman of the Dong Anh District People's Committee",
        ),
        (
            "Giám đốc Sở Y tế Hà Nội",
            "hn-dept-health-director",
            "Director of the Hanoi Department of Health",
        ),
        (
            "Phó Giám đốc Sở GD&ĐT",
            "hn-dept-education-and-training-deputy-director",
            "Deputy Director of the Hanoi Department of Education and Training",
        ),
    ],
)
def test_official_names_are_found_whole(
    seed: Termbase, text: str, concept: str, english: str
) -> None:
    """The whole name is one hit, not "Sở" → Department and the rest left over."""
    [hit] = seed.find(f"Hôm nay {text} họp.", target_lang="en")
    assert hit.text == text
    assert hit.concept.id == concept
    assert hit.targets[0].text == english


@pytest.mark.parametrize(
    ("text", "on", "historical"),
    [
        ("Sở Thông tin và Truyền thông Hà Nội", date(2024, 6, 2), False),
        ("Sở Thông tin và Truyền thông Hà Nội", date(2025, 6, 1), True),  # merged 1 March 2025
        ("Sở Nông nghiệp và Môi trường Hà Nội", date(2025, 6, 1), False),  # formed then
        ("Sở Nông nghiệp và Môi trường Hà Nội", date(2024, 6, 1), True),
        ("UBND quận Hoàn Kiếm", date(2024, 1, 1), False),
        ("UBND quận Hoàn Kiếm", date(2025, 8, 1), True),  # districts dissolved 1 July 2025
        ("UBND huyện Mê Linh", date(2007, 1, 1), True),  # joined Hà Nội on 1 August 2008
        ("UBND huyện Mê Linh", date(2010, 1, 1), False),
        ("UBND quận Nam Từ Liêm", date(2013, 1, 1), True),  # formed 1 April 2014
        ("UBND huyện Từ Liêm", date(2013, 1, 1), False),
        ("UBND huyện Từ Liêm", date(2015, 1, 1), True),
        ("UBND phường Cửa Nam", date(2025, 8, 1), False),  # a ward of the two-tier city
    ],
)
def test_names_valid_over_their_dates(
    seed: Termbase, text: str, on: date, historical: bool
) -> None:
    [hit] = seed.find(text, on=on, target_lang="en")
    assert hit.historical is historical


@pytest.mark.parametrize(
    ("source", "target", "on", "fires"),
    [
        (
            "Sở Thông tin và Truyền thông tổ chức hội nghị.",
            "The Information and Communication Service held a conference.",
            date(2024, 6, 2),
            True,
        ),
        (
            "Sở Thông tin và Truyền thông tổ chức hội nghị.",
            "The Hanoi Department of Information and Communications held a conference.",
            date(2024, 6, 2),
            False,
        ),
        (
            "Phó Chủ tịch UBND TP Hà Nội Ngô Văn Quý phát biểu.",
            "The Vice President of the Hanoi City Council Ngô Văn Quý spoke.",
            None,
            True,
        ),
        (
            "Phó Chủ tịch UBND TP Hà Nội Ngô Văn Quý phát biểu.",
            "Vice Chairman of the Hanoi People's Committee Ngô Văn Quý spoke.",
            None,
            False,
        ),
        (
            "Chủ tịch UBND quận Ba Đình tiếp đoàn.",
            "The Ba Dinh district mayor received the delegation.",
            date(2024, 1, 1),
            True,
        ),
        (
            "Chủ tịch UBND quận Ba Đình tiếp đoàn.",
            "The Chairwoman of the Ba Dinh District People's Committee received the delegation.",
            date(2024, 1, 1),
            False,
        ),
        (
            "Giám đốc Sở Du lịch Hà Nội phát biểu.",
            "The head of the Hanoi tourism office spoke.",
            None,
            True,
        ),
    ],
)
def test_qa_reports_a_wrong_english_name(
    seed: Termbase, source: str, target: str, on: date | None, fires: bool
) -> None:
    issues = [i for i in check_segment(source, target, termbase=seed, on=on) if i.check == "terms"]
    assert bool(issues) is fires
