"""Named entities against a hand-annotated gold set (tests/enrich/data/ner_gold.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from doingoai.enrich import entities
from doingoai.errors import ConfigError

GOLD = json.loads((Path(__file__).parent / "data" / "ner_gold.json").read_text("utf-8"))


def gold_sentences(shared_data: Path) -> list[tuple[str, str, set[tuple[int, int, str]]]]:
    """``(split, text, {(start, end, kind)})`` for every gold sentence."""
    records: dict[str, str] = {}
    out = []
    for item in GOLD["sentences"]:
        if "text" in item:
            text = item["text"]
        elif item["source"].endswith(".jsonl"):
            if not records:
                with (shared_data / item["source"]).open(encoding="utf-8") as fh:
                    records = {r["id"]: r["text"] for r in map(json.loads, fh)}
            text = records[item["id"]].split("\n")[item["line"] - 1]
        else:
            lines = (shared_data / item["source"]).read_text("utf-8").split("\n")
            text = lines[item["line"] - 1]
        spans, cursor = set(), 0
        for surface, kind in item["entities"]:
            start = text.index(surface, cursor)
            spans.add((start, start + len(surface), kind))
            cursor = start + len(surface)
        out.append((item["split"], text, spans))
    return out


def _f1(method: str, sentences: list[tuple[str, str, set[tuple[int, int, str]]]]) -> float:
    tp = fp = fn = 0
    for _, text, gold in sentences:
        found = {(e.start, e.end, e.kind) for e in entities.find_entities(text, method=method)}
        tp += len(found & gold)
        fp += len(found - gold)
        fn += len(gold - found)
    return 2 * tp / (2 * tp + fp + fn)


@pytest.fixture(scope="module")
def gold(shared_data: Path) -> list[tuple[str, str, set[tuple[int, int, str]]]]:
    return gold_sentences(shared_data)


def test_gold_set_is_well_formed(gold: list[tuple[str, str, set[tuple[int, int, str]]]]) -> None:
    assert len(gold) >= 60
    assert {split for split, _, _ in gold} == {"dev", "heldout"}
    kinds = {kind for _, _, spans in gold for _, _, kind in spans}
    assert kinds == set(entities.KINDS)


@pytest.mark.parametrize(
    ("method", "split", "floor"),
    [
        ("combined", "dev", 0.9),
        ("combined", "heldout", 0.75),
        ("rules", "heldout", 0.7),
    ],
)
def test_f1_on_the_gold_set(
    gold: list[tuple[str, str, set[tuple[int, int, str]]]], method: str, split: str, floor: float
) -> None:
    assert _f1(method, [g for g in gold if g[0] == split]) >= floor


def test_the_default_beats_underthesea_alone(
    gold: list[tuple[str, str, set[tuple[int, int, str]]]],
) -> None:
    held = [g for g in gold if g[0] == "heldout"]
    assert _f1("combined", held) > _f1("underthesea", held) + 0.2


CASES = [
    (
        "Phó Chủ tịch Ủy ban Nhân dân TP.Hà Nội Ngô Văn Quý chủ trì hội nghị.",
        [("Ủy ban Nhân dân TP.Hà Nội", "ORG"), ("Ngô Văn Quý", "PER")],
    ),
    (
        "Phó Chủ tịch UBND TP Ngô Văn Quý phát biểu tại Hội nghị.",
        [("UBND TP", "ORG"), ("Ngô Văn Quý", "PER")],
    ),
    (
        "Sáng nay, anh Nguyễn Văn Nam dẫn khách đi dạo quanh hồ Hoàn Kiếm.",
        [("Nguyễn Văn Nam", "PER"), ("Hoàn Kiếm", "LOC")],
    ),
    (
        "Công an quận Ba Đình bắt hai đối tượng ở phường Kim Mã.",
        [("Công an quận Ba Đình", "ORG"), ("Kim Mã", "LOC")],
    ),
    ("Ca sĩ Mỹ Tâm hát ở sân vận động Mỹ Đình.", [("Mỹ Tâm", "PER"), ("Mỹ Đình", "LOC")]),
    ("Hôm nay trời mưa to.", []),
    ("", []),
]


@pytest.mark.parametrize("method", ["combined", "rules"])
@pytest.mark.parametrize(("text", "expected"), CASES)
def test_cases(method: str, text: str, expected: list[tuple[str, str]]) -> None:
    found = entities.find_entities(text, method=method)
    assert [(e.text, e.kind) for e in found] == expected
    assert all(text[e.start : e.end] == e.text for e in found)


def test_offsets_point_into_the_original_text(seed_path: Path) -> None:
    # Old tone placement, double spaces and a non-breaking space stay where they are.
    text = seed_path.read_text("utf-8").split("\n")[13].replace(" Hà Nội", "  Hà\u00a0Nội")
    found = entities.find_entities(text)
    assert found
    assert all(text[e.start : e.end] == e.text for e in found)
    assert ("Ngô Văn Quý", "PER") in [(e.text, e.kind) for e in found]
    assert found[0].to_dict()["kind"] in entities.KINDS


def test_without_underthesea_the_rules_are_used_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(entities, "_load_underthesea", lambda: None)
    monkeypatch.setattr(entities, "_warned", False)
    text = "Chủ tịch Hồ Chí Minh đọc Tuyên ngôn Độc lập tại Quảng trường Ba Đình."
    with pytest.warns(RuntimeWarning, match="underthesea is not installed"):
        found = entities.find_entities(text)
    assert found == entities.find_entities(text, method="rules")
    with pytest.raises(ConfigError, match="pip install underthesea"):
        entities.find_entities(text, method="underthesea")


def test_unknown_method() -> None:
    with pytest.raises(ConfigError, match="unknown entity method 'spacy'"):
        entities.find_entities("Hà Nội", method="spacy")  # type: ignore[arg-type]
