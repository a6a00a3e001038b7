"""One pass over the parsed page: a flat table of elements and text blocks.

The walk drops what is never article text (scripts, forms controls, hidden
elements) and boilerplate recognised by tag, ARIA role or class/id words
(navigation, share bars, comments, related-news boxes, ads), collecting the
links of related-news boxes on the way. What remains becomes a list of
``Block`` (a run of text owned by its nearest block-level element) and a flat
element table (tag, class/id, parent) that ``_html_body`` scores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from selectolax.lexbor import LexborNode

from doingoai.extract._alternation import grouped
from doingoai.extract._meta import absolute

__all__ = ["Block", "Dom", "ImageRef", "RelatedRef", "inner_text", "walk"]

# Never text: removed before anything else looks at the tree.
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "iframe",
        "object",
        "embed",
        "canvas",
        "input",
        "select",
        "button",
        "textarea",
        "option",
        "optgroup",
        "video",
        "audio",
        "map",
        "area",
        "head",
        "link",
        "meta",
        "dialog",
        "math",
        "source",
        "track",
        "datalist",
        "output",
        "progress",
        "meter",
        "frameset",
        "frame",
        "applet",
    ]
)
# Page furniture by tag and by ARIA role.
JUNK_TAGS = frozenset({"nav", "aside", "footer", "header", "menu"})
JUNK_ROLES = frozenset(
    [
        "navigation",
        "banner",
        "contentinfo",
        "complementary",
        "dialog",
        "alertdialog",
        "search",
        "menu",
        "menubar",
        "toolbar",
        "tablist",
    ]
)
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "caption",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "address",
        "center",
        "hr",
        "form",
        "fieldset",
        "details",
        "summary",
        "body",
        "html",
        "legend",
        "hgroup",
    ]
)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Class/id words of boilerplate (English and Vietnamese sites). HARD ones mark
# boilerplate even inside the article container; SOFT ones only when no
# content word (POSITIVE) sits beside them.
_ALWAYS = re.compile(
    r"share|sharing|social|comment(?!ary|aire)|disqus|related|recommend|newsletter|subscri|cookie|"
    r"consent|breadcrumb|lienquan|lien-quan|tinkhac|tin-khac|xemthem|xem-them|docthem|"
    r"doc-them|cung-?chuyen-?muc|binh-?luan|binhluan|chia-?se|outbrain|taboola|"
    r"read-?next|more-?stories|more-?news|also-?read|see-?also|sr-only|screen-?reader|"
    r"visually-?hidden|skip-?link|print-?only|author-?bio|about-?author|follow-?us"
)
_HARD = re.compile(
    r"advert|(?:^|[\s_-])ads?(?:$|[\s_-])|adslot|adunit|dfp|sponsor|promo|"
    r"popup|modal|pagination|pager\b|paging|(?:^|[\s_-])tags?(?:$|[\s_-])|tag-?list|"
    r"tags-|keyword|tin-?moi|xem-?nhieu|doc-?nhieu|noi-?bat|quang-?cao|most-?read|"
    r"most-?popular|popular|trending|read-?more|author-?box|signup|sign-up|login|paywall|"
    r"rating|(?:^|[\s_-])vote|toolbar|app-?promo|donate|widget|gallery|slideshow|carousel|"
    r"slider|lightbox"
)
_SOFT = re.compile(
    r"footer|header|masthead|(?:^|[\s_-])nav(?:$|[\s_-])|navbar|navigation|menu|sidebar|"
    r"side-?bar|banner|(?:^|[\s_-])aside|(?:^|[\s_-])rail|(?:^|[\s_-])meta(?:$|[\s_-])|byline|dateline|"
    r"timestamp|(?:^|[\s_-])date(?:$|[\s_-])|author|(?:^|[\s_-])hide|(?:^|[\s_-])toc|"
    r"(?:^|[\s_-])links?(?:$|[\s_-])|teaser"
)
_POSITIVE = re.compile(
    r"article|content|body|story|main|post|entry|text|detail|chitiet|chi-tiet|noidung|"
    r"noi-dung|baiviet|bai-viet|news-?content|prose|(?:^|[\s_-])blog"
)
_RELATED = re.compile(
    r"related|lienquan|lien-quan|tinkhac|tin-khac|xemthem|xem-them|docthem|doc-them|"
    r"cung-?chuyen-?muc|read-?next|more-?stories|more-?news|also-?read|see-?also|recommend"
)
CAPTION = re.compile(
    r"caption|figcaption|chu-?thich|chuthich|image-?desc|img-?desc|photo-?desc|"
    r"wp-caption-text|image-?credit|photo-?credit|media-?credit|legend"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass(slots=True)
class Block:
    """A run of text owned by its nearest block-level element ``owner``."""

    text: str
    owner: int
    links: int  # characters inside <a>
    kind: str  # "p", "h", "li", "c" (caption), "lead", "pre"


@dataclass(slots=True)
class ImageRef:
    src: str
    alt: str
    owner: int
    after_block: int  # index of the next block in reading order
    caption: str = ""


@dataclass(slots=True)
class RelatedRef:
    title: str
    url: str
    summary: str = ""


@dataclass(slots=True)
class Dom:
    tags: list[str] = field(default_factory=list)
    sigs: list[str] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)
    related: list[RelatedRef] = field(default_factory=list)
    tag_links: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    lead: str = ""
    lead_block: int = -1  # index of the first block after the lead
    pruned_chars: int = 0


_SIG_ATTRS = ("itemprop", "data-role", "data-slot", "data-testid", "data-component")


_SIG_ATTR_SET = frozenset(_SIG_ATTRS)


def _sig(attrs: dict[str, str | None]) -> str:
    """The words an element is described by: class, id and a few naming attributes."""
    if not attrs:  # most elements of a page carry no attribute
        return ""
    cls = attrs.get("class")
    if len(attrs) == 1 and cls:  # the next most common: a class alone
        sig = cls.lower()
    else:
        ident = attrs.get("id")
        sig = f"{cls} {ident}" if cls and ident else cls or ident or ""
        if not _SIG_ATTR_SET.isdisjoint(attrs):
            for name in _SIG_ATTRS:
                value = attrs.get(name)
                if value:
                    sig = f"{sig} {value}" if sig else value
        sig = sig.lower()
    if "tag-" in sig or "category-" in sig:
        # WordPress-style taxonomy classes describe the post, not the box
        sig = " ".join(t for t in sig.split() if not t.startswith(("tag-", "category-")))
    return sig


def _image_src(node: LexborNode, base: str) -> str:
    attrs = node.attributes
    for key in ("data-src", "data-original", "data-lazy-src", "data-srcset", "src", "srcset"):
        value = attrs.get(key)
        if value and not value.startswith("data:"):
            if "srcset" in key:
                value = value.split(",")[0].strip().split(" ")[0]
            return absolute(value, base)
    return ""


_LEAD = re.compile(
    r"sapo|standfirst|(?:^|[\s_-])lead(?:$|[\s_-])|lede|summary|description|(?:^|[\s_-])dek|"
    r"(?:^|[\s_-])deck|intro|subtitle|sub-title|subhead|chapeau|chapo|excerpt|tomtat|tom-tat"
)
_LEAD_NOT = re.compile(
    r"leader|mislead|caption|image|photo|img|related|teaser|card|list|item|meta|video|"
    r"author|label|title-|tooltip|modal|overlay"
)
_BYLINE = re.compile(
    r"byline|author|tacgia|tac-gia|writer|reporter|(?:^|[\s_-])by(?:$|[\s_-])|creator"
)
_LEAD_INSIDE = (
    '[class*="sapo"], [class*="standfirst"], [class*="lead"], [class*="lede"], '
    '[class*="summary"], [class*="description"], [class*="dek"], [class*="intro"], '
    '[class*="subtitle"], [class*="chapeau"], [class*="excerpt"]'
)
#: the longest text an element with a caption class may hold to be read as a caption
CAPTION_MAX_CHARS = 300
F_ALWAYS, F_HARD, F_SOFT, F_RELATED, F_CAPTION, F_LEAD, F_BYLINE, F_TAGWORD = (
    1,
    2,
    4,
    8,
    16,
    32,
    64,
    128,
)
F_POSITIVE = 256
F_ENTRY = 512  # microformat and CMS names of the article itself


_ENTRY = re.compile(r"^(?:hentry|h-entry|type-post|articlebody|article-body|entry-content)$")
_F_SOFT_WORD, _F_LEAD_NOT = 1 << 12, 1 << 13


# The families searched as regrouped alternations (``_alternation``): the same
# matches, a third of the time. Half the words of real pages are in no family
# (hashed or layout names): one search of all the families together says so.
_FAMILIES = (
    (F_ALWAYS, grouped(_ALWAYS)),
    (F_HARD, grouped(_HARD)),
    (F_ENTRY, _ENTRY),
    (F_POSITIVE, grouped(_POSITIVE)),
    (_F_SOFT_WORD, grouped(_SOFT)),
    (F_RELATED, grouped(_RELATED)),
    (F_CAPTION, grouped(CAPTION)),
    (F_LEAD, grouped(_LEAD)),
    (_F_LEAD_NOT, grouped(_LEAD_NOT)),
    (F_BYLINE, grouped(_BYLINE)),
)
_ANY_FAMILY = grouped(
    _ALWAYS, _HARD, _ENTRY, _POSITIVE, _SOFT, _RELATED, CAPTION, _LEAD, _LEAD_NOT, _BYLINE
)


@lru_cache(maxsize=1 << 16)
def _token_flags(token: str) -> int:
    """Flags of one class/id word (words repeat across pages: cached)."""
    if token.startswith("elementor-widget"):
        # the Elementor page builder wraps every block, text included, in a
        # "widget": only what follows the prefix says what the block is
        token = token[16:]
    flags = F_TAGWORD if "tag" in token or "keyword" in token else 0
    if _ANY_FAMILY.search(token) is None:
        return flags
    for flag, family in _FAMILIES:
        if family.search(token):
            flags |= flag
    return flags


@lru_cache(maxsize=1 << 14)
def classify(sig: str) -> int:
    """What the class/id words of an element say about it, as ``F_*`` flags.

    A soft furniture word counts only without a content word beside it, a lead
    word only without a word that marks something else (image, teaser...).
    Whole class/id strings repeat across a page's elements: cached.
    """
    flags = 0
    for token in sig.split():
        flags |= _token_flags(token)
    if flags & _F_SOFT_WORD and not flags & F_POSITIVE:
        flags |= F_SOFT
    if flags & _F_LEAD_NOT:
        flags &= ~F_LEAD
    return flags & ~(_F_SOFT_WORD | _F_LEAD_NOT)


def is_junk(
    tag: str,
    flags: int,
    attrs: dict[str, str | None],
    node: LexborNode,
    texts: list[str] | None = None,
) -> bool:
    """Page furniture by tag, role, hidden state or class/id words. The text of
    ``node``, when it had to be read, is appended to ``texts``."""
    if tag in ("body", "html", "main"):
        return False
    role = attrs.get("role")
    if role and role.lower() in JUNK_ROLES:
        return True
    if "hidden" in attrs:
        return True
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    if tag in JUNK_TAGS:
        return not _holds_prose(node, texts=texts)
    if not flags or tag == "article" or flags & F_ENTRY:
        return False
    if (tag in HEADINGS or tag not in BLOCK_TAGS) and not flags & (F_ALWAYS | F_HARD):
        # a subheading's anchor name ("nav_section_2") is no navigation box, nor
        # is a link's class ("internal-link") in a sentence
        return False
    if flags & F_ALWAYS:
        return True
    if flags & (F_HARD | F_SOFT):
        # A layout word ("rail", "grid", "header", "modal-enabled") on a box
        # full of prose is a layout class, not furniture; with a content word
        # beside it ("box article modal-enabled") a little prose is enough.
        return not _holds_prose(node, 0.6 if flags & F_POSITIVE else 0.4, texts)
    return False


def _holds_prose(node: LexborNode, max_links: float = 0.4, texts: list[str] | None = None) -> bool:
    """At least 400 letters outside links, and links under ``max_links`` of the text
    (which is appended to ``texts``)."""
    text = node.text(deep=True)
    if texts is not None:
        texts.append(text)
    if len(text) < 400:  # fewer letters still
        return False
    length = _letters(text)
    if length < 400:
        return False
    most = max_links * length
    links = 0
    for link in node.css("a"):
        links += _letters(link.text(deep=True))
        if length - links < 400 or links >= most:  # past a bound: stop counting
            return False
    return True


def _letters(text: str) -> int:
    """Characters that are not whitespace."""
    return len("".join(text.split()))


def collect_related(node: LexborNode, base: str, out: list[RelatedRef], seen: set[str]) -> None:
    """Links of a related-news box: the link text as title, a nearby paragraph as summary."""
    for link in node.css("a[href]"):
        title = " ".join(link.text(deep=True).split())
        if len(title) < 15 or len(title.split()) < 3:
            continue
        url = absolute(link.attributes.get("href") or "", base)
        if not url or url in seen:
            continue
        seen.add(url)
        summary = ""
        item = link.parent
        for _ in range(3):
            if item is None or item.tag in ("li", "article", "div"):
                break
            item = item.parent
        if item is not None:
            for para in item.css("p, .sapo, .summary, .description"):
                text = inner_text(para)
                if text and text != title and len(text) > 30:
                    summary = text
                    break
        out.append(RelatedRef(title=title, url=url, summary=summary))


def inner_text(node: LexborNode) -> str:
    """The text of ``node`` with one space wherever a block element or <br> breaks it.

    ``node.text(deep=True)`` glues the texts of adjacent blocks ("Click to
    copyRelated topics"); inline elements still join as written ("<b>W</b>ord").
    """
    out: list[str] = []
    stack: list[LexborNode | None] = [node]
    while stack:
        item = stack.pop()
        if item is None:
            out.append(" ")
            continue
        tag = item.tag
        if tag == "-text":
            out.append(item.text_content or "")
            continue
        if tag is None or tag[0] == "-" or tag in SKIP_TAGS:
            continue
        if tag in BLOCK_TAGS or tag in ("br", "td", "th", "img"):
            out.append(" ")
            stack.append(None)
        children: list[LexborNode | None] = []
        child = item.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend(reversed(children))
    return " ".join("".join(out).split())


def _take_lead(node: LexborNode, dom: Dom) -> bool:
    """Keep ``node``'s text as the lead when it reads like one.

    A box holding an article or many paragraphs is the article itself (a
    modifier class such as "with-lead"), not its lead; in a header box holding
    the headline, the lead is what the box says besides it.
    """
    if node.tag != "article" and node.css_first("article") is not None:
        return False
    paragraphs = len(node.css("p"))
    text = inner_text(node)
    if node.tag != "h1":
        headlines = node.css("h1")
        if headlines:
            if paragraphs > 1:
                return False
            for h1 in headlines:
                text = text.replace(inner_text(h1), " ", 1)
            text = " ".join(text.split())
    if paragraphs > 6 or not 40 <= len(text) <= 1500:
        return False
    links = sum(len(a.text(deep=True).strip()) for a in node.css("a"))
    if links >= 0.3 * len(text):
        return False
    dom.lead = text
    dom.lead_block = len(dom.blocks)
    return True


def _prune(
    node: LexborNode,
    tag: str,
    flags: int,
    size: int,
    dom: Dom,
    base: str,
    related_seen: set[str],
) -> None:
    """Leave out a furniture element of ``size`` characters, keeping what it
    says about the article: related links, tag words, a lead in a header box."""
    dom.pruned_chars += size
    if flags & F_RELATED:
        collect_related(node, base, dom.related, related_seen)
    elif flags & F_TAGWORD:
        for link in node.css("a"):
            word = " ".join(link.text(deep=True).split())
            if 1 < len(word) < 60:
                dom.tag_links.append(word)
    elif not dom.lead and (tag == "header" or flags & F_SOFT):
        for inner in node.css(_LEAD_INSIDE):
            inner_sig = _sig(inner.attributes)
            if inner_sig and classify(inner_sig) & F_LEAD and _take_lead(inner, dom):
                break


def walk(root: LexborNode, *, base: str = "", total_chars: int = 0) -> Dom:
    """Walk ``root`` once, depth first, into a :class:`Dom`.

    ``total_chars`` (the page's text length) guards the class/id rules: an
    element holding more than half of the page's text is never pruned.
    """
    dom = Dom()
    tags, sigs, parents, blocks = dom.tags, dom.sigs, dom.parents, dom.blocks
    related_seen: set[str] = set()
    buf: list[str] = []
    link_chars = 0
    open_blocks: list[int] = []
    link_depth = 0
    caption_depth = 0
    heading_depth = 0
    pre_depth = 0
    guard = max(total_chars // 2, 2000)

    def flush() -> None:
        nonlocal link_chars
        if buf:
            raw = "".join(buf)
            text = " ".join(raw.split()) if not pre_depth else raw.strip("\n")
            if text:
                if caption_depth:
                    kind = "c"
                elif heading_depth:
                    kind = "h"
                elif pre_depth:
                    kind = "pre"
                else:
                    kind = "li" if tags[open_blocks[-1]] == "li" else "p"
                blocks.append(Block(text, open_blocks[-1], min(link_chars, len(text)), kind))
            buf.clear()
        link_chars = 0

    def leave(flags: int) -> None:
        """Leave an element whose entry changed the walk's state (``flags``)."""
        nonlocal link_depth, caption_depth, heading_depth, pre_depth
        if flags & 1:
            flush()
            open_blocks.pop()
        if flags & 2:
            link_depth -= 1
        if flags & 4:
            caption_depth -= 1
        if flags & 8:
            heading_depth -= 1
        if flags & 16:
            pre_depth -= 1

    # Nodes are reached through first_child and next (no list of children is
    # built); ``path`` holds the elements entered whose children are being
    # walked, with the state they changed, given back on the way out. State
    # flags: 1 block, 2 link, 4 caption, 8 heading, 16 pre.
    path: list[tuple[LexborNode, int]] = []
    node = root
    while True:
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if text:
                buf.append(text)
                if link_depth:
                    link_chars += len(text.strip())
        elif tag is None or tag[0] == "-" or tag in SKIP_TAGS:
            pass
        elif tag == "br":
            if pre_depth or (open_blocks and tags[open_blocks[-1]] == "p"):
                buf.append("\n")
            elif open_blocks:
                flush()
        elif tag == "img":
            src = _image_src(node, base)
            if src and open_blocks:
                dom.images.append(
                    ImageRef(
                        src,
                        (node.attributes.get("alt") or "").strip(),
                        open_blocks[-1],
                        len(blocks),
                    )
                )
        else:
            attrs = node.attributes
            sig = _sig(attrs)
            classed = classify(sig) if sig else 0  # what the class/id words say
            if not dom.lead and classed & F_LEAD and tag not in ("a", "img", "span"):
                _take_lead(node, dom)
            if len(dom.bylines) < 4 and (
                classed & F_BYLINE
                or attrs.get("rel") == "author"
                or attrs.get("itemprop") == "author"
            ):
                byline = " ".join(node.text(deep=True, separator=" ").split())
                if 2 < len(byline) <= 80:
                    dom.bylines.append(byline)
            pruned = False
            if (
                classed
                or tag in JUNK_TAGS
                or "role" in attrs
                or "hidden" in attrs
                or "style" in attrs
            ):
                texts: list[str] = []  # the element's text, if is_junk() read it
                if is_junk(tag, classed, attrs, node, texts):
                    size = 0
                    if total_chars:
                        size = len(texts[0]) if texts else len(node.text(deep=True))
                    if size <= guard:
                        pruned = True
                        _prune(node, tag, classed, size, dom, base, related_seen)
            if not pruned:
                flags = 0  # the walk's state the element changes
                if tag in ("td", "th"):
                    # a table row reads as one line: cells are separated, not blocks
                    buf.append(" ")
                if tag in BLOCK_TAGS:
                    # Only block-level elements enter the element table; inline ones
                    # change the walk's state (link, caption) and nothing else.
                    idx = len(tags)
                    tags.append(tag)
                    sigs.append(sig)
                    parents.append(open_blocks[-1] if open_blocks else -1)
                    if open_blocks:
                        flush()
                    open_blocks.append(idx)
                    flags |= 1
                if tag == "a":
                    link_depth += 1
                    flags |= 2
                if tag in ("figcaption", "caption") or (
                    # a caption is a line or two; a "caption" class on a long block
                    # names a container of the text (a gallery's or a story's)
                    classed & F_CAPTION and len(node.text(deep=True)) <= CAPTION_MAX_CHARS
                ):
                    caption_depth += 1
                    flags |= 4
                if tag in HEADINGS:
                    heading_depth += 1
                    flags |= 8
                if tag == "pre":
                    pre_depth += 1
                    flags |= 16
                first = node.first_child
                if first is not None:
                    path.append((node, flags))
                    node = first
                    continue
                if flags:
                    leave(flags)
        # on to the next node: the next sibling, or the next one of an ancestor's
        while path:
            following = node.next
            if following is not None:
                node = following
                break
            node, flags = path.pop()
            if flags:
                leave(flags)
        else:
            break
    if open_blocks:
        flush()
    return dom
