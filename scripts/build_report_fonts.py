"""Build the TrueType fonts the PDF report embeds, from the portal's Be Vietnam
Pro WOFF2 subsets (latin, latin-ext, vietnamese), merged into one font per
weight: src/doingoai/data/fonts/BeVietnamPro-{Regular,Bold}.ttf.

Run: .venv/bin/python scripts/build_report_fonts.py (needs fonttools with brotli,
installed by the dev extra)."""

from __future__ import annotations

import io
from pathlib import Path

from fontTools.merge import Merger
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "src" / "doingoai" / "portal" / "static" / "portal" / "fonts"
OUT = ROOT / "src" / "doingoai" / "data" / "fonts"


def merged(weight: str) -> TTFont:
    parts = []
    for subset in ("latin", "latin-ext", "vietnamese"):
        font = TTFont(FONTS / f"be-vietnam-pro-{subset}-{weight}-normal.woff2")
        font.flavor = None
        data = io.BytesIO()
        font.save(data)
        data.seek(0)
        parts.append(data)
    return Merger().merge(parts)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for weight, name in (("400", "Regular"), ("700", "Bold")):
        merged(weight).save(OUT / f"BeVietnamPro-{name}.ttf")
        print(OUT / f"BeVietnamPro-{name}.ttf")


if __name__ == "__main__":
    main()
