"""No rule of the HTML extractor is written for the pages it is scored on.

Every phrase of the line rules and every class/id word of the container
patterns must occur on pages of two sites or more of the evaluation sets, or
on none (general knowledge of how pages are written). The few single words
of plain vocabulary that these sets happen to show on one site only are
listed here by name, each with what it means; a new phrase or word seen on
one site's pages fails this test (bench/rule_sources.py shows where).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from rule_sources import Rule, rule_sources

# (kind, phrase): generic vocabulary, not one site's template text
VOCABULARY = {
    ("boilerplate line", "quảng cáo"),  # "advertisement"
    ("junk line", "quảng cáo"),
    ("junk line", "advert"),
    ("boilerplate (always)", "docthem"),  # "đọc thêm", read more
    ("related", "docthem"),
    ("content", "bai-viet"),  # "bài viết", article
    ("good container", "bai-viet"),
    ("caption", "photo-?credit"),
}


@pytest.fixture(scope="module")
def rules(shared_data: Path) -> tuple[list[Rule], list[Rule], int]:
    return rule_sources()


def test_every_page_of_the_sets_is_read(rules: tuple[list[Rule], list[Rule], int]) -> None:
    line_rules, class_rules, count = rules
    assert count == 444
    assert len(line_rules) > 50 and len(class_rules) > 100


def test_no_rule_comes_from_one_site(rules: tuple[list[Rule], list[Rule], int]) -> None:
    line_rules, class_rules, _ = rules
    one_site = {
        (rule.kind, rule.phrase): sorted(page for page, _ in rule.hits)
        for rule in [*line_rules, *class_rules]
        if len(rule.sites) == 1
    }
    assert set(one_site) - VOCABULARY == set(), one_site


@pytest.mark.parametrize(
    "phrase",
    ["lade weitere", "highlights aus", "beitragsbild", "als pdf herunterladen", "explore further"],
)
def test_the_phrases_of_single_pages_are_gone(
    rules: tuple[list[Rule], list[Rule], int], phrase: str
) -> None:
    line_rules, _, _ = rules
    assert not any(phrase in rule.phrase for rule in line_rules)
