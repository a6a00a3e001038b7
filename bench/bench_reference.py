"""Cleaning a reference page's HTML: doingoai's sanitiser (nh3 to the page
allow-list, with the report of what was removed and the re-serialised tree)
against lxml_html_clean's Cleaner, the cleaner a Django developer would
otherwise reach for, on the same pages in the same run; and Pillow's
preparation of an uploaded photograph (checks, metadata removed, three WebP
renditions).

The pages are built here from the text of real Vietnamese news articles
(VNTC, ../shared/data/topics, read at run time, not kept): headings,
paragraphs, lists, a table and a figure per article, with hostile markup
(scripts, event handlers, javascript: links, style attributes, SVG) mixed in.

Usage: python bench/bench_reference.py [--pages 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import html
import io
import json
import statistics
import sys
import time
from pathlib import Path

from lxml_html_clean import Cleaner
from PIL import Image

from doingoai.reference.images import prepare
from doingoai.reference.richtext import TAGS, sanitize

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "topics" / "vntc_train_subset.jsonl"


def texts(limit: int) -> list[str]:
    found: list[str] = []
    for line in NEWS.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        if text.count("\n") >= 3:
            found.append(text)
        if len(found) >= limit:
            break
    return found


def page_of(text: str, n: int) -> str:
    paras = [p for p in text.split("\n") if p.strip()]
    parts = [f"<h2>{html.escape(paras[0][:80])}</h2>"]
    for k, p in enumerate(paras):
        handler = ' onclick="steal()"' if k % 5 == 1 else ""
        style = ' style="width:expression(alert(1))"' if k % 7 == 2 else ""
        parts.append(f"<p{handler}{style}>{html.escape(p)}</p>")
        if k % 6 == 3:
            parts.append('<p><a href="javascript:alert(1)">xem thêm</a><script>x()</script></p>')
    parts.append("<ul>" + "".join(f"<li>{html.escape(p[:60])}</li>" for p in paras[:4]) + "</ul>")
    parts.append(
        "<table><tr><th>Năm</th><th>Số</th></tr><tr><td>2024</td><td>8.587.100</td></tr></table>"
    )
    parts.append('<svg onload="alert(1)"><circle r="1"/></svg>')
    parts.append(
        f'<figure data-image="{n}"><img src="/media/reference/images/a/{n}-960.webp" '
        f'alt="ảnh" data-image="{n}"><figcaption>Chú thích</figcaption></figure>'
    )
    return "\n".join(parts)


def timed(fn, pages: list[str], repeat: int) -> float:  # type: ignore[no-untyped-def]
    best = []
    for _ in range(repeat):
        start = time.perf_counter()
        for p in pages:
            fn(p)
        best.append(time.perf_counter() - start)
    return min(best)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not NEWS.is_file():
        sys.exit(f"{NEWS} is missing")
    pages = [page_of(t, n) for n, t in enumerate(texts(args.pages))]
    size = sum(len(p.encode()) for p in pages)
    cleaner = Cleaner(
        scripts=True,
        javascript=True,
        style=True,
        inline_style=True,
        embedded=True,
        forms=True,
        frames=True,
        allow_tags=sorted(TAGS),
        remove_unknown_tags=False,
        safe_attrs_only=True,
    )
    ours = timed(sanitize, pages, args.repeat)
    theirs = timed(cleaner.clean_html, pages, args.repeat)
    ours_out = [sanitize(p).html for p in pages]
    theirs_out = [cleaner.clean_html(p) for p in pages]
    leaks = sum("onclick" in h or "javascript:" in h for h in ours_out)
    their_leaks = sum("onclick" in h or "javascript:" in h for h in theirs_out)
    print(f"pages: {len(pages)}, {size / 1e6:.2f} MB of HTML")
    print(
        f"doingoai sanitize (nh3 + report + tree): {len(pages) / ours:8.0f} pages/s  {size / ours / 1e6:6.1f} MB/s"
    )
    print(
        f"lxml_html_clean Cleaner:                 {len(pages) / theirs:8.0f} pages/s  {size / theirs / 1e6:6.1f} MB/s"
    )
    print(
        f"pages with an event handler or javascript: link left: doingoai {leaks}, lxml {their_leaks}"
    )
    print("what the editor is told was removed: doingoai yes (Removal list), lxml no")

    photo = Image.new("RGB", (4000, 3000), (120, 160, 200))
    for x in range(0, 4000, 40):
        photo.paste((x % 255, 80, 160), (x, 0, x + 20, 3000))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 40.0), 3: "E", 4: (105.0, 51.0, 6.0)}
    photo.save(out, "JPEG", quality=90, exif=exif)
    data = out.getvalue()

    def plain_pillow(raw: bytes) -> None:
        """What one would write first: decode it all, resize each width from the original."""
        picture = Image.open(io.BytesIO(raw)).convert("RGB")
        for width in (480, 960, 1600):
            height = round(picture.height * width / picture.width)
            buffer = io.BytesIO()
            picture.resize((width, height), Image.Resampling.LANCZOS).save(
                buffer, "WEBP", quality=82
            )

    for label, fn in (
        ("doingoai prepare", lambda: prepare(data, "photo.jpg")),
        ("plain Pillow", lambda: plain_pillow(data)),
    ):
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - start)
        print(
            f"{label}: 4000×3000 JPEG ({len(data) / 1e6:.1f} MB) → 3 WebP renditions: "
            f"median {statistics.median(runs):.2f} s"
        )


if __name__ == "__main__":
    main()
