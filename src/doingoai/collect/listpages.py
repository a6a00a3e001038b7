"""Section and list pages: which links are articles, and where the next page is.

Generic heuristics, no per-site code:

- an *article link* points to the same site, its path looks like an article's
  (a long hyphenated slug ending in a numeric id, a date in the path, a
  ``.html``/``.htm``/``.chn`` page with a long slug …) and not like a
  section, tag, topic, author, search or video page. Links that look only
  weakly like articles are kept when they sit in a repeated container
  structure with other article links (the items of a list), not when they
  stand alone (a menu entry with a long name);
- the *next page* is the ``rel="next"`` link, else the "next"/"2" link of a
  pagination block, else a link to the same section with the page number one
  higher ("trang-2", "page/2", "-p2", "?page=2" …).

What holds for one outlet only is not here: it is declared in a site profile
(:mod:`doingoai.collect.profiles`, TOML files under ``doingoai/data/sites/``
and the folders of the ``SITE_PROFILES`` setting). Today a profile can name
the "load more" timeline address of an outlet's section pages, which is the
next page when the generic rules find none, and suffixes of page addresses
that one outlet uses (".ldo"). ``discover_links(..., profiles=SiteProfiles())``
runs the generic rules alone.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from doingoai.collect.profiles import SiteProfile, SiteProfiles, default_profiles, site_of
from doingoai.extract._html_budget import too_deep

__all__ = [
    "ListPage",
    "article_url_strength",
    "discover_links",
    "looks_like_list_page",
]


@dataclass(slots=True)
class ListPage:
    """Article links of a list page in page order, and its next page if any."""

    article_urls: list[str] = field(default_factory=list)
    next_page: str | None = None


# path segments of pages that are not articles (English and Vietnamese)
_NOT_ARTICLE_SEGMENTS = frozenset(
    {
        "tag",
        "tags",
        "topic",
        "topics",
        "chu-de",
        "category",
        "categories",
        "chuyen-muc",
        "danh-muc",
        "section",
        "author",
        "authors",
        "tac-gia",
        "user",
        "profile",
        "search",
        "tim-kiem",
        "login",
        "dang-nhap",
        "dang-ky",
        "register",
        "video",
        "videos",
        "clip",
        "podcast",
        "podcasts",
        "event",
        "collection",
        "collections",
        "events",
        "su-kien",
        "timeline",
        "rss",
        "feed",
        "lien-he",
        "contact",
        "about",
        "gioi-thieu",
        "page",
        "trang",
        "thong-tin-tai-khoan",
        "static",
        "assets",
        "images",
        "img",
        "media",
        "upload",
        "uploads",
        "wp-content",
        "wp-admin",
        "cdn-cgi",
    }
)
# suffixes of page addresses in general; an outlet's own (".ldo") is in its site profile
_PAGE_SUFFIXES = frozenset({"", ".html", ".htm", ".shtml", ".chn", ".aspx", ".php", ".vn"})
_ID_SLUG = re.compile(r"^(?P<words>[a-z0-9]+(?:-[a-z0-9]+){2,})-(?P<id>\d{5,})$", re.I)
_DATE_PATH = re.compile(r"/(?:19|20)\d{2}(?:/\d{1,2}){1,2}/|/(?:19|20)\d{6}/")
_WORD = re.compile(r"[a-z0-9]+", re.I)
_ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "liveblogposting",
        "scholarlyarticle",
    }
)
# "trang-2", "page/2", "page-2", "-p2", "/p2" at the end of a path; "?page=2" in a query
_PAGE_IN_PATH = re.compile(r"(?:(?<=[/\-_])|^)(?:trang|page|p)[-/_]?(\d{1,5})/?$", re.I)
_PAGE_IN_QUERY = re.compile(r"(?:^|&)(?:page|p|trang|pg|paged)=(\d{1,5})(?=&|$)", re.I)
_NEXT_WORDS = frozenset(
    {"›", "»", ">", ">>", "next", "next page", "sau", "trang sau", "tiếp", "trang tiếp", "xem tiếp"}
)
_PAGINATION_CLASS = re.compile(r"pag|paging|phan-trang|phantrang", re.I)
_STRONG, _WEAK = 2, 1


def _split_suffix(segment: str) -> tuple[str, str]:
    dot = segment.rfind(".")
    if dot <= 0:
        return segment, ""
    return segment[:dot], segment[dot:].lower()


def article_url_strength(url: str, site: str, *, suffixes: frozenset[str] = _PAGE_SUFFIXES) -> int:
    """How much ``url`` looks like an article of ``site`` (a host without "www."):
    2 clearly (numeric id or date in the path), 1 maybe (a long slug), 0 not.
    ``suffixes`` are the endings of page addresses (".html" …) on that site."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or site_of(parts.hostname) != site:
        return 0
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        return 0
    if any(s.lower() in _NOT_ARTICLE_SEGMENTS for s in segments):
        return 0
    slug, suffix = _split_suffix(segments[-1])
    if suffix not in suffixes:
        return 0
    if _PAGE_IN_PATH.search(parts.path.rstrip("/")) and len(_WORD.findall(slug)) <= 2:
        return 0  # ".../page/2", "...-p2": a page of a list
    match = _ID_SLUG.match(slug)
    if match and len(match.group("words").split("-")) >= 3:
        return _STRONG
    words = len(_WORD.findall(slug))
    if _DATE_PATH.search(parts.path) and words >= 3:
        return _STRONG
    if words >= 5:
        return _WEAK
    if slug.isdigit() and len(slug) >= 6 and len(segments) >= 2:
        return _WEAK
    return 0


