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
        ("UBND xã Sóc Sơn", date(2025, 8, 1), False),  # a commune of the two-tier city
        ("UBND huyện Sóc Sơn", date(2025, 8, 1), True),  # the district it replaced
        ("UBND huyện Sóc Sơn", date(2025, 6, 30), False),
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
        (
            "Phó Chủ tịch UBND xã Bát Tràng tiếp đoàn.",
            "The Vice Chairman of the Bat Trang District People's Committee received them.",
            date(2025, 9, 1),
            True,
        ),
        (
            "Phó Chủ tịch UBND xã Bát Tràng tiếp đoàn.",
            "The Vice Chairwoman of the Bat Trang Commune People's Committee received them.",
            date(2025, 9, 1),
            False,
        ),
    ],
)
def test_qa_reports_a_wrong_english_name(
    seed: Termbase, source: str, target: str, on: date | None, fires: bool
) -> None:
    issues = [i for i in check_segment(source, target, termbase=seed, on=on) if i.check == "terms"]
    assert bool(issues) is fires


def test_every_ward_and_commune_of_the_two_tier_city(seed: Termbase) -> None:
    """The 126 commune-level units of Resolution 1656/NQ-UBTVQH15 (51 wards,
    75 communes), each with its People's Committee, from 1 July 2025."""
    units = {
        c.id: c
        for c in seed
        if c.subject == "Hà Nội units" and c.id.startswith(("hn-phuong-", "hn-xa-"))
    }
    wards = [i for i in units if i.startswith("hn-phuong-") and "-peoples-committee" not in i]
    communes = [i for i in units if i.startswith("hn-xa-") and "-peoples-committee" not in i]
    assert (len(wards), len(communes)) == (51, 75)
    for key in wards + communes:
        assert f"{key}-peoples-committee" in units
        [english] = [t.text for t in units[key].terms if t.lang == "en" and t.status == "preferred"]
        assert english.endswith((" Ward", " Commune"))
        assert all(t.valid_from == date(2025, 7, 1) for t in units[key].terms)


@pytest.mark.parametrize(
    ("sentence", "text", "english"),
    [
        (
            "Sáng 5/8, Chủ tịch UBND xã Sóc Sơn họp.",
            "Chủ tịch UBND xã Sóc Sơn",
            "Chairman of the Soc Son Commune People's Committee",
        ),
        (
            "Sang 5/8, UBND xa Kim Anh hop.",
            "UBND xa Kim Anh",
            "Kim Anh Commune People's Committee",
        ),
        (
            "Sáng 5/8, phường Văn Miếu - Quốc Tử Giám họp.",
            "phường Văn Miếu - Quốc Tử Giám",
            "Van Mieu - Quoc Tu Giam Ward",
        ),
        (
            "Sang 5/8, UBND phuong Tung Thien hop.",
            "UBND phuong Tung Thien",
            "Tung Thien Ward People's Committee",
        ),
    ],
)
def test_communes_are_found_with_and_without_accents(
    seed: Termbase, sentence: str, text: str, english: str
) -> None:
    [hit] = seed.find(sentence, on=date(2025, 8, 5), target_lang="en")
    assert hit.text == text
    assert hit.targets[0].text == english


@pytest.mark.parametrize(
    "text",
    [
        "Nhà ở xa Ba Vì lắm.",  # far from Ba Vì, not "xã Ba Vì"
        "Quan trọng hơn, đội đã thắng.",  # important, not "Quận"
        "PGS Hồ Thanh Phong phát biểu.",  # a given name, not "Phòng"
        "Nhà ở xa Ba Vi lắm.",  # the name typed without marks, the sentence with them
    ],
)
def test_a_word_without_its_marks_in_accented_text_is_not_a_name(seed: Termbase, text: str) -> None:
    assert [h.text for h in seed.find(text, target_lang="en")] == []


def test_a_text_typed_without_diacritics_finds_names_folded(seed: Termbase) -> None:
    [hit] = seed.find("Chu tich UBND xa Ba Vi hop voi So Y te.", target_lang="en")[:1]
    assert hit.concept.id == "hn-xa-ba-vi-peoples-committee-chair"
    assert hit.folded
