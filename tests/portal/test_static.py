"""The locally served font covers every Vietnamese letter, and its licence ships with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

fontTools = pytest.importorskip("fontTools.ttLib")

FONTS = Path(__file__).resolve().parents[2] / "src/doingoai/portal/static/portal/fonts"
CSS = FONTS.parent / "portal.css"
BASE = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONED = "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
LETTERS = BASE + TONED + (BASE + TONED).upper() + "₫"


@pytest.mark.parametrize("weight", ["400", "700"])
def test_subsets_cover_vietnamese(weight: str) -> None:
    covered: set[int] = set()
    for path in FONTS.glob(f"be-vietnam-pro-*-{weight}-normal.woff2"):
        covered |= set(fontTools.TTFont(path).getBestCmap())
    missing = [c for c in LETTERS if ord(c) not in covered]
    assert missing == []


def test_css_declares_every_shipped_font_and_licence_is_there() -> None:
    css = CSS.read_text(encoding="utf-8")
    declared = set(re.findall(r"url\(fonts/([^)]+)\)", css))
    assert declared == {p.name for p in FONTS.glob("*.woff2")}
    assert "SIL OPEN FONT LICENSE" in (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "OFL.txt" in (FONTS / "SOURCE.md").read_text(encoding="utf-8")