def _normal(url: str) -> str:
    """``url`` without its fragment (a comment anchor is the same article)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def _signature(node: LexborNode, depth: int = 3) -> str:
    """The tag and class path of ``node``'s ancestors: items of one list share it."""
    parts: list[str] = []
    current = node.parent
    while current is not None and len(parts) < depth:
        tag = current.tag or ""
        if tag in ("html", "body", "-undef", "#document"):
            break
        classes = (current.attributes.get("class") or "").split()
        # item classes often carry a number or a state ("item-1", "active")
        classes = sorted(c for c in classes if not re.search(r"\d|active|first|last", c))
        parts.append(f"{tag}.{'.'.join(classes)}")
        current = current.parent
    return "/".join(parts)


def _anchors(tree: LexborHTMLParser, base_url: str) -> list[tuple[str, LexborNode]]:
    base = base_url
    base_tag = tree.css_first("base[href]")
    if base_tag is not None:
        base = urljoin(base_url, base_tag.attributes.get("href") or "")
    # links of footers and navigation bars are not items of the list
    aside = {
        anchor.mem_id
        for block in tree.css('footer, nav, [class^="footer"], [id^="footer"]')
        for anchor in block.css("a[href]")
    }
    found: list[tuple[str, LexborNode]] = []
    for node in tree.css("a[href]"):
        if node.mem_id in aside:
            continue
        href = (node.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        found.append((_normal(urljoin(base, href)), node))
    return found


def _suffixes(profile: SiteProfile | None) -> frozenset[str]:
    if profile is None or not profile.page_suffixes:
        return _PAGE_SUFFIXES
    return _PAGE_SUFFIXES | frozenset(profile.page_suffixes)


def _article_links(
    anchors: list[tuple[str, LexborNode]], base_url: str, suffixes: frozenset[str]
) -> list[str]:
    site = site_of(urlsplit(base_url).hostname)
    own = _normal(base_url)
    strengths: dict[str, int] = {}
    members: dict[str, set[str]] = defaultdict(set)  # every link under one structure
    candidates: list[tuple[str, str]] = []
    for url, node in anchors:
        signature = _signature(node)
        members[signature].add(url)
        if url == own:
            continue
        strength = strengths.get(url)
        if strength is None:
            strength = strengths[url] = article_url_strength(url, site, suffixes=suffixes)
        if strength:
            candidates.append((url, signature))
    accepted: dict[str, None] = {}
    for url, signature in candidates:
        if strengths[url] == _STRONG:
            accepted[url] = None
            continue
        # a weak link counts when it is one of several items of a list made of
        # article-like links (a menu mixes them with short section links)
        group = members[signature]
        alike = sum(1 for member in group if strengths.get(member))
        if alike >= 3 and alike >= 0.8 * len(group):
            accepted[url] = None
    return list(accepted)


def _page_of(url: str) -> tuple[str, int]:
    """A key naming the list a URL is a page of, and the page number (1 if none)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    stem, suffix = _split_suffix(path)
    if suffix not in _PAGE_SUFFIXES:
        stem = path
    number = 1
    match = _PAGE_IN_PATH.search(stem)
    if match:
        number = int(match.group(1))
        stem = stem[: match.start()].rstrip("/-_")
    query = parts.query
    qmatch = _PAGE_IN_QUERY.search(query)
    if qmatch:
        number = int(qmatch.group(1))
        query = (query[: qmatch.start()] + query[qmatch.end() :]).strip("&")
    return f"{site_of(parts.hostname)}{stem}?{query}", number


def _is_pagination(node: LexborNode) -> bool:
    current: LexborNode | None = node
    for _ in range(4):
        if current is None:
            return False
        attributes = current.attributes
        marker = f"{attributes.get('class') or ''} {attributes.get('id') or ''}"
        if _PAGINATION_CLASS.search(marker) or current.tag == "nav":
            return True
        current = current.parent
    return False


def _next_page(
    tree: LexborHTMLParser,
    anchors: list[tuple[str, LexborNode]],
    base_url: str,
    profile: SiteProfile | None,
) -> str | None:
    own = _normal(base_url)
    for node in tree.css('link[rel~="next"], a[rel~="next"]'):
        href = (node.attributes.get("href") or "").strip()
        if href and not href.startswith("javascript:"):
            target = _normal(urljoin(base_url, href))
            if target != own:
                return target
    key, number = _page_of(base_url)
    wanted = str(number + 1)
    by_text: str | None = None
    by_pattern: str | None = None
    for url, node in anchors:
        if url == own:
            continue
        url_key, url_number = _page_of(url)
        same_list = url_key == key
        if not same_list:
            continue
        text = " ".join(node.text(deep=True).split()).lower()
        classes = (node.attributes.get("class") or "").lower().split()
        in_pagination = _is_pagination(node)
        if in_pagination and ("next" in classes or text in _NEXT_WORDS):
            return url
        if by_text is None and in_pagination and text in (wanted, f"trang {wanted}"):
            by_text = url
        if by_pattern is None and url_number == number + 1:
            by_pattern = url
    if by_text or by_pattern:
        return by_text or by_pattern
    if profile is not None:
        return _timeline_page(tree, base_url, profile)
    return None


def _hidden_value(tree: LexborHTMLParser, name: str) -> str:
    node = tree.css_first(f'input[id="{name}"], input[name="{name}"]')
    return (node.attributes.get("value") or "").strip() if node is not None else ""


def _timeline_page(tree: LexborHTMLParser, base_url: str, profile: SiteProfile) -> str | None:
    """The profile's timeline page that follows the page at ``base_url``."""
    timeline = profile.timeline
    if timeline is None:
        return None
    parts = urlsplit(base_url)
    # already on a timeline page: the next one
    match = timeline.pattern().fullmatch(parts.path)
    if match:
        page = int(match.group("page")) + 1
        path = timeline.path.format(zone=match.group("zone"), page=page)
        return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    zone = _hidden_value(tree, timeline.zone_input)
    if not zone.isdigit():
        return None
    index = _hidden_value(tree, timeline.page_input) if timeline.page_input else ""
    page = timeline.first_page + int(index) if index.isdigit() else timeline.first_page
    path = timeline.path.format(zone=zone, page=page)
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def discover_links(html: str, base_url: str, *, profiles: SiteProfiles | None = None) -> ListPage:
    """The article links of the list page ``html`` at ``base_url``, deduplicated
    in page order, and the URL of its next page (None when there is none).

    ``profiles`` are the site profiles to consult (default: the shipped ones
    and those of the ``SITE_PROFILES`` setting); an empty
    :class:`~doingoai.collect.profiles.SiteProfiles` keeps to the generic rules."""
    if profiles is None:
        profiles = default_profiles()
    if too_deep(html):  # not parsed: it would take too long
        return ListPage([], None)
    tree = LexborHTMLParser(html)
    anchors = _anchors(tree, base_url)
    profile = profiles.for_url(base_url)
    return ListPage(
        _article_links(anchors, base_url, _suffixes(profile)),
        _next_page(tree, anchors, base_url, profile),
    )


def _json_ld_types(tree: LexborHTMLParser) -> set[str]:
    types: set[str] = set()

    def visit(value: object) -> None:
        if isinstance(value, dict):
            kind = value.get("@type")
            for name in kind if isinstance(kind, list) else [kind]:
                if isinstance(name, str):
                    types.add(name.lower())
            for key in ("@graph", "mainEntity", "itemListElement"):
                if key in value:
                    visit(value[key])
        elif isinstance(value, list):
            for item in value:
                visit(item)

    for script in tree.css('script[type="application/ld+json"]'):
        try:
            visit(json.loads(script.text(deep=True) or "null"))
        except (ValueError, RecursionError):
            continue
    return types


def _longest_text_block(tree: LexborHTMLParser) -> int:
    """Characters of paragraph text under the parent that holds the most."""
    totals: Counter[int] = Counter()
    for paragraph in tree.css("p"):
        parent = paragraph.parent
        if parent is None:
            continue
        totals[parent.mem_id] += len(" ".join(paragraph.text(deep=True).split()))
    return max(totals.values(), default=0)


def looks_like_list_page(html: str, url: str, *, profiles: SiteProfiles | None = None) -> bool:
    """Whether the page ``html`` at ``url`` is a section/list page (many article
    links, no article of its own) rather than an article. ``profiles`` as for
    :func:`discover_links`."""
    site = site_of(urlsplit(url).hostname)
    profile = (default_profiles() if profiles is None else profiles).for_url(url)
    suffixes = _suffixes(profile)
    if article_url_strength(_normal(url), site, suffixes=suffixes) == _STRONG or too_deep(html):
        return False  # too deep: not parsed here, the extractor refuses it
    tree = LexborHTMLParser(html)
    if _json_ld_types(tree) & _ARTICLE_TYPES:
        return False
    if tree.css_first('meta[property="article:published_time"]') is not None:
        return False
    links = _article_links(_anchors(tree, url), url, suffixes)
    if len(links) < 6:
        return False
    # an article of its own: a long run of paragraphs in one container
    return _longest_text_block(tree) < 2000
