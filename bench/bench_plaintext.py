"""Plain-text scrape extraction: the seed page, scrapes of the evaluation sets, VNTC.

Compared, in the same run, with what a user would otherwise do with a text
scrape: take the first line as the title and everything else as the body.

Scrapes of the evaluation sets: every page of scrapinghub, fundus,
trafilatura-eval and vn-news is turned into a whole-page plain-text scrape
by ``../shared/tools/text_scrape.py`` at run time, into a temporary folder
(menus, related lists and footer kept), and read by ``extract_text``. Scored
as bench_extract.py scores the HTML: body shingle precision / recall / F1
(scrapinghub, fundus), title exact (fundus, vn-news), snippets found / kept
out (trafilatura-eval); and "link lines": body paragraphs that are the text
of a link on the page (a menu item, a related headline) and not in the
ground truth. Printed for the test half of each set (bench/evalsplit.py),
the development half and the whole set.

Usage: .venv/bin/python bench/bench_plaintext.py [--quick]
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from doingoai.errors import NoArticleError  # noqa: E402
from doingoai.extract.plaintext import extract_text  # noqa: E402
from doingoai.text import normalize  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SEED = DATA / "seed" / "000_e22b331b8597d28b.txt"
# The article body of the seed page as the issue defines it: the lead and the
# three paragraphs after it, found by how they begin.
SEED_BODY_STARTS = (
    "Ngày 2.6, Sở Thông tin và Truyền thông",
    "Tại Hội nghị, đại diện Sở TT Hà Nội",
    "Tuy nhiên, bên cạnh những kết quả",
    "Phát biểu kết luận Hội nghị",
)


def naive(text: str) -> tuple[str, str]:
    """Title = first line; body = every other non-empty line."""
    lines = [normalize(x).strip() for x in text.splitlines() if x.strip()]
    return (lines[0], "\n\n".join(lines[1:])) if lines else ("", "")


def tokens(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.casefold()))


def prf(got: str, want: str) -> tuple[float, float, float]:
    g, w = tokens(got), tokens(want)
    common = sum((g & w).values())
    p = common / max(1, sum(g.values()))
    r = common / max(1, sum(w.values()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def seed_figures() -> None:
    text = SEED.read_text("utf-8")
    lines = [normalize(x).strip() for x in text.splitlines()]
    want = "\n\n".join(next(x for x in lines if x.startswith(s)) for s in SEED_BODY_STARTS)
    article = extract_text(text)
    _, naive_body = naive(text)
    print("seed page: body tokens against the issue's definition")
    print(f"  {'method':<28}{'precision':>10}{'recall':>10}{'F1':>10}")
    for name, body in (("doingoai extract_text", article.text), ("first line + rest", naive_body)):
        p, r, f = prf(body, want)
        print(f"  {name:<28}{p:>10.3f}{r:>10.3f}{f:>10.3f}")
    print(
        f"  fields: related={len(article.related)} (19 expected), authors={article.authors}, "
        f"captions={len(article.captions)}, published_at={article.published_at}"
    )


def vntc_figures(quick: bool) -> None:
    docs: list[str] = []
    for name in ("vntc_train_subset.jsonl", "vntc_test_dev.jsonl"):
        with (DATA / "topics" / name).open(encoding="utf-8") as fh:
            docs.extend(json.loads(line)["text"] for line in fh)
    if quick:
        docs = docs[:500]
    size = sum(len(d.encode()) for d in docs)
    # link lists ("Headline(10/03/2004)") are navigation, not body text
    dated = re.compile(r"\S\(\d{1,2}/\d{1,2}/\d{4}\)$", re.M)
    runs = []
    for name, fn in (
        ("doingoai extract_text", lambda d: extract_text(d).text),
        ("first line + rest", lambda d: naive(d)[1]),
    ):
        started = time.perf_counter()
        bodies = [fn(d) for d in docs]
        elapsed = time.perf_counter() - started
        leaked = sum(1 for b in bodies if dated.search(b))
        runs.append((name, len(docs) / elapsed, size / elapsed / 1e6, leaked))
    with_links = sum(1 for d in docs if dated.search(d))
    print(
        f"\nVNTC: {len(docs)} documents, {size / 1e6:.1f} MB; {with_links} end in a dated link list"
    )
    print(f"  {'method':<28}{'docs/s':>10}{'MB/s':>8}{'bodies with link lists':>24}")
    for name, dps, mbps, leaked in runs:
        print(f"  {name:<28}{dps:>10.0f}{mbps:>8.2f}{leaked:>24}")


def _scrapes(pages: list[Any], out: Path) -> dict[str, str]:
    """Each page's whole-page scrape, made by the shared tool; keyed by the page's name."""
    tool = DATA.parent / "tools" / "text_scrape.py"
    texts: dict[str, str] = {}
    for n, page in enumerate(pages):
        folder = out / str(n)
        folder.mkdir()
        source = folder / (page.path.name if page.path else "page.html")
        source.write_bytes(page.html)  # decompressed by the loader
        if source.suffix == ".gz":
            source = source.rename(source.with_suffix(""))
        texts[page.name] = str(folder)
    groups = [Path(v) for v in texts.values()]
    subprocess.run(
        [sys.executable, str(tool), *(str(next(g.iterdir())) for g in groups), "--out", str(out)],
        check=True,
    )
    for page, folder in zip(pages, groups, strict=True):
        stem = next(folder.iterdir()).name
        for suffix in (".html", ".htm"):
            stem = stem.removesuffix(suffix)
        texts[page.name] = (out / f"{stem}.txt").read_text("utf-8")
    return texts


def _anchors(html: bytes) -> set[str]:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html.decode("utf-8", errors="replace"))
    return {" ".join(a.text(deep=True).split()) for a in tree.css("a")}


def _score(
    pages: list[Any], texts: dict[str, str], reader: Callable[[str], tuple[str, list[str]]]
) -> dict[str, Any]:
    import bench_extract as be

    rows: dict[str, list[tuple[float, float, float]]] = {}
    titles: dict[str, list[bool]] = {}
    snippets: list[tuple[float, float]] = []
    link_pages: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    for page in pages:
        title, paras = reader(texts[page.name])
        body = "\n\n".join(paras)
        want: str | None = None
        if page.set == "scrapinghub":
            want = page.truth["articleBody"]
        elif page.set == "fundus":
            want = be.fundus_body(page.truth)
        if want is not None:
            rows.setdefault(page.set, []).append(be.tp_fp_fn(want, body))
            flat = " ".join(want.split())
            anchors = _anchors(page.html)
            counted[page.set] += 1
            link_pages[page.set] += any(p in anchors and p not in flat for p in paras if p)
        if page.set == "trafilatura-eval":
            t = page.truth
            found = sum(x in body for x in t["with"]) / max(1, len(t["with"]))
            kept_out = sum(x not in body for x in t["without"]) / max(1, len(t["without"]))
            snippets.append((found, kept_out))
        if page.truth.get("title"):
            same = be._norm_title(title) == be._norm_title(page.truth["title"])
            titles.setdefault(page.set, []).append(same)
    return {
        "body": {k: be.prf(v) for k, v in rows.items()},
        "title": {k: (sum(v), len(v)) for k, v in titles.items()},
        "snippets": (
            sum(a for a, _ in snippets) / len(snippets) if snippets else 0.0,
            sum(b for _, b in snippets) / len(snippets) if snippets else 0.0,
            len(snippets),
        ),
        "links": {k: (link_pages[k], counted[k]) for k in counted},
    }


def _ours(text: str) -> tuple[str, list[str]]:
    try:
        article = extract_text(text)
    except NoArticleError:
        return "", []
    return article.title, [article.lead, *(p.text for p in article.paragraphs)]


def _naive_reader(text: str) -> tuple[str, list[str]]:
    lines = [normalize(x).strip() for x in text.splitlines() if x.strip()]
    return (lines[0], lines[1:]) if lines else ("", [])


def scrape_figures(quick: bool) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import bench_extract as be

    limit = 12 if quick else None
    pages = (
        be.load_scrapinghub(limit) + be.load_fundus(limit) + be.load_trafeval(limit) + be.load_vn()
    )
    with tempfile.TemporaryDirectory() as tmp:
        texts = _scrapes(pages, Path(tmp))
    label = " (quick sample)" if quick else ""
    print(f"\nwhole-page scrapes of the evaluation sets{label}: {len(pages)} pages")
    for which in ("test", "dev", "all"):
        chosen = [p for p in pages if which == "all" or p.half == which]
        name = {"test": "test half", "dev": "development half", "all": "whole sets"}[which]
        print(f"\n  {name} ({len(chosen)} pages)")
        print(f"  {'method':<24}{'set':<18}{'body P / R / F1':>22}{'title':>12}{'link lines':>14}")
        for method, reader in (
            ("doingoai extract_text", _ours),
            ("first line + rest", _naive_reader),
        ):
            got = _score(chosen, texts, reader)
            for set_name in ("scrapinghub", "fundus", "vn-news"):
                p_r_f = got["body"].get(set_name)
                body = "/".join(f"{x:.3f}" for x in p_r_f) if p_r_f else "-"
                hit, n = got["title"].get(set_name, (0, 0))
                title = f"{hit}/{n}" if n else "-"
                bad, m = got["links"].get(set_name, (0, 0))
                links = f"{bad}/{m} pages" if m else "-"
                print(f"  {method:<24}{set_name:<18}{body:>22}{title:>12}{links:>14}")
            found, kept, n = got["snippets"]
            print(
                f"  {method:<24}{'trafilatura-eval':<18}"
                f"{'snippets found ' + format(found, '.3f'):>22}{'kept out ' + format(kept, '.3f'):>26}"
                f" ({n} pages)"
            )


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    print("machine: 2 cores, Python", sys.version.split()[0])
    seed_figures()
    scrape_figures(quick)
    vntc_figures(quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
