"""Word segmentation and word counts (the segmenters load in a few seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from doingoai.text import count_words, segment_words
from doingoai.text.segment import SEGMENTERS


@pytest.mark.parametrize("segmenter", SEGMENTERS)
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Thông tin đối ngoại", ["Thông tin", "đối ngoại"]),
        ("Hội nghị đánh giá công tác", ["Hội nghị", "đánh giá", "công tác"]),
    ],
)
def test_multi_syllable_words_are_joined_by_a_space(
    segmenter: str, text: str, words: list[str]
) -> None:
    assert segment_words(text, segmenter=segmenter) == words  # type: ignore[arg-type]


@pytest.mark.parametrize("segmenter", SEGMENTERS)
def test_count_words_leaves_punctuation_out(segmenter: str) -> None:
    text = "Thông tin đối ngoại: Đã đáp ứng được yêu cầu hội nhập của Thành phố."
    words = segment_words(text, segmenter=segmenter)  # type: ignore[arg-type]
    assert ":" in words and "." in words
    count = count_words(text, segmenter=segmenter)  # type: ignore[arg-type]
    assert count == len(words) - 2
    # fewer words than syllables: "Thông tin", "đối ngoại", "đáp ứng", "yêu cầu", "hội nhập", "Thành phố"
    assert count == len(text.split()) - 6


def test_count_words_on_the_seed_lead(seed_path: Path) -> None:
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    lead = next(line for line in lines if line.startswith("Ngày 2.6, Sở Thông tin"))
    syllables = len([t for t in lead.split() if any(c.isalnum() for c in t)])
    words = count_words(lead)
    assert 0.5 * syllables < words < syllables
    assert count_words("") == 0


def test_unknown_segmenter() -> None:
    with pytest.raises(ValueError, match="unknown segmenter"):
        segment_words("Hà Nội", segmenter="jieba")  # type: ignore[arg-type]
