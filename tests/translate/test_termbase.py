"""Termbase: recognition by longest match at word boundaries, folded forms,
validity by date, statuses; the shipped seed; JSON form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from doingoai.errors import InputError
from doingoai.translate.termbase import (
    Concept,
    Term,
    Termbase,
    default_termbase,
    load_termbase,
    save_termbase,
    termbase_from_json,
    termbase_to_json,
)


@pytest.fixture(scope="module")
def seed() -> Termbase:
    return default_termbase()


def small() -> Termbase:
    return Termbase(
        [
            Concept(
                "ubnd", terms=[Term("vi", "Ủy ban nhân dân"), Term("en", "People's Committee")]
            ),
            Concept(
                "ubnd-hn",
                terms=[
                    Term("vi", "Ủy ban nhân dân thành phố Hà Nội"),
                    Term("en", "Hanoi People's Committee"),
                ],
            ),
            Concept("hn", terms=[Term("vi", "Hà Nội"), Term("en", "Hanoi")]),
            Concept("dang", terms=[Term("vi", "Đảng"), Term("en", "the Party")]),
            Concept("phong", generic=True, terms=[Term("vi", "Phòng"), Term("en", "Division")]),
            Concept(
                "mpi",
                terms=[
                    Term("vi", "Bộ Kế hoạch và Đầu tư", valid_to=date(2025, 2, 28)),
                    Term("en", "Ministry of Planning and Investment", valid_to=date(2025, 2, 28)),
                ],
            ),
            Concept(
                "mofa",
                terms=[
                    Term("vi", "Bộ Ngoại giao"),
                    Term("en", "Ministry of Foreign Affairs"),
                    Term("en", "MOFA", status="admitted"),
                    Term("en", "Ministry of Diplomacy", status="forbidden"),
                ],
            ),
            Concept(
                "renamed",
                terms=[
                    Term("vi", "Sở Ngoại vụ"),
                    Term("en", "External Relations Department", valid_to=date(2019, 12, 31)),
                    Term("en", "Department of Foreign Affairs", valid_from=date(2020, 1, 1)),
                ],
            ),
        ]
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # longest match wins over the shorter terms inside it
        ("Ủy ban nhân dân thành phố Hà Nội họp", [("Ủy ban nhân dân thành phố Hà Nội", "ubnd-hn")]),
        ("Ủy ban nhân dân xã Mễ Trì", [("Ủy ban nhân dân", "ubnd")]),
        ("Người dân Hà Nội", [("Hà Nội", "hn")]),
        # other tone placement and case
        ("UỶ BAN NHÂN DÂN thành phố Hà Nội", [("UỶ BAN NHÂN DÂN thành phố Hà Nội", "ubnd-hn")]),
        # text without diacritics matches by folding
        ("Uy ban nhan dan thanh pho Ha Noi", [("Uy ban nhan dan thanh pho Ha Noi", "ubnd-hn")]),
        # ... but a different diacritic never does: "đang" is not "Đảng"
        ("Họ đang làm việc", []),
        ("Đảng lãnh đạo", [("Đảng", "dang")]),
        # word boundary: no match inside a longer word or syllable
        ("HàNội", []),
        ("Hà Nộii", []),
        # no match across a full stop
        ("về Hà. Nội dung", []),
        # hyphen between syllables is a join
        ("Bộ Ngoại-giao", [("Bộ Ngoại-giao", "mofa")]),
        # generic words only where written with a capital
        ("Phòng Tư pháp", [("Phòng", "phong")]),
        ("phòng khách", []),
        ("", []),
    ],
)
def test_find_longest_match_at_word_boundaries(text: str, expected: list[tuple[str, str]]) -> None:
    hits = small().find(text)
    assert [(h.text, h.concept.id) for h in hits] == expected
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text


def test_folded_flag_and_targets() -> None:
    tb = small()
    [exact] = tb.find("Bộ Ngoại giao", target_lang="en")
    [loose] = tb.find("Bo Ngoai giao", target_lang="en")
    assert not exact.folded and loose.folded
    # forbidden terms are never targets; preferred comes first
    assert [t.text for t in exact.targets] == ["Ministry of Foreign Affairs", "MOFA"]


@pytest.mark.parametrize(
    ("on", "targets", "historical"),
    [
        (date(2015, 5, 1), ["External Relations Department"], False),
        (date(2019, 12, 31), ["External Relations Department"], False),
        (date(2020, 1, 1), ["Department of Foreign Affairs"], False),
        (None, ["External Relations Department", "Department of Foreign Affairs"], False),
    ],
)
def test_targets_valid_on_the_date(on: date | None, targets: list[str], historical: bool) -> None:
    [hit] = small().find("Sở Ngoại vụ", on=on, target_lang="en")
    assert [t.text for t in hit.targets] == targets
    assert hit.historical is historical


def test_dissolved_body_gives_its_last_names_as_historical() -> None:
    [before] = small().find("Bộ Kế hoạch và Đầu tư", on=date(2024, 6, 1), target_lang="en")
    [after] = small().find("Bộ Kế hoạch và Đầu tư", on=date(2025, 6, 1), target_lang="en")
    assert not before.historical
    assert after.historical
    assert [t.text for t in after.targets] == ["Ministry of Planning and Investment"]


def test_every_concept_sharing_a_term_gives_a_hit() -> None:
    tb = Termbase(
        [
            Concept("a", terms=[Term("vi", "Cục"), Term("en", "Department")]),
            Concept("b", terms=[Term("vi", "Cục"), Term("en", "Authority")]),
        ]
    )
    assert [h.concept.id for h in tb.find("Cục Thuế")] == ["a", "b"]


def test_duplicate_concept_id_is_an_error() -> None:
    with pytest.raises(InputError, match="appears twice"):
        Termbase([Concept("x"), Concept("x")])


def test_find_is_fast_enough_on_a_long_text(seed: Termbase) -> None:
    # a sanity check on behaviour at scale, not a timing assertion
    text = "Ủy ban nhân dân thành phố Hà Nội làm việc với Bộ Tài chính. " * 3000
    hits = seed.find(text, target_lang="en")
    assert len(hits) == 6000


# --- the shipped seed -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "on", "concept", "targets"),
    [
        ("Bộ Ngoại giao", None, "tt03-2-bo-ngoai-giao", "Ministry of Foreign Affairs"),
        ("Bộ Tài chính", date(2025, 6, 1), "tt03-2-bo-tai-chinh", "Ministry of Finance"),
        (
            "Chủ tịch UBND TP Hà Nội",
            None,
            "hn-peoples-committee-chair",
            "Chairman of the Hanoi People's Committee",
        ),
        (
            "Bộ Nông nghiệp và Môi trường",
            date(2025, 3, 1),
            "vn-ministry-agriculture-environment",
            "Ministry of Agriculture and Environment",
        ),
        ("quận Ba Đình", date(2025, 6, 30), "hn-quan-ba-dinh", "Ba Dinh District"),
        ("phường Cửa Nam", date(2025, 7, 1), "hn-phuong-cua-nam", "Cua Nam Ward"),
        (
            "Sở Thông tin và Truyền thông Hà Nội",
            date(2024, 12, 1),
            "hn-dept-information-communications",
            "Hanoi Department of Information and Communications",
        ),
    ],
)
def test_seed_names(seed: Termbase, text: str, on: date | None, concept: str, targets: str) -> None:
    [hit] = seed.find(text, on=on, target_lang="en")
    assert hit.concept.id == concept
    assert hit.targets[0].text == targets
    assert not hit.historical


@pytest.mark.parametrize(
    ("text", "on", "historical"),
    [
        ("Bộ Kế hoạch và Đầu tư", date(2025, 2, 28), False),
        ("Bộ Kế hoạch và Đầu tư", date(2025, 3, 1), True),
        ("Bộ Thông tin và Truyền thông", date(2025, 3, 1), True),
        ("Bộ Tài nguyên và Môi trường", date(2025, 3, 1), True),
        ("quận Hoàn Kiếm", date(2025, 7, 1), True),
        ("Sở Thông tin và Truyền thông Hà Nội", date(2025, 3, 1), True),
        ("Bộ Tư pháp", date(2025, 3, 1), False),
    ],
)
def test_seed_2025_reorganisation(seed: Termbase, text: str, on: date, historical: bool) -> None:
    [hit] = seed.find(text, on=on, target_lang="en")
    assert hit.historical is historical


def test_seed_new_ministry_did_not_exist_before_2025(seed: Termbase) -> None:
    [hit] = seed.find("Bộ Nông nghiệp và Môi trường", on=date(2024, 1, 1), target_lang="en")
    assert all(t.valid_from == date(2025, 3, 1) for t in hit.targets)


@pytest.mark.parametrize(
    "text", ["UBND TP. Hà Nội", "UBND TP Hà Nội", "Ủy ban nhân dân thành phố Hà Nội"]
)
def test_seed_abbreviations_with_a_full_stop(seed: Termbase, text: str) -> None:
    hits = seed.find(f"Hôm qua, {text} họp.")
    assert [(h.text, h.concept.id) for h in hits] == [(text, "hn-peoples-committee")]


def test_seed_every_term_has_a_source(seed: Termbase) -> None:
    for concept, term in seed.terms():
        assert term.source, (concept.id, term.text)
        assert term.lang in {"vi", "en"}


def test_seed_slash_alternatives_are_expanded(seed: Termbase) -> None:
    [hit] = seed.find("Chủ nhiệm Văn phòng Chủ tịch nước", target_lang="en")
    texts = [t.text for t in hit.targets]
    assert texts[:2] == [
        "Chairman of the Office of the President",
        "Chairwoman of the Office of the President",
    ]


def test_seed_is_built_from_its_sources(shared_data: Path) -> None:
    from doingoai.translate import _termseed
    from doingoai.translate.tbx import tbx_bytes

    built = tbx_bytes(
        _termseed.build(), title="doingoai seed termbase", source_note=_termseed.SOURCE_NOTE
    )
    assert built == _termseed.SEED_PATH.read_bytes(), "seed.tbx is stale: rebuild it"


# --- JSON and files ---------------------------------------------------------------


def test_json_round_trip(tmp_path: Path) -> None:
    tb = small()
    path = tmp_path / "terms.json"
    save_termbase(tb, path)
    again = load_termbase(path)
    assert termbase_to_json(again) == termbase_to_json(tb)
    assert again.get("renamed") == tb.get("renamed")
    assert again.get("phong").generic  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{", "not valid JSON"),
        ('{"concepts": []}', "not a doingoai termbase"),
        (
            '{"format": "doingoai-termbase", "concepts": [{"id": "a", "terms": [{"lang": "vi"}]}]}',
            "malformed",
        ),
        (
            '{"format": "doingoai-termbase", "concepts": [{"id": "a", "terms": '
            '[{"lang": "vi", "text": "x", "status": "banned"}]}]}',
            "status 'banned'",
        ),
        (
            '{"format": "doingoai-termbase", "concepts": [{"id": "a", "terms": '
            '[{"lang": "vi", "text": "x", "valid_from": "2025-13-01"}]}]}',
            "not a date",
        ),
        (
            '{"format": "doingoai-termbase", "concepts": [{"id": "a", "terms": '
            '[{"lang": "vi", "text": "x", "valid_from": "2025-03-01", "valid_to": "2025-02-01"}]}]}',
            "before valid_from",
        ),
        ('{"format": "doingoai-termbase", "concepts": [{"id": "a"}, {"id": "a"}]}', "twice"),
    ],
)
def test_bad_json_is_reported_with_the_file_name(data: str, message: str) -> None:
    with pytest.raises(InputError, match=message) as err:
        termbase_from_json(data, source="terms.json")
    assert "terms.json" in str(err.value)


def test_unknown_extension_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown termbase format"):
        load_termbase(tmp_path / "terms.docx")
