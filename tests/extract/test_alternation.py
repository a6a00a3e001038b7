"""Regrouped alternations find a match exactly where the readable ones do.

The class/id rules of the HTML extractor are kept as readable alternations
(audited word by word) and searched as regrouped ones; a word that one form
flags and the other does not would change what the extractor prunes.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from doingoai.extract import _html_dom as dom
from doingoai.extract._alternation import alternatives, grouped

FAMILIES = {
    dom.F_ALWAYS: dom._ALWAYS,
    dom.F_HARD: dom._HARD,
    dom.F_ENTRY: dom._ENTRY,
    dom.F_POSITIVE: dom._POSITIVE,
    dom._F_SOFT_WORD: dom._SOFT,
    dom.F_RELATED: dom._RELATED,
    dom.F_CAPTION: dom.CAPTION,
    dom.F_LEAD: dom._LEAD,
    dom._F_LEAD_NOT: dom._LEAD_NOT,
    dom.F_BYLINE: dom._BYLINE,
}


def _readable_flags(token: str) -> int:
    """What ``_token_flags`` must answer, from the readable patterns one by one."""
    if token.startswith("elementor-widget"):
        token = token[16:]
    flags = dom.F_TAGWORD if "tag" in token or "keyword" in token else 0
    for flag, pattern in FAMILIES.items():
        if pattern.search(token):
            flags |= flag
    return flags


def _spelled(alternative: str) -> list[str]:
    """Strings an alternative stands for, roughly: anchors and lookarounds
    dropped, an optional character present and absent."""
    text = re.sub(r"\(\?[!=<][^)]*\)|\\b|[\^$]", "", alternative)
    text = text.replace("(?:|[\\s_-])", "").replace("[\\s_-]", "-").replace("(?:", "")
    text = text.replace(")", "").replace("|", "")
    with_optional = re.sub(r"(.)\?", r"\1", text)
    without = re.sub(r".\?", "", text)
    return sorted({with_optional, without})


def _near_words() -> list[str]:
    """Every family word, and the same words cut, extended, prefixed and joined:
    the places where a regrouping mistake would show."""
    words: set[str] = set()
    for pattern in FAMILIES.values():
        for alternative in alternatives(pattern.pattern):
            for word in _spelled(alternative):
                words.update(
                    {
                        word,
                        word[:-1],
                        word[1:],
                        f"x{word}",
                        f"{word}s",
                        f"{word}ary",
                        f"{word}aire",
                        f"a-{word}",
                        f"{word}_b",
                        f"{word}-{word}",
                        f"elementor-widget-{word}",
                    }
                )
    return sorted(words)


def test_alternatives_split_at_the_top_level_only() -> None:
    assert alternatives(r"a|b(?:c|d)|[|x]|\||e") == ["a", "b(?:c|d)", "[|x]", r"\|", "e"]


def test_grouped_takes_shared_leads_out() -> None:
    pattern = grouped("share|sharing|social|comment(?!ary)").pattern
    assert pattern == "s(?:har(?:e|ing)|ocial)|comment(?!ary)"
    assert grouped("ads?|a").pattern == "a"  # "a" alone matches wherever "ads?" does


@pytest.mark.parametrize(
    ("word", "matches"),
    [("comment", True), ("commentary", False), ("sharing", True), ("sociable", False)],
)
def test_grouped_keeps_lookaheads(word: str, matches: bool) -> None:
    assert bool(grouped("share|sharing|social|comment(?!ary)").search(word)) is matches


def test_grouped_refuses_flags_and_backreferences() -> None:
    with pytest.raises(ValueError, match="flags"):
        grouped(re.compile("ab", re.I))
    with pytest.raises(ValueError, match="backreference"):
        grouped(r"(a)\1")


def test_each_family_matches_where_its_readable_pattern_does() -> None:
    words = _near_words()
    assert len(words) > 2000
    for pattern in FAMILIES.values():
        fast = grouped(pattern)
        wrong = [w for w in words if bool(fast.search(w)) != bool(pattern.search(w))]
        assert not wrong, (pattern.pattern[:40], wrong[:10])


def test_word_flags_are_those_of_the_readable_patterns_on_near_words() -> None:
    wrong = [w for w in _near_words() if dom._token_flags(w) != _readable_flags(w)]
    assert not wrong, wrong[:10]


def test_word_flags_are_those_of_the_readable_patterns_on_real_pages(shared_data: Path) -> None:
    words: set[str] = set()
    pages = sorted((shared_data / "extraction" / "scrapinghub" / "html").glob("*.html.gz"))
    assert len(pages) > 100
    for path in pages[:60]:
        tree = LexborHTMLParser(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        for node in tree.root.traverse() if tree.root else []:
            words.update(dom._sig(node.attributes).split())
    assert len(words) > 5000
    wrong = [w for w in sorted(words) if dom._token_flags(w) != _readable_flags(w)]
    assert not wrong, wrong[:10]
