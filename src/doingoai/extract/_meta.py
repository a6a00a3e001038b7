"""Page metadata for HTML extraction: meta tags, JSON-LD, dates, authors.

Everything here reads the parsed page (selectolax/lexbor) and returns plain
values; the body extraction lives in ``_html_body``.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from doingoai.text import normalize

__all__ = [
    "PageMeta",
    "clean_author",
    "parse_date",
    "read_meta",
    "split_authors",
]

VIETNAM_TZ = timezone(timedelta(hours=7))

_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "socialmediaposting",
    "liveblogposting",
    "report",
    "scholarlyarticle",
    "techarticle",
    "medicalwebpage",
    "webpage",
}


@dataclass(slots=True)
class PageMeta:
    """What the page says about itself, before the body is read."""

    metas: dict[str, list[str]] = field(default_factory=dict)
    ld: dict[str, Any] = field(default_factory=dict)
    ld_types: list[str] = field(default_factory=list)
    html_title: str = ""
    canonical: str = ""
    lang: str = ""

    def first(self, *names: str) -> str:
        """The first non-empty value of the meta tags ``names`` (in that order)."""
        for name in names:
            for value in self.metas.get(name, ()):
                if value:
                    return value
        return ""

    def all(self, *names: str) -> list[str]:
        out: list[str] = []
        for name in names:
            out.extend(v for v in self.metas.get(name, ()) if v)
        return out


# What normalize() changes other than spaces: invisible characters, combining
# marks and the eth read for đ. Spaces do not count here: the line is split on
# whitespace anyway, and every space normalize() rewrites is whitespace.
_NORMALIZE_HINTS = re.compile(
    "[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e\u0300-\u036f\u00d0\u00f0]"
)


def clean_line(text: str) -> str:
    """``text`` normalised (``doingoai.text.normalize``) on one line, single-spaced.

    normalize() is skipped where it would change nothing but spaces (text in NFC
    without the characters above): the same line, without a regex pass that
    rewrites every space of the text.
    """
    if not text.isascii() and (
        _NORMALIZE_HINTS.search(text) or not unicodedata.is_normalized("NFC", text)
    ):
        text = normalize(text)
    return " ".join(text.split())


_clean = clean_line


def read_meta(tree: LexborHTMLParser) -> PageMeta:
    """Collect meta tags, JSON-LD, <title>, canonical link and language."""
    meta = PageMeta()
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        content = attrs.get("content")
        if not key or content is None:
            if (attrs.get("http-equiv") or "").lower() == "content-language" and content:
                meta.metas.setdefault("content-language", []).append(content.strip())
            continue
        meta.metas.setdefault(key.strip().lower(), []).append(_clean(content))
    title = tree.css_first("title")
    if title is not None:
        meta.html_title = _clean(title.text())
    for link in tree.css("link[rel]"):
        rel = (link.attributes.get("rel") or "").lower().split()
        if "canonical" in rel and not meta.canonical:
            meta.canonical = (link.attributes.get("href") or "").strip()
    html = tree.css_first("html")
    if html is not None:
        meta.lang = (html.attributes.get("lang") or html.attributes.get("xml:lang") or "").strip()
    _read_json_ld(tree, meta)
    return meta


def _iter_ld(obj: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            out.append(item)
            graph = item.get("@graph")
            if graph is not None:
                stack.append(graph)
            main = item.get("mainEntity")
            if isinstance(main, dict | list):
                stack.append(main)
    return out


def _types(item: dict[str, Any]) -> list[str]:
    value = item.get("@type", "")
    values = value if isinstance(value, list) else [value]
    return [str(v).lower() for v in values]


def _read_json_ld(tree: LexborHTMLParser, meta: PageMeta) -> None:
    best: dict[str, Any] | None = None
    best_rank = 99
    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text(deep=True).strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            # Some pages put several objects or a trailing ";" in one block.
            try:
                data = json.loads(raw.rstrip(";").strip(), strict=False)
            except ValueError:
                continue
        for item in _iter_ld(data):
            types = _types(item)
            meta.ld_types.extend(types)
            rank = 99
            for t in types:
                if t in _ARTICLE_TYPES:
                    rank = min(rank, 5 if t == "webpage" else (1 if "article" in t else 2))
            if rank < best_rank and (item.get("headline") or item.get("articleBody")):
                best, best_rank = item, rank
    if best is not None:
        meta.ld = best


def _unescape(value: str) -> str:
    """Character references decoded, also when escaped twice ("&amp;#7871;")."""
    return html.unescape(html.unescape(value)) if "&" in value else value


def ld_text(value: Any) -> str:
    """A JSON-LD value as text: strings as they are, the first of a list, a dict's name."""
    if isinstance(value, str):
        return _clean(_unescape(value))
    if isinstance(value, list) and value:
        return ld_text(value[0])
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("@value") or "")
    return ""


