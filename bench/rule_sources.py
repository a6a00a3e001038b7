"""Where the phrases and class words of the HTML extractor's rules occur in the evaluation sets.

For every phrase of the boilerplate-line rule (``_BOILER_LINE``), the consent
rule (``_CONSENT``) and the junk-line list (``_JUNK_LINES``) in
``doingoai.extract._html_body``: on how many pages, and of how many sites, of
../shared/data/extraction (scrapinghub, fundus, trafilatura-eval, vn-news,
readability-js) a short text line matches it. For every word of the class
and id patterns (``_html_dom``: boilerplate, related, caption, lead, byline,
content words; ``_html_body``: good and bad container words): on how many
pages and sites an element's class or id holds it. A rule written for one
page shows up as "1 page, 1 site"; rules must come from many pages or from
general knowledge of how pages are written (found on no page).

Run: .venv/bin/python bench/rule_sources.py [--all]   (default: phrases on one site only)
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT.parent / "shared" / "data" / "extraction"

from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from doingoai.extract import _html_body as body  # noqa: E402
from doingoai.extract import _html_dom as dom  # noqa: E402


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex (``a|b(?:c|d)|e`` → a, b(?:c|d), e)."""
    parts, depth, current, escaped = [], 0, "", False
    for char in pattern:
        if escaped:
            current += char
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def pages() -> list[tuple[str, str, Path]]:
    """(name, site, path) of every page of the sets."""
    out: list[tuple[str, str, Path]] = []
    truth = json.loads((DATA / "scrapinghub" / "ground-truth.json").read_text(encoding="utf-8"))
    for key, item in truth.items():
        site = (urlsplit(item["url"]).hostname or "").removeprefix("www.")
        out.append((key[:12], site, DATA / "scrapinghub" / "html" / f"{key}.html.gz"))
    for path in sorted((DATA / "fundus").glob("*/*.html.gz")):
        out.append((path.name, path.name.rsplit("_", 3)[0], path))
    for path in sorted((DATA / "trafilatura-eval" / "cache").glob("*.gz")):
        out.append((path.name, ".".join(path.name.split(".")[:2]), path))
    for path in sorted((DATA / "vn-news" / "html").glob("*.html")):
        out.append((path.name, path.name.split("_")[0], path))
    for path in sorted((DATA / "readability-js").glob("*/source.html")):
        out.append((path.parent.name, path.parent.name, path))
    return out


def read_page(path: Path) -> tuple[set[str], set[str]]:
    """The text lines of a page and the class + id strings of its elements."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    tree = LexborHTMLParser(data.decode("utf-8", errors="replace"))
    sigs = set()
    for node in tree.css("[class], [id]"):
        attributes = node.attributes
        sigs.add(f"{attributes.get('class') or ''} {attributes.get('id') or ''}".lower())
    for node in tree.css("script, style, noscript"):
        node.decompose()
    if tree.body is None:
        return set(), sigs
    text = tree.body.text(separator="\n")
    return {" ".join(line.split()) for line in text.split("\n") if line.strip()}, sigs


@dataclass(frozen=True)
class Rule:
    """One phrase or class word of the extractor's rules and the pages holding it."""

    kind: str
    phrase: str
    hits: frozenset[tuple[str, str]]  # (page, site)

    @property
    def sites(self) -> set[str]:
        return {site for _, site in self.hits}


def _line_rules() -> list[tuple[str, str, re.Pattern[str], int]]:
    boiler = body._BOILER_LINE.pattern
    inner = boiler[boiler.index("(?:") + 3 : boiler.rindex(")\\b")]
    rules: list[tuple[str, str, re.Pattern[str], int]] = []
    for phrase in alternatives(inner):
        rules.append(("boilerplate line", phrase, re.compile(rf"^(?:{phrase})\b", re.I), 120))
    for phrase in alternatives(body._CONSENT.pattern):
        rules.append(("consent", phrase, re.compile(phrase, re.I), 400))
    for junk in sorted(body._JUNK_LINES):
        rules.append(("junk line", junk, re.compile(rf"^{re.escape(junk)}[ .:!?]*$", re.I), 120))
    return rules


def _class_words() -> list[tuple[str, str, re.Pattern[str]]]:
    words: list[tuple[str, str, re.Pattern[str]]] = []
    for kind, pattern in CLASS_PATTERNS.items():
        text = pattern.pattern
        if text.startswith("^(?:") and text.endswith(")$"):
            text = text[4:-2]
        words.extend((kind, word, re.compile(word)) for word in alternatives(text))
    return words


def rule_sources() -> tuple[list[Rule], list[Rule], int]:
    """The line rules and the class words with the pages holding each, and
    the number of pages read."""
    rules = _line_rules()
    words = _class_words()
    found: dict[int, set[tuple[str, str]]] = defaultdict(set)
    found_words: dict[int, set[tuple[str, str]]] = defaultdict(set)
    collection = pages()
    for name, site, path in collection:
        lines, sigs = read_page(path)
        for i, (_, _, regex, limit) in enumerate(rules):
            if any(len(line) < limit and regex.search(line) for line in lines):
                found[i].add((name, site))
        for i, (_, _, regex) in enumerate(words):
            if any(regex.search(sig) for sig in sigs):
                found_words[i].add((name, site))
    line_rules = [Rule(k, p, frozenset(found[i])) for i, (k, p, _, _) in enumerate(rules)]
    class_rules = [Rule(k, w, frozenset(found_words[i])) for i, (k, w, _) in enumerate(words)]
    return line_rules, class_rules, len(collection)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every phrase, not only one-site ones")
    args = parser.parse_args()
    line_rules, class_rules, count = rule_sources()
    print(f"{count} pages of ../shared/data/extraction\n")
    print("| rule | phrase | pages | sites | where (one site only) |")
    print("|---|---|---:|---:|---|")
    for rule in line_rules:
        _row(rule, args.all)
    print("\n| class/id pattern | word | pages | sites | where (one site only) |")
    print("|---|---|---:|---:|---|")
    for rule in class_rules:
        _row(rule, args.all)
    return 0


CLASS_PATTERNS: dict[str, re.Pattern[str]] = {
    "boilerplate (always)": dom._ALWAYS,
    "boilerplate (hard)": dom._HARD,
    "boilerplate (soft)": dom._SOFT,
    "content": dom._POSITIVE,
    "related": dom._RELATED,
    "caption": dom.CAPTION,
    "lead": dom._LEAD,
    "not lead": dom._LEAD_NOT,
    "byline": dom._BYLINE,
    "entry": dom._ENTRY,
    "good container": body._GOOD_SIG,
    "bad container": body._BAD_SIG,
}


def _row(rule: Rule, every: bool) -> None:
    sites = rule.sites
    if not every and len(sites) != 1:
        return
    where = ", ".join(sorted(name for name, _ in rule.hits)[:3]) if len(sites) == 1 else ""
    print(f"| {rule.kind} | `{rule.phrase}` | {len(rule.hits)} | {len(sites)} | {where} |")


if __name__ == "__main__":
    sys.exit(main())
