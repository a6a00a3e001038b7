"""Find the article body in a walked page (``_html_dom.Dom``).

Every text block of paragraph length gives points to the elements above it
(most to its parent, less further up); an element's total is weighted by its
tag and class/id words and damped by its link density. The best element is
the article container; its siblings join when they score close to it or hold
clean prose. The container's blocks, in reading order and filtered for
leftovers (short link lists, share prompts, repeated lines), are the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from doingoai.extract._html_dom import Block, Dom

__all__ = ["Body", "select_body"]

_TAG_WEIGHT = {
    "article": 12.0,
    "main": 6.0,
    "div": 5.0,
    "section": 3.0,
    "td": 3.0,
    "blockquote": 3.0,
    "pre": 3.0,
    "form": -3.0,
    "ol": -3.0,
    "ul": -3.0,
    "dl": -3.0,
    "dd": -3.0,
    "li": -3.0,
    "address": -3.0,
    "th": -5.0,
    "h1": -5.0,
    "h2": -5.0,
    "h3": -5.0,
    "h4": -5.0,
    "h5": -5.0,
    "h6": -5.0,
    "body": -10.0,
    "html": -20.0,
}
_GOOD_SIG = re.compile(
    r"article|body|content|entry|hentry|main|page|post|story|text|blog|prose|detail|"
    r"chitiet|chi-tiet|noidung|noi-dung|baiviet|bai-viet|fck|maincontent|richtext"
)
_BAD_SIG = re.compile(
    r"comment(?!ary|aire)|meta|footer|footnote|sidebar|widget|related|share|social|nav|menu|header|"
    r"promo|sponsor|teaser|list|card|grid|carousel|slider|tile|thumb|banner|ad-|popular"
)
_PARA_OWNERS = frozenset({"p", "pre", "td", "blockquote", "li", "dd", "div", "section", "article"})
_SENTENCE_END = re.compile(r"[.!?…:;\"”»)]\s*$")
# Lines that open boilerplate. Each phrase is common web or newspaper wording:
# none may come from one site's template. A phrase seen in the evaluation sets
# (../shared/data/extraction) on the pages of a single site only ("more on
# this", "explore further", "lade weitere", "beitragsbild" ...) is not one;
# docs/benchmarks.md lists those removed and how many pages held each.
_BOILER_LINE = re.compile(
    r"^(?:share|share this|tweet|e-?mail|print|advertisement|advertising|anzeige|publicité|"
    r"read more|read next|related|related articles|continue reading|"
    r"sign up|subscribe|follow us|click here|all rights reserved|copyright|©|"
    r"xem thêm|đọc thêm|tin liên quan|tin khác|bài liên quan|quảng cáo|bình luận|chia sẻ|"
    r"theo dõi|xem tiếp|có thể bạn quan tâm|nên xem|"
    r"weiterlesen|mehr zum thema|lesen sie auch|auch interessant|teilen|"
    r"kommentare? (?:schreiben|geschlossen)|"
    r"das (?:thema|könnte) .{0,40}interessieren|tags:|you may also like)\b",
    re.I,
)


# Link-heavy paragraphs shorter than this, or more than half links, are dropped.
_LINK_KEEP_MIN = 300
_LINK_P_MAX = 0.5
# Siblings of the container join it when they score this share of its score.
_SIB = 0.35
# A wrapper around the container replaces it when it adds less text than this share.
_CLIMB = 0.02
# Repeated blocks longer than this are dropped (short ones repeat legitimately).
_DEDUPE_MIN = 80


_JUNK_LINES = frozenset(
    [
        "advert",
        "advertisement",
        "anzeige",
        "caption",
        "close",
        "back to gallery",
        "comments",
        "comment",
        "don't miss",
        "tags",
        "tag",
        "search",
        "share",
        "menu",
        "more",
        "loading",
        "related",
        "next",
        "previous",
        "quảng cáo",
        "bình luận",
        "chia sẻ",
        "tin liên quan",
        "xem thêm",
        "đọc thêm",
        "tin khác",
        "werbung",
        "kommentare",
        "teilen",
        "mehr",
        "weitere artikel",
        "lesen sie auch",
    ]
)
_CONSENT = re.compile(
    r"cookie|datenschutz|einverstanden|"
    r"consent (?:preferences|settings|management)|privacy policy|external content|"
    r"externe[nr]? inhalt|"
    r"click to copy|javascript (?:is )?(?:required|disabled)|"
    r"redaktioneller inhalt|inhalte? (?:erlauben|laden|anzeigen|aktivieren)",
    re.I,
)
# Words one of which every _CONSENT match holds: a cheap test before the regex.
_CONSENT_WORDS = (
    "cookie",
    "datenschutz",
    "einverstanden",
    "consent",
    "privacy",
    "external",
    "externe",
    "inhalt",
    "copy",
    "javascript",
)


def _consent(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in _CONSENT_WORDS) and _CONSENT.search(low) is not None


_BYLINE_LINE = re.compile(r"^(?:by|von|par|por|bởi)\s+\S", re.I)
_CAPTION_TEXT = re.compile(
    r"\((?:image|photo|picture|foto|bild|ảnh|credit)s?\b[^)]*\)\s*$|"
    r"(?:^|[.\s])(?:ảnh|photo|image|foto|bild|credit)s?\s*:\s*\S[^:]{0,60}$|"
    r"\((?:AP|AFP|Reuters|Getty|EPA)\b[^)]*\)\s*$|"
    r"^(?:legende|bildlegende|bildunterschrift)\s*:",
    re.I,
)
# A line that says it is about a photo, without a colon or a parenthesis:
# "Ảnh minh họa.", "Người dân xếp hàng - Ảnh trích từ clip".
_PHOTO_LINE = re.compile(r"\bảnh minh h(?:ọa|oạ)\b|\bảnh (?:trích|cắt) (?:từ|xuất từ)\b", re.I)


@dataclass(slots=True)
class Body:
    """The chosen body: blocks in reading order, captions and the container."""

    blocks: list[Block] = field(default_factory=list)
    block_ids: list[int] = field(default_factory=list)
    captions: list[tuple[int, str]] = field(default_factory=list)
    roots: list[int] = field(default_factory=list)
    lead: str = ""


@lru_cache(maxsize=1 << 14)
def _class_weight(sig: str) -> float:
    """Container points of a class/id signature (signatures repeat: cached)."""
    if not sig:
        return 0.0
    weight = 0.0
    if _GOOD_SIG.search(sig):
        weight += 25.0
    if _BAD_SIG.search(sig):
        weight -= 25.0
    return weight


def _score_elements(dom: Dom) -> tuple[list[float], list[int], list[int]]:
    n = len(dom.tags)
    parents = dom.parents
    text_len = [0] * n
    link_len = [0] * n
    points = [0.0] * n
    touched = [False] * n
    for block in dom.blocks:
        if block.kind == "c":
            continue
        length = len(block.text)
        links = block.links
        el = block.owner
        while el >= 0:
            text_len[el] += length
            link_len[el] += links
            el = parents[el]
    for block in dom.blocks:
        if block.kind not in ("p", "pre", "li"):
            continue
        text = block.text
        length = len(text)
        if length < 25 or block.links * 2 > length:
            continue
        owner = block.owner
        if dom.tags[owner] not in _PARA_OWNERS:
            continue
        score = 1.0 + text.count(",") + text.count("，") + min(length / 100.0, 3.0)
        el = parents[owner] if dom.tags[owner] in ("p", "pre", "li") else owner
        level = 0
        while el >= 0 and level < 5:
            points[el] += score / (1.0 if level == 0 else (2.0 if level == 1 else level * 3.0))
            touched[el] = True
            el = parents[el]
            level += 1
    scores = [0.0] * n
    for el in range(n):
        if not touched[el]:
            continue
        total = text_len[el]
        density = link_len[el] / total if total else 1.0
        base = _TAG_WEIGHT.get(dom.tags[el], 0.0) + _class_weight(dom.sigs[el])
        if base > 0 and total < 300:
            # a good class name on a line of text does not make it the article
            base *= total / 300
        scores[el] = (points[el] + base) * (1.0 - density)
    return scores, text_len, link_len


def _children(parents: list[int], parent: int) -> list[int]:
    """The elements whose parent is ``parent``, in document order."""
    return [el for el, up in enumerate(parents) if up == parent]


def _pick_roots(
    dom: Dom, scores: list[float], text_len: list[int], link_len: list[int]
) -> list[int]:
    n = len(scores)
    if n == 0:
        return []
    parents = dom.parents
    order = sorted(range(n), key=scores.__getitem__, reverse=True)
    top = order[0]
    if scores[top] <= 0:
        return []

    # Several strong candidates under one ancestor: the ancestor is the article.
    def related(a: int, b: int) -> bool:
        for x, y in ((a, b), (b, a)):
            up = parents[x]
            while up >= 0:
                if up == y:
                    return True
                up = parents[up]
        return False

    close = [el for el in order[1:6] if scores[el] >= 0.75 * scores[top] and not related(el, top)]
    if len(close) >= 2:
        ancestors = []
        el = parents[top]
        while el >= 0 and dom.tags[el] not in ("body", "html"):
            ancestors.append(el)
            el = parents[el]
        for anc in ancestors:
            inside = 0
            for cand in close:
                up = cand
                while up >= 0 and up != anc:
                    up = parents[up]
                if up == anc:
                    inside += 1
            if inside >= 2:
                top = anc
                break
    # The article split in several boxes of the same class (text, ad, text...):
    # their closest common ancestor is the container.
    sig_top = dom.sigs[top]
    if sig_top:
        parts = [
            el
            for el in range(n)
            if el != top
            and dom.sigs[el] == sig_top
            and scores[el] > 0.1 * scores[top]
            and not related(el, top)
        ]
        if parts:
            chain: list[int] = []
            el = top
            while el >= 0:
                chain.append(el)
                el = parents[el]
            position = {el: i for i, el in enumerate(chain)}
            reach = 0
            for part in parts:
                up = part
                while up >= 0 and up not in position:
                    up = parents[up]
                if up >= 0:
                    reach = max(reach, position[up])
            if reach and dom.tags[chain[reach]] not in ("body", "html"):
                top = chain[reach]
    # Climb while the parent holds little more than the candidate's text and
    # no more links: wrappers around the article add nothing to drop.
    start = top
    while True:
        parent = parents[top]
        if parent < 0 or dom.tags[parent] in ("body", "html"):
            break
        extra = text_len[parent] - text_len[start]
        extra_links = link_len[parent] - link_len[start]
        if extra <= 0 or (extra < _CLIMB * text_len[start] and extra_links < 0.5 * max(extra, 1)):
            top = parent
            continue
        break
    roots = [top]
    parent = parents[top]
    if parent >= 0:
        threshold = max(10.0, scores[top] * _SIB)
        sig_top = dom.sigs[top]
        for sib in _children(parents, parent):
            if sib == top:
                continue
            bonus = scores[top] * 0.2 if sig_top and dom.sigs[sib] == sig_top else 0.0
            if scores[sib] + bonus >= threshold:
                roots.append(sib)
                continue
            if dom.tags[sib] == "p" and text_len[sib]:
                density = link_len[sib] / text_len[sib]
                if text_len[sib] > 80 and density < 0.25:
                    roots.append(sib)
        roots.sort()
    return roots


def select_body(dom: Dom, *, title: str = "") -> Body:
    """The article's blocks in reading order, or an empty Body when none stands out."""
    scores, text_len, link_len = _score_elements(dom)
    roots = _pick_roots(dom, scores, text_len, link_len)
    body = Body(roots=roots)
    if not roots:
        return body
    root_set = set(roots)
    parents = dom.parents
    inside: dict[int, bool] = {}
    title_key = " ".join(title.casefold().split())
    seen: set[str] = set()
    for i, block in enumerate(dom.blocks):
        owner = block.owner
        hit = inside.get(owner)
        if hit is None:
            el = owner
            path = []
            while el >= 0 and el not in root_set and el not in inside:
                path.append(el)
                el = parents[el]
            hit = el in root_set or (el >= 0 and inside.get(el, False))
            for p in path:
                inside[p] = hit
        if not hit:
            continue
        text = block.text
        if block.kind == "c":
            body.captions.append((i, text))
            continue
        length = len(text)
        if block.kind == "h":
            if (
                dom.tags[owner] == "h1"
                or " ".join(text.casefold().split()) == title_key
                or length > 300
            ):
                continue
        elif block.links * 2 > length and (
            block.kind == "li" or length < _LINK_KEEP_MIN or block.links > _LINK_P_MAX * length
        ):
            continue
        if length < 120 and (
            _BOILER_LINE.match(text)
            or is_dateline(text)
            or text.casefold().strip(" .:!?") in _JUNK_LINES
            or (_BYLINE_LINE.match(text) and length < 80)
            or _menu_line(text)
        ):
            continue
        if length < 400 and _consent(text):
            continue
        if (
            length < 300
            and block.kind != "h"
            and (
                ((":" in text or text.endswith(")")) and _CAPTION_TEXT.search(text))
                or _PHOTO_LINE.search(text)
            )
        ):
            body.captions.append((i, text))
            continue
        key = text.casefold()
        if key in seen and length > _DEDUPE_MIN:
            continue
        seen.add(key)
        body.blocks.append(block)
        body.block_ids.append(i)
    # Headings at the end of the body introduce what was cut (related lists,
    # comments); a heading written as a sentence is a pull quote and stays.
    while body.blocks and body.blocks[-1].kind == "h" and not _pull_quote(body.blocks[-1].text):
        body.blocks.pop()
        body.block_ids.pop()
    return body


_DATE_WORDS = re.compile(
    r"\d+|thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật|ngày|tháng|năm|giờ|gmt|utc|"
    r"cập nhật|đăng|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|am|pm|updated|published|"
    r"posted|on|at|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|januar|"
    r"februar|märz|mai|juni|juli|oktober|dezember|uhr|stand|aktualisiert|veröffentlicht|am|um",
    re.I,
)


def _menu_line(text: str) -> bool:
    """Short items between bars: "Kommentarfeed | Kommentare geschlossen | Trackback-URL"."""
    parts = text.split(" | ")
    return len(parts) >= 3 and all(len(p.split()) <= 3 for p in parts)


def _pull_quote(text: str) -> bool:
    return len(text.split()) >= 6 and text.rstrip('"”»“« ').endswith((".", "!", "?", "…"))


def is_dateline(text: str) -> bool:
    """A line that is nothing but a date and time ("Thứ bảy, 07/03/2026 - 08:07")."""
    if not any(c.isdigit() for c in text):
        return False
    rest = _DATE_WORDS.sub("", text)
    return sum(c.isalpha() for c in rest) <= 2


def sentence_like(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))
