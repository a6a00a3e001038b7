"""HTML page → :class:`~doingoai.extract.article.Article`.

The pipeline, one step per module:

1. decode bytes (``doingoai.text.decode_bytes``) and parse with selectolax (lexbor);
2. read what the page says about itself (``_meta``: meta tags, JSON-LD);
3. walk the body once, pruning furniture (``_html_dom``);
4. score the elements and pick the article container (``_html_body``);
5. assemble the Article: title, lead, paragraphs, captions, images, byline,
   date, outlet, canonical URL, language, tags and related links.

Generic rules only: nothing here depends on a particular site.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timezone
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from doingoai.errors import NoArticleError
from doingoai.extract._bylines import strip_role
from doingoai.extract._html_body import Body, select_body
from doingoai.extract._html_budget import check_depth
from doingoai.extract._html_dom import Dom, inner_text, walk
from doingoai.extract._meta import (
    VIETNAM_TZ,
    PageMeta,
    absolute,
    clean_line,
    domain,
    ld_names,
    ld_text,
    parse_date,
    read_meta,
    split_authors,
)
from doingoai.extract.article import Article, Image, Paragraph, Related
from doingoai.text import decode_bytes, normalize, repair_text

__all__ = ["MAX_HTML_CHARS", "extract_html"]

#: Pages longer than this (in characters) are cut before parsing, with a warning.
#: Real article pages are well under 3 MB; the cap bounds memory on freak input.
MAX_HTML_CHARS = 8_000_000

_REMOVE_FIRST = (
    "script, style, noscript, template, svg, iframe, object, embed, canvas, "
    "select, button, textarea, input, video, audio, map, dialog"
)
_VI_CHARS = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


_clean = clean_line


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def extract_html(
    html: str | bytes, *, url: str | None = None, source: str | None = None
) -> Article:
    """Extract the article of one HTML page.

    ``url`` is where the page came from (it resolves relative links and is the
    fallback for the canonical URL); ``source`` names the input in messages
    (a path, a URL). Raises :class:`~doingoai.errors.NoArticleError` when the
    page holds no article text, and refuses a page whose elements nest deeper
    than any article page's (``_html_budget``), before parsing it.
    """
    if isinstance(html, bytes | bytearray):
        return extract_html_bytes(bytes(html), url=url, source=source)[0]
    name = source or url or "HTML document"
    warnings: list[str] = []
    text = html
    if len(text) > MAX_HTML_CHARS:
        warnings.append(
            f"page of {len(text):,} characters cut to the first {MAX_HTML_CHARS:,} before parsing"
        )
        text = text[:MAX_HTML_CHARS]
    check_depth(text, name)
    tree = LexborHTMLParser(text)
    meta = read_meta(tree)
    return _build(tree, meta, url=url or "", name=name, warnings=warnings)


def extract_html_bytes(
    raw: bytes, *, url: str | None = None, source: str | None = None
) -> tuple[Article, str, str | None]:
    """:func:`extract_html` on the bytes of a page, with how they were read: the
    article, the encoding detected and the encoding the text was converted from
    (None when nothing was converted)."""
    name = source or url or "HTML document"
    warnings: list[str] = []
    if len(raw) > MAX_HTML_CHARS:
        warnings.append(
            f"page of {len(raw):,} bytes cut to the first {MAX_HTML_CHARS:,} before parsing"
        )
        raw = raw[:MAX_HTML_CHARS]
    text, repair, detected, converted = _decode(raw, name, warnings)
    # Text read as UTF-8 at once (``repair``): its tags are counted, and it is
    # parsed, on the bytes it was decoded from (the parser would encode it back).
    check_depth(text, name, utf8=raw if repair else None)
    tree = LexborHTMLParser(raw if repair else text)
    meta = read_meta(tree)
    article = _build(tree, meta, url=url or "", name=name, warnings=warnings)
    if repair:
        converted = _repair_fields(article)
    return article, detected, converted


_MOJIBAKE = re.compile("[ÃÂÄÆÐ][\u0080-\u00bf\u2018-\u201e\u2020-\u2026\u20ac\u2122]")
_LATIN1 = re.compile("[\u00a0-\u00ff]")
_UTF8_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*utf-?8""", re.I)
_ANY_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=""", re.I)


def _decode(raw: bytes, name: str, warnings: list[str]) -> tuple[str, bool, str, str | None]:
    """Text of the page, whether its extracted fields still need a repair check,
    the encoding detected and the one the text was converted from.

    Bytes that are valid UTF-8 (and do not declare another charset) are read as
    UTF-8 at once: checking a whole page for mojibake or legacy Vietnamese
    encodings costs far more than checking the few kilobytes of the article,
    which :func:`_repair_fields` does after extraction. Anything else goes
    through :func:`doingoai.text.decode_bytes`.
    """
    head = raw[:4096]
    if not raw.startswith((b"\xff\xfe", b"\xfe\xff")) and (
        _UTF8_DECLARED.search(head) or not _ANY_DECLARED.search(head)
    ):
        try:
            return raw.decode("utf-8"), True, "utf-8", None
        except UnicodeDecodeError:
            pass
    decoded = decode_bytes(raw, source=name)
    if decoded.converted_from:
        warnings.append(f"text converted from {decoded.converted_from}")
    if decoded.detected != "utf-8" or decoded.confidence < 1.0:
        warnings.append(
            f"encoding read as {decoded.detected} (confidence {decoded.confidence:.2f})"
        )
    return decoded.text, False, decoded.detected, decoded.converted_from


def _repair_fields(article: Article) -> str | None:
    """Repair mojibake or legacy-encoded Vietnamese in the extracted fields;
    the name of the repair made, if any."""
    fields = [article.title, article.lead, *(p.text for p in article.paragraphs), *article.captions]
    joined = "\n".join(f.replace("\n", " ") for f in fields)
    if joined.isascii():
        return None
    # Legacy Vietnamese encodings and UTF-8 mojibake: only worth checking on a
    # page in Vietnamese (or of unknown language) or one showing mojibake pairs.
    if article.language != "vi" and not _MOJIBAKE.search(joined):
        latin1 = len(_LATIN1.findall(joined))
        if article.language or latin1 < 0.02 * len(joined) or _VI_CHARS.search(joined):
            return None
    repaired = repair_text(joined)
    if not repaired.converted_from:
        return None
    lines = repaired.text.split("\n")
    if len(lines) != len(fields):
        lines = [repair_text(f.replace("\n", " ")).text for f in fields]
    article.title, article.lead = lines[0], lines[1]
    n = len(article.paragraphs)
    for para, text in zip(article.paragraphs, lines[2 : 2 + n], strict=True):
        para.text = text
    article.captions = lines[2 + n :]
    article.warnings.append(f"text converted from {repaired.converted_from}")
    return repaired.converted_from


def _build(
    tree: LexborHTMLParser, meta: PageMeta, *, url: str, name: str, warnings: list[str]
) -> Article:
    ld = meta.ld
    page_url = _page_url(meta, url)
    base = url or page_url
    for node in tree.css(_REMOVE_FIRST):
        node.decompose()
    body_node = tree.body
    if body_node is None:
        raise NoArticleError("the page has no <body>", source=name)
    h1s = [_clean(inner_text(h)) for h in body_node.css("h1")]
    title = _title(meta, h1s, url or page_url)
    total = len(body_node.text(deep=True))
    dom = walk(body_node, base=base, total_chars=total)
    bylines = dom.bylines
    body = select_body(dom, title=title)
    article = Article(title=title, url=page_url, warnings=warnings)
    _fill_body(article, body, dom, meta)
    if not article.paragraphs and not article.lead:
        raise NoArticleError("no article text found in the page", source=name)
    article.outlet = _outlet(meta, page_url or url)
    article.language = _language(meta, article.text)
    vietnamese = article.language == "vi" or domain(page_url or url).endswith(".vn")
    authors = split_authors(ld_names(ld.get("author")) or ld_names(ld.get("creator")))
    if not authors:
        authors = split_authors(
            [
                a
                for a in meta.all(
                    "author", "article:author", "parsely-author", "dc.creator", "sailthru.author"
                )
                if not a.startswith("http")
            ]
        )
    if not authors:
        authors = split_authors(bylines)
    # An organisation named as author (the outlet itself) is no byline.
    host = domain(page_url or url)
    org = {
        _key(x).replace(" ", "")
        for x in (article.outlet, host, host.rsplit(".", 2)[0], ld_text(ld.get("publisher")))
        if x
    }
    authors = [a for a in authors if _key(a).replace(" ", "") not in org]
    tail = _trailing_byline(article)
    if tail and not authors:
        authors = [tail]
    article.authors = [_clean(a) for a in authors[:8]]
    article.published_at = _published(meta, tree, text_hint=name, vietnamese=vietnamese)
    article.tags = _tags(meta, dom)
    article.related = [
        Related(title=_clean(r.title), url=r.url, summary=_clean(r.summary)) for r in dom.related
    ]
    return article


def _page_url(meta: PageMeta, url: str) -> str:
    for candidate in (meta.canonical, meta.first("og:url"), ld_text(meta.ld.get("url"))):
        if candidate and not candidate.startswith("#"):
            resolved = absolute(candidate, url)
            if resolved.startswith(("http://", "https://")):
                return resolved
    return url


_TITLE_SPLIT = re.compile(r"(\s+(?:[|–—·•»*]|-|::)\s+|\s+[|]\s*|--)")
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "đ": "d"})
_BY_PART = re.compile(r"^(?:by|von|par|por|bởi)\s+\w", re.I)


def _compact(text: str) -> str:
    """Letters and digits only, folded: "Börsen-Zeitung" and "boersen-zeitung.de" meet."""
    return "".join(re.findall(r"\w+", text.casefold().translate(_FOLD)))


def _site_keys(meta: PageMeta, url: str) -> list[str]:
    names = [meta.first("og:site_name", "application-name"), ld_text(meta.ld.get("publisher"))]
    host = domain(url)
    if host:
        names.append(host)
        labels = host.split(".")
        names.extend(label for label in labels[:-1] if len(label) >= 4)
    keys = {_compact(n) for n in names if n}
    return [k for k in keys if len(k) >= 2]


def _site_part(part: str, keys: list[str]) -> bool:
    """A title part naming the site ("Börsen-Zeitung", "news.ORF.at") or its author ("by X")."""
    compact = _compact(part)
    if not compact:
        return True
    if _BY_PART.match(part) and len(part.split()) <= 5:
        return True
    for key in keys:
        if compact == key or (len(key) >= 4 and (key in compact or compact in key)):
            return True
    return False


def _strip_site(title: str, keys: list[str], *, page_title: bool = False) -> str:
    """``title`` without the site name (and section names) before or after it.

    Separators between the remaining parts are kept as written. In the <title>
    element a short last part is taken for the site name even when the page
    names its site nowhere else.
    """
    pieces = _TITLE_SPLIT.split(title)
    if len(pieces) < 3:
        return title
    parts, seps = pieces[0::2], pieces[1::2]
    cut = False
    while len(parts) > 1 and _site_part(parts[-1], keys):
        parts.pop()
        seps.pop()
        cut = True
    while len(parts) > 1 and _site_part(parts[0], keys):
        parts.pop(0)
        seps.pop(0)
    if page_title and not cut and len(parts) > 1:
        # "Headline - Section - Site" or "Headline | Site": drop short tails
        while (
            len(parts) > 1 and len(parts[-1]) < 0.4 * len(parts[0]) and len(parts[-1].split()) <= 4
        ):
            parts.pop()
            seps.pop()
    out = parts[0]
    for sep, part in zip(seps, parts[1:], strict=True):
        out += sep + part
    return out.strip()


def _title(meta: PageMeta, h1s: list[str], url: str = "") -> str:
    """The headline the page agrees on most.

    Candidates: og:title, JSON-LD headline, twitter:title (or a Dublin Core
    title), the first <h1> and <title>, each without the site name. The one
    that most others repeat (compared word for word, punctuation aside) wins;
    on a tie the order above decides.
    """
    keys_site = _site_keys(meta, url)
    h1 = next((h for h in h1s if len(h) >= 6), "")
    raw = [
        meta.first("og:title"),
        ld_text(meta.ld.get("headline")) or ld_text(meta.ld.get("name")),
        meta.first("twitter:title", "dc.title", "title", "headline"),
        h1,
        meta.html_title,
    ]
    candidates = [
        _strip_site(c, keys_site, page_title=i == 4) if c else "" for i, c in enumerate(raw)
    ]
    return _vote(candidates)


def _same_headline(a: str, b: str) -> bool:
    """Equal word for word, or one is the other with a kicker in front."""
    if a == b:
        return True
    if not a or not b:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return long.endswith(" " + short) and len(short) >= 0.5 * len(long)


def _vote(candidates: list[str]) -> str:
    """The candidate most others agree with; the first one on a tie."""
    keys = [_key(c) for c in candidates]
    best, best_votes = "", -1
    for i, key in enumerate(keys):
        if not key:
            continue
        votes = sum(1 for j, other in enumerate(keys) if j != i and _same_headline(key, other))
        if votes > best_votes:
            best, best_votes = candidates[i], votes
    return best


def _similar(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    if ka.startswith(kb[:60]) or kb.startswith(ka[:60]):
        return True
    wa, wb = set(ka.split()), set(kb.split())
    return len(wa & wb) >= 0.8 * min(len(wa), len(wb))


def _fill_body(article: Article, body: Body, dom: Dom, meta: PageMeta) -> None:
    paragraphs: list[Paragraph] = []
    near_lead: set[int] = set()  # paragraphs among the first blocks of the lead's box
    for block, block_id in zip(body.blocks, body.block_ids, strict=True):
        text = _clean(block.text) if block.kind != "pre" else normalize(block.text)
        if text:
            if 0 <= block_id - dom.lead_block < 8:
                near_lead.add(len(paragraphs))
            paragraphs.append(Paragraph(text, "h" if block.kind == "h" else "p"))
    descriptions = [
        d
        for d in (
            meta.first("og:description", "description", "twitter:description"),
            ld_text(meta.ld.get("description")),
        )
        if d
    ]
    lead = ""
    lead_text = _clean(dom.lead)
    first = body.block_ids[0] if body.block_ids else len(dom.blocks)
    if lead_text and (
        any(_similar(lead_text, d) for d in descriptions)
        or (
            0 <= first - dom.lead_block <= 12
            and not any(_key(lead_text) == _key(p.text) for p in paragraphs[3:])
        )
    ):
        lead = lead_text
    if lead:
        lead_key = _key(lead)
        paragraphs = [
            p
            for i, p in enumerate(paragraphs)
            if _key(p.text) != lead_key
            and not (p.text in lead and (len(p.text) > 30 or i in near_lead))
        ]
    elif (
        paragraphs
        and paragraphs[0].kind == "p"
        and any(_key(paragraphs[0].text) == _key(d) for d in descriptions)
    ):
        lead = paragraphs.pop(0).text
    ld_body = (
        ld_text(meta.ld.get("articleBody")) if isinstance(meta.ld.get("articleBody"), str) else ""
    )
    dom_chars = sum(len(p.text) for p in paragraphs)
    if ld_body and len(ld_body) > 300 and len(ld_body) > 2 * dom_chars + 200:
        raw = meta.ld.get("articleBody")
        assert isinstance(raw, str)
        parts = [_clean(x) for x in re.split(r"\n\s*\n|\r?\n", raw) if x.strip()]
        paragraphs = [Paragraph(p) for p in parts if p]
        article.warnings.append("body taken from the page's JSON-LD articleBody")
    article.lead = lead
    article.paragraphs = paragraphs
    body_set = set(body.block_ids)
    caption_ids = {i for i, _ in body.captions}
    root_set = set(body.roots)
    images: list[Image] = []
    seen: set[str] = set()
    claimed: set[int] = set()  # a caption belongs to one image at most
    dropped: set[int] = set()  # captions of images left out go with them
    for img in dom.images:
        caption_id = -1
        for i in range(img.after_block, min(img.after_block + 4, len(dom.blocks))):
            if i in caption_ids and i not in claimed:
                caption_id = i
                break
            if i in body_set:
                break
        if caption_id >= 0:
            claimed.add(caption_id)
        el = img.owner
        while el >= 0 and el not in root_set:
            el = dom.parents[el]
        if el < 0 or img.src in seen:
            if caption_id >= 0:
                dropped.add(caption_id)
            continue
        seen.add(img.src)
        caption = _clean(dom.blocks[caption_id].text) if caption_id >= 0 else ""
        images.append(Image(src=img.src, caption=caption or _clean(img.alt)))
    captions = []
    for i, text in body.captions:
        text = _clean(text)
        if text and text not in captions and i not in dropped:
            captions.append(text)
    article.captions = captions
    og_image = meta.first("og:image", "twitter:image")
    if not images and og_image:
        src = absolute(og_image, article.url)
        if src:
            images.append(Image(src=src))
    article.images = images


_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][\wÀ-ỹ.'’-]*$")


def _trailing_byline(article: Article) -> str:
    """A short capitalised name closing the body ("Lê Phương", "Hà Thu (tổng hợp)")
    is the byline."""
    last = strip_role(article.paragraphs[-1].text) if article.paragraphs else ""
    words = last.split()
    if not last or len(last) > 40 or not 2 <= len(words) <= 5 or any(c.isdigit() for c in last):
        return ""
    if not all(_NAME_WORD.match(w) for w in words) or last.endswith((".", "!", "?", ":")):
        return ""
    article.paragraphs.pop()
    return last


def _outlet(meta: PageMeta, url: str) -> str:
    name = meta.first("og:site_name", "application-name", "al:android:app_name")
    if not name:
        name = ld_text(meta.ld.get("publisher"))
    return name or domain(url)


def _language(meta: PageMeta, text: str) -> str:
    for value in (
        meta.lang,
        meta.first("content-language", "language", "dc.language", "og:locale"),
        ld_text(meta.ld.get("inLanguage")),
    ):
        value = value.strip().replace("_", "-").lower()
        if value and value[:2].isalpha():
            return value.split("-")[0]
    sample = text[:2000]
    if sample and len(_VI_CHARS.findall(sample)) > 0.03 * len(sample):
        return "vi"
    return ""


_DATE_META = (
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "dc.date.created",
    "date",
    "pub_date",
    "article_date_original",
    "cxenseparse:recs:publishtime",
    "og:updated_time",
    "article:modified_time",
    "datemodified",
)


def _published(
    meta: PageMeta, tree: LexborHTMLParser, *, text_hint: str, vietnamese: bool
) -> datetime | None:
    tz: timezone = VIETNAM_TZ if vietnamese else UTC
    candidates: list[Any] = [meta.ld.get("datePublished"), meta.ld.get("dateCreated")]
    candidates.extend(meta.first(n) for n in _DATE_META)
    for value in candidates:
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and value:
            found = parse_date(value, default_tz=tz)
            if found is not None:
                return found
    for node in tree.css("time[datetime]"):
        found = parse_date(node.attributes.get("datetime") or "", default_tz=tz)
        if found is not None:
            return found
    return _htmldate(tree, tz)


def _htmldate(tree: LexborHTMLParser, tz: timezone) -> datetime | None:
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        found = find_date(
            tree.html or "",
            extensive_search=False,
            original_date=True,
            outputformat="%Y-%m-%dT%H:%M:%S",
        )
    except (ValueError, TypeError):
        return None
    if not found:
        return None
    return parse_date(found, default_tz=tz)


def _tags(meta: PageMeta, dom: Dom) -> list[str]:
    values: list[str] = []
    for raw in meta.all("keywords", "news_keywords", "article:tag", "parsely-tags"):
        values.extend(re.split(r"\s*[,;]\s*", raw))
    keywords = meta.ld.get("keywords")
    if isinstance(keywords, str):
        values.extend(re.split(r"\s*[,;]\s*", keywords))
    elif isinstance(keywords, list):
        values.extend(str(k) for k in keywords)
    values.extend(dom.tag_links)
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        value = _clean(value).lstrip("#")
        key = value.casefold()
        if value and len(value) <= 60 and key not in seen:
            seen.add(key)
            out.append(value)
    return out[:30]
