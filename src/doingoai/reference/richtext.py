"""The rich text of reference pages: cleaned to an allow-list, cut into the
blocks a translator works on, and put back together in another language.

* :func:`sanitize` cleans HTML with nh3 (the maintained Rust sanitiser) to
  :data:`TAGS` and :data:`ATTRIBUTES` and says what it removed: elements
  outside the list (scripts, styles, SVG, frames, forms), event handlers,
  style attributes (CSS expressions), ``javascript:`` and other unsafe links,
  and images that are not the office's own (no hot-linking).
* :func:`from_source` reads the plain source the editor falls back to
  without JavaScript: ``## heading``, ``- item``, ``1. item``, ``> quote``,
  ``| a | b |`` table rows and paragraphs separated by blank lines.
* :func:`blocks` lists the text blocks (headings, paragraphs, list items,
  quotes, table cells; figure captions apart) and :func:`rebuild` writes the
  same structure with each block's text replaced by its translation.

No Django here: the office's services call these functions.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3

__all__ = [
    "ATTRIBUTES",
    "IMAGE_PREFIX",
    "TAGS",
    "Block",
    "Cleaned",
    "Removal",
    "blocks",
    "dress_images",
    "from_source",
    "rebuild",
    "sanitize",
    "text_of",
]

#: the elements a reference page may hold
TAGS: frozenset[str] = frozenset(
    {
        "h2",
        "h3",
        "h4",
        "p",
        "ul",
        "ol",
        "li",
        "blockquote",
        "strong",
        "em",
        "b",
        "i",
        "a",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "caption",
        "figure",
        "figcaption",
        "img",
        "cite",
        "small",
        "sub",
        "sup",
    }
)
#: the attributes each element may keep
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "data-image"},
    "figure": {"data-image"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
#: images must be the office's own, served from this path of the site
IMAGE_PREFIX = "/media/reference/"
_SCHEMES = {"http", "https", "mailto"}
_VOID = {"br", "img"}
#: elements whose text is one block for the translator
_TEXT_BLOCKS = {"h2", "h3", "h4", "p", "li", "blockquote", "th", "td", "caption", "figcaption"}
_BLOCK_LEVEL = _TEXT_BLOCKS | {"ul", "ol", "table", "thead", "tbody", "tr", "figure"}
_CONTAINERS = {"", "ul", "ol", "table", "thead", "tbody", "tr", "figure"}


@dataclass(frozen=True)
class Removal:
    """One kind of thing the sanitiser took out: ``kind`` is "element",
    "handler", "style", "link", "image" or "attribute"; ``what`` names it."""

    kind: str
    what: str
    count: int = 1


@dataclass
class Cleaned:
    html: str
    removed: list[Removal] = field(default_factory=list)


class _Scanner(HTMLParser):
    """Notes what the allow-list will remove, before nh3 removes it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[tuple[str, str], int] = {}

    def _note(self, kind: str, what: str) -> None:
        self.found[(kind, what)] = self.found.get((kind, what), 0) + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self._note("element", f"<{tag}>")
            return
        allowed = ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._note("handler", name)
            elif name == "style":
                self._note("style", "style")
            elif name not in allowed:
                self._note("attribute", name)
            elif name == "href" and not _safe_link(value):
                self._note("link", value.strip()[:40])
            elif tag == "img" and name == "src" and not _own_image(value):
                self._note("image", value.strip()[:60])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def _safe_link(value: str) -> bool:
    squashed = re.sub(r"[\s\x00-\x1f]+", "", html.unescape(value)).lower()
    scheme = re.match(r"([a-z][a-z0-9+.-]*):", squashed)
    return scheme is None or scheme.group(1) in _SCHEMES


def _own_image(value: str) -> bool:
    value = value.strip()
    return value.startswith(IMAGE_PREFIX) and ".." not in value and "//" not in value[1:]


def _filter(tag: str, name: str, value: str) -> str | None:
    if name == "href" and not _safe_link(value):
        return None
    if tag == "img" and name == "src" and not _own_image(value):
        return None
    return value


def sanitize(raw: str) -> Cleaned:
    """``raw`` cleaned to the allow-list, with what was removed."""
    raw = unicodedata.normalize("NFC", raw)
    scanner = _Scanner()
    scanner.feed(raw)
    scanner.close()
    cleaned = nh3.clean(
        raw,
        tags=set(TAGS),
        clean_content_tags={"script", "style", "svg", "math", "iframe", "object", "template"},
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        attribute_filter=_filter,
        url_schemes=set(_SCHEMES),
        link_rel="noopener noreferrer",
    )
    tree = _parse(cleaned)
    tree = _figures_hold_their_images([n for n in _wrap_loose(tree) if not _is_empty_image(n)])
    removed = [Removal(kind, what, n) for (kind, what), n in scanner.found.items()]
    return Cleaned(_serialize(tree).strip(), removed)