def ld_names(value: Any) -> list[str]:
    """Names from a JSON-LD author/creator value (string, object or list of them)."""
    if isinstance(value, list):
        out: list[str] = []
        for v in value:
            out.extend(ld_names(v))
        return out
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):
            return [_clean(_unescape(str(n))) for n in name if n]
        return [_clean(_unescape(str(name)))] if name else []
    if isinstance(value, str):
        return [_clean(_unescape(value))]
    return []


# ---------------------------------------------------------------- dates

_ISO_LIKE = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*"
    r"(Z|[+-]\d{2}:?\d{2})?)?"
)
_DMY = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\D{1,12}?(\d{1,2})[:h](\d{2}))?|"
    r"(\d{1,2})[:h](\d{2})\D{1,12}?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"
)


def _tz(text: str | None) -> timezone | None:
    if not text:
        return None
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def _safe(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime | None:
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def parse_date(text: str, *, default_tz: timezone = UTC) -> datetime | None:
    """A timezone-aware datetime from ISO 8601, RFC 2822 or day-first Vietnamese forms.

    A value without an offset gets ``default_tz``. Returns None for anything else.
    """
    text = text.strip()
    if not text:
        return None
    match = _ISO_LIKE.search(text)
    if match:
        y, mo, d, h, mi, s, tz = match.groups()
        value = _safe(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        if value is not None and 1990 <= value.year <= 2100:
            return value.replace(tzinfo=_tz(tz) or default_tz)
    if re.match(r"^[A-Za-z]{3},? ", text) or re.search(r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$", text):
        # RFC 2822 dates are rare in pages: email.utils (and the socket module
        # it pulls in) is imported for them only
        from email.utils import parsedate_to_datetime

        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            value = None
        if value is not None:
            return value if value.tzinfo else value.replace(tzinfo=default_tz)
    match = _DMY.search(text)
    if match:
        g = match.groups()
        if g[0]:
            value = _safe(int(g[2]), int(g[1]), int(g[0]), int(g[3] or 0), int(g[4] or 0))
        else:
            value = _safe(int(g[9]), int(g[8]), int(g[7]), int(g[5]), int(g[6]))
        if value is not None and 1990 <= value.year <= 2100:
            return value.replace(tzinfo=default_tz)
    return None


# ---------------------------------------------------------------- authors

_BY_PREFIX = re.compile(
    r"^\s*(?:by|von|par|por|di|door|af|av|od|bởi|tác giả|theo|written by|posted by|"
    r"text|texte|text:|reporting by|story by)\s*[:\-–—]?\s+",
    re.I,
)
_EMAIL = re.compile(r"\S+@\S+\.\S+")
_DATE_TAIL = re.compile(
    r"\s*[|,•·–—-]?\s*(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}|"
    r"(?:updated|published|cập nhật)\b).*$",
    re.I,
)
_SPLIT = re.compile(
    r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bvà\b|\bi\b|\bog\b|\bsowie\b)\s*", re.I
)
_NOT_NAME = re.compile(
    r"^(?:staff|admin|administrator|editor|redaktion|reuters|ap|afp|dpa|news|"
    r"the associated press|associated press|theo|by|ảnh|photo)$",
    re.I,
)


def clean_author(text: str) -> str:
    """A byline reduced to a name: no "By", no e-mail address, no date or time after it."""
    text = _clean(text)
    text = _EMAIL.sub("", text)
    text = _BY_PREFIX.sub("", text)
    text = _DATE_TAIL.sub("", text)
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text)  # "(Reuters)", "(TTXVN)"
    text = text.strip(" -–—|,.:;•·")
    if len(text) > 60 or not text or text.startswith(("http://", "https://", "/")):
        return ""
    return text


def split_authors(values: list[str]) -> list[str]:
    """Clean and split bylines into distinct names, keeping their order."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        # "NH&#7852;T XUÂN" is one name: references are decoded before "&" splits names
        for part in _SPLIT.split(_BY_PREFIX.sub("", _clean(_unescape(value)))):
            name = clean_author(part)
            if not name or _NOT_NAME.match(name) or not any(c.isalpha() for c in name):
                continue
            key = name.casefold()
            if key not in seen:
                seen.add(key)
                out.append(name)
    return out


# ---------------------------------------------------------------- helpers


def absolute(url: str, base: str) -> str:
    """``url`` resolved against ``base``; fragments and whitespace dropped."""
    url = url.strip()
    if not url or url.startswith(("data:", "javascript:", "mailto:", "#")):
        return ""
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            return url
    return url.split("#", 1)[0]


def domain(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def node_attr_text(node: LexborNode) -> str:
    """``class`` and ``id`` of a node, lower-cased, as one string."""
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
