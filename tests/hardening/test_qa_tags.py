"""QA: a literal tag in the source text cannot block approval whatever the target says."""

from __future__ import annotations

import pytest

from doingoai.translate.qa import check_segment


def errors(source: str, target: str) -> list[str]:
    return [i.message for i in check_segment(source, target) if i.severity == "error"]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (
            'Ảnh chụp <img src="ho-guom.jpg"> tại hồ Hoàn Kiếm.',
            'A photo <img src="ho-guom.jpg"> taken at Hoan Kiem Lake.',
        ),
        ("Dòng một<br>dòng hai.", "Line one<br>line two."),
        # a tag the source itself leaves open: copied as it is, the target is fine
        (
            "Bài viết có thẻ <b> chưa đóng trong văn bản gốc.",
            "The article has a <b> tag left open in the original text.",
        ),
        (
            "Đóng thừa </i> trong văn bản gốc.",
            "A stray </i> in the original text.",
        ),
    ],
)
def test_a_target_that_keeps_the_source_tags_passes(source: str, target: str) -> None:
    assert errors(source, target) == []


def test_the_target_is_still_held_to_the_source_tags() -> None:
    source = "Hà Nội <b>đón</b> khách quốc tế."
    assert errors(source, "Hanoi <b>welcomes</b> international visitors.") == []
    assert any("missing from the target" in e for e in errors(source, "Hanoi welcomes visitors."))
    # tags the source closes in order must be closed in order in the target
    assert "<b> is never closed" in errors(
        "<b>Hà Nội</b> đón <b>khách</b>.", "<b>Hanoi</b> welcomes <b>visitors."
    )
    reordered = errors("<b><i>Hà Nội</i></b>", "<b><i>Hanoi</b></i>")
    assert "</b> closes a tag that is not open" in reordered