# -- a small tree of the cleaned HTML -------------------------------------------------


@dataclass
class _Element:
    tag: str
    attrs: list[tuple[str, str | None]]
    children: list[_Node] = field(default_factory=list)


_Node = _Element | str


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("", [])
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Element(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Element(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not data.strip() and self.stack[-1].tag in _CONTAINERS:
            return  # the line breaks between blocks
        self.stack[-1].children.append(data)


def _parse(text: str) -> list[_Node]:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root.children


def _wrap_loose(nodes: list[_Node]) -> list[_Node]:
    """Text and inline elements at the top level go into paragraphs."""
    out: list[_Node] = []
    loose: list[_Node] = []

    def flush() -> None:
        if any(isinstance(n, _Element) or n.strip() for n in loose):
            out.append(_Element("p", [], list(loose)))
        loose.clear()

    for node in nodes:
        if isinstance(node, _Element) and node.tag in _BLOCK_LEVEL:
            flush()
            out.append(node)
        else:
            loose.append(node)
    flush()
    return out


def _figures_hold_their_images(nodes: list[_Node]) -> list[_Node]:
    """A browser's editor may leave an inserted image at the end of the
    paragraph before its figure: the image goes back into its figure."""
    for n, node in enumerate(nodes):
        if not (isinstance(node, _Element) and node.tag == "figure" and n > 0):
            continue
        key = dict(node.attrs).get("data-image")
        if not key or any(d.tag == "img" for d in _descendants(node)):
            continue
        before = nodes[n - 1]
        if not isinstance(before, _Element):
            continue
        for holder in [before, *_descendants(before)]:
            strays = [
                c
                for c in holder.children
                if isinstance(c, _Element)
                and c.tag == "img"
                and dict(c.attrs).get("data-image") == key
            ]
            if strays:
                holder.children = [c for c in holder.children if c is not strays[0]]
                node.children.insert(0, strays[0])
                break
    return [
        n
        for n in nodes
        if not (
            isinstance(n, _Element)
            and n.tag == "p"
            and not _text(n).strip()
            and not _descendants(n)
        )
    ]


def _is_empty_image(node: _Node) -> bool:
    return isinstance(node, _Element) and node.tag == "img" and not dict(node.attrs).get("src")


def _serialize(nodes: Sequence[_Node], parent: str = "") -> str:
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(html.escape(node, quote=False))
            continue
        if node.tag == "img" and not dict(node.attrs).get("src"):
            continue  # an image whose source was refused
        attrs = "".join(
            f' {name}="{html.escape(value or "", quote=True)}"' for name, value in node.attrs
        )
        parts.append(f"<{node.tag}{attrs}>")
        if node.tag in _VOID:
            continue
        parts.append(_serialize(node.children, node.tag))
        parts.append(f"</{node.tag}>")
        if parent in _CONTAINERS:
            parts.append("\n")
    return "".join(parts)


def _text(node: _Node) -> str:
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return " "
    return "".join(_text(c) for c in node.children)


def _descendants(node: _Element) -> list[_Element]:
    found: list[_Element] = []
    for child in node.children:
        if isinstance(child, _Element):
            found.append(child)
            found.extend(_descendants(child))
    return found


def text_of(fragment: str) -> str:
    """The text of an HTML fragment, runs of spaces squashed."""
    return " ".join(_text(_Element("", [], _parse(fragment))).split())


@dataclass(frozen=True)
class Block:
    """A text block: its element and its text (inline markup dropped)."""

    tag: str
    text: str

    @property
    def is_caption(self) -> bool:
        return self.tag == "figcaption"


def _has_text_block(node: _Element) -> bool:
    return any(
        isinstance(c, _Element) and (c.tag in _TEXT_BLOCKS or _has_text_block(c))
        for c in node.children
    )


def _walk(nodes: list[_Node], visit: Callable[[_Element], None]) -> None:
    for node in nodes:
        if not isinstance(node, _Element):
            continue
        if node.tag in _TEXT_BLOCKS and not _has_text_block(node):
            visit(node)
        else:
            _walk(node.children, visit)


def blocks(cleaned: str) -> list[Block]:
    """The non-empty text blocks of cleaned HTML, in order."""
    found: list[Block] = []

    def visit(node: _Element) -> None:
        text = " ".join(_text(node).split())
        if text:
            found.append(Block(node.tag, text))

    _walk(_parse(cleaned), visit)
    return found


def rebuild(cleaned: str, paragraphs: Sequence[str], captions: Sequence[str]) -> str:
    """``cleaned`` with the text of its n-th block replaced by ``paragraphs[n]``
    (captions by ``captions[n]``); images, lists and tables stay as they are.
    Inline markup of a translated block is not kept (the translation is plain text)."""
    tree = _parse(cleaned)
    counters = {"p": 0, "c": 0}

    def visit(node: _Element) -> None:
        if not " ".join(_text(node).split()):
            return
        key, texts = ("c", captions) if node.tag == "figcaption" else ("p", paragraphs)
        n = counters[key]
        counters[key] = n + 1
        if n < len(texts):
            # the text is replaced; an image inside the block stays where it was
            kept = [c for c in _descendants(node) if c.tag == "img"]
            node.children = [texts[n], *kept]

    _walk(tree, visit)
    return _serialize(tree).strip()


def dress_images(cleaned: str, dress: Callable[[str], tuple[dict[str, str], str] | None]) -> str:
    """``cleaned`` with each office image (``data-image="ID"``) given the
    attributes ``dress(ID)`` returns (alt text in the reader's language,
    renditions) and the credit it returns appended to its figure's caption.
    An image ``dress`` does not know is left out."""
    tree = _parse(cleaned)

    def visit(nodes: list[_Node]) -> list[_Node]:
        out: list[_Node] = []
        for node in nodes:
            if isinstance(node, _Element) and node.tag == "img":
                found = dress(dict(node.attrs).get("data-image") or "")
                if found is None:
                    continue
                node.attrs = list(found[0].items())
            elif isinstance(node, _Element):
                node.children = visit(node.children)
                if node.tag == "figure" and node.attrs:
                    found = dress(dict(node.attrs).get("data-image") or "")
                    if found is not None and found[1]:
                        caption = next(
                            (
                                c
                                for c in node.children
                                if isinstance(c, _Element) and c.tag == "figcaption"
                            ),
                            None,
                        )
                        if caption is None:
                            caption = _Element("figcaption", [])
                            node.children.append(caption)
                        caption.children.append(
                            _Element("small", [("class", "credit")], [" " + found[1]])
                        )
            out.append(node)
        return out

    return _serialize(visit(tree)).strip()


# -- the plain source written without JavaScript ------------------------------------------

_HEADING = re.compile(r"^(#{2,4})\s+(.*)$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\d+[.)]\s+(.*)$")
_INLINE = [
    (re.compile(r"\*\*(.+?)\*\*"), r"<strong>\1</strong>"),
    (re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])"), r"<em>\1</em>"),
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"), r'<a href="\2">\1</a>'),
]


def _inline(text: str) -> str:
    out = html.escape(text, quote=False)
    for pattern, replacement in _INLINE:
        out = pattern.sub(replacement, out)
    return out


def from_source(source: str) -> str:
    """HTML from the plain source (``## heading``, ``- item``, ``1. item``,
    ``> quote``, ``| a | b |``, ``**bold**``, ``*italic*``, ``[text](url)``);
    text that holds any HTML tag is HTML, returned as it is (to be sanitised)."""
    if re.search(r"</?[a-zA-Z][a-zA-Z0-9]*[\s/>]", source):
        return source
    out: list[str] = []
    lines = source.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        if m := _HEADING.match(line):
            out.append(f"<h{len(m.group(1))}>{_inline(m.group(2))}</h{len(m.group(1))}>")
            i += 1
            continue
        for pattern, tag in ((_BULLET, "ul"), (_NUMBERED, "ol")):
            if pattern.match(line):
                items = []
                while i < len(lines) and (m := pattern.match(lines[i].strip())):
                    items.append(f"<li>{_inline(m.group(1))}</li>")
                    i += 1
                out.append(f"<{tag}>{''.join(items)}</{tag}>")
                break
        else:
            if line.startswith(">"):
                quoted = []
                while i < len(lines) and lines[i].strip().startswith(">"):
                    quoted.append(lines[i].strip()[1:].strip())
                    i += 1
                out.append(f"<blockquote><p>{_inline(' '.join(quoted))}</p></blockquote>")
            elif line.startswith("|"):
                rows: list[str] = []
                while i < len(lines) and lines[i].strip().startswith("|"):
                    cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                    i += 1
                    if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                        continue  # the line under a header row
                    tag = "th" if not rows else "td"
                    rows.append("<tr>" + "".join(f"<{tag}>{_inline(c)}</{tag}>" for c in cells))
                out.append("<table>" + "".join(r + "</tr>" for r in rows) + "</table>")
            else:
                para = []
                while i < len(lines) and lines[i].strip() and not _starts_block(lines[i]):
                    para.append(lines[i].strip())
                    i += 1
                out.append(f"<p>{_inline(' '.join(para))}</p>")
    return "\n".join(out)


def _starts_block(line: str) -> bool:
    line = line.strip()
    return bool(
        _HEADING.match(line)
        or _BULLET.match(line)
        or _NUMBERED.match(line)
        or line.startswith((">", "|"))
    )
