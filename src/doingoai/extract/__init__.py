"""Extraction: one raw document (HTML page or plain-text scrape) → :class:`Article`.

    >>> from doingoai.extract import extract
    >>> result = extract(raw_bytes, url="https://…")
    >>> result.article.title, result.detected, result.converted_from

:func:`extract` decodes bytes (legacy Vietnamese encodings included, see
:func:`doingoai.text.decode_bytes`), tells HTML from plain text and calls
:func:`extract_html` or :func:`extract_text`. :func:`extract_inputs` does the
same for the files, folders, WARC files and standard input named on a
command line, one JSON-ready record per document; a document that fails gives
an error record and the batch goes on.

Importing this package is cheap: the HTML extractor (selectolax, htmldate)
and the plain-text extractor are each loaded on first use, so a run over
HTML pages never loads the plain-text rules and their patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from doingoai.errors import DoingoaiError, NoArticleError
from doingoai.extract.article import Article, Image, Paragraph, Related
from doingoai.text import Decoded, decode_bytes

__all__ = [
    "RECORD_KEYS",
    "Article",
    "Extraction",
    "Image",
    "Paragraph",
    "Related",
    "extract",
    "extract_html",
    "extract_inputs",
    "extract_text",
    "looks_like_html",
]

#: The keys of one output record, in order (an error record has "path" and "error").
RECORD_KEYS: tuple[str, ...] = (
    "path",
    "url",
    "outlet",
    "language",
    "title",
    "lead",
    "paragraphs",
    "captions",
    "images",
    "authors",
    "published_at",
    "tags",
    "related",
    "text",
    "encoding",
    "warnings",
)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html|head|body|\?xml|!--|meta|title)\b", re.I)
_HTML_TAG = re.compile(
    r"<(?:html|head|body|div|p|article|section|main|meta|title|span|br|table|h[1-6])\b[^>]*>", re.I
)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


@dataclass(frozen=True, slots=True)
class Extraction:
    """What :func:`extract` made of one document, and how its bytes were read."""

    article: Article
    detected: str
    converted_from: str | None = None
    format: str = "text"  # "html" or "text"

    def to_dict(self, *, path: str = "") -> dict[str, Any]:
        """The record of ``doingoai extract``: exactly the keys of :data:`RECORD_KEYS`."""
        data = self.article.to_dict()
        data["path"] = path
        data["encoding"] = {"detected": self.detected, "converted_from": self.converted_from}
        return {k: data[k] for k in RECORD_KEYS}


def extract_html(
    html: str | bytes, *, url: str | None = None, source: str | None = None
) -> Article:
    """Extract the article of an HTML page (see :mod:`doingoai.extract.html`)."""
    from doingoai.extract.html import extract_html as _extract_html

    return _extract_html(html, url=url, source=source)


def extract_text(text: str, *, url: str | None = None, source: str | None = None) -> Article:
    """Extract the article of a plain-text scrape (see :mod:`doingoai.extract.plaintext`)."""
    from doingoai.extract.plaintext import extract_text as _extract_text

    return _extract_text(text, url=url, source=source)


def looks_like_html(text: str, content_type: str | None = None) -> bool:
    """True for an HTML page: by its declared type, else by its first kilobytes."""
    if content_type:
        mime = content_type.split(";")[0].strip().lower()
        if mime in _HTML_TYPES:
            return True
        if mime == "text/plain":
            return False
    head = text[:4096].lstrip("\ufeff")
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 2


def _html_bytes(data: bytes, content_type: str | None) -> bool:
    """Bytes of an HTML page that declare no charset but UTF-8 in ``content_type``."""
    match = _CHARSET.search(content_type or "")
    if match and match.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        return False
    # isspace(): not data.strip(), without a copy of the page
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or not data or data.isspace():
        return False
    return looks_like_html(data[:4096].decode("utf-8", errors="replace"), content_type)


def _decode(data: bytes | str, content_type: str | None, name: str | None) -> Decoded:
    if isinstance(data, str):
        return Decoded(data, "unicode")
    match = _CHARSET.search(content_type or "")
    return decode_bytes(data, declared=match.group(1) if match else None, source=name)


def extract(
    data: bytes | str,
    *,
    url: str | None = None,
    source: str | None = None,
    content_type: str | None = None,
) -> Extraction:
    """Decode ``data`` (bytes or text), tell HTML from plain text, extract the article.

    ``url`` is where the document came from, ``source`` names it in messages,
    ``content_type`` (an HTTP Content-Type, charset included) helps both
    decoding and the HTML/text decision. Raises
    :class:`~doingoai.errors.DecodeError` for bytes that are not text and
    :class:`~doingoai.errors.NoArticleError` for a document without article text.
    """
    name = source or url
    if isinstance(data, bytes | bytearray) and _html_bytes(bytes(data), content_type):
        # An HTML page is decoded by the HTML extractor: valid UTF-8 is read at
        # once and only the extracted fields are checked for legacy encodings and
        # mojibake, instead of scoring every repair on the whole page first. A
        # UTF-8 page whose fields needed a repair is read again below, repaired
        # whole before parsing (a repair of the fields alone can miss characters
        # that parsing changed, such as a no-break space inside mojibake).
        from doingoai.extract.html import extract_html_bytes

        article, detected, converted = extract_html_bytes(bytes(data), url=url, source=name)
        if converted is None or detected != "utf-8":
            return Extraction(article, detected, converted, "html")
    decoded = _decode(data, content_type, name)
    text = decoded.text
    if not text.strip():
        raise NoArticleError("empty document", source=name)
    warnings: list[str] = []
    if decoded.converted_from:
        warnings.append(f"text converted from {decoded.converted_from}")
    if decoded.confidence < 1.0:
        warnings.append(
            f"encoding guessed as {decoded.detected} (confidence {decoded.confidence:.2f})"
        )
    if looks_like_html(text, content_type):
        article, kind = extract_html(text, url=url, source=name), "html"
    else:
        article, kind = extract_text(text, url=url, source=name), "text"
        if "\ufffd" in text:
            warnings.append("the text holds undecodable bytes (shown as U+FFFD)")
    article.warnings[:0] = warnings
    return Extraction(article, decoded.detected, decoded.converted_from, kind)


def extract_inputs(
    paths: Iterable[str], *, url: str | None = None, stdin: BinaryIO | None = None
) -> Iterator[dict[str, Any]]:
    """One record per document found in ``paths`` (files, folders, WARC files, ``-``).

    A document that cannot be read or holds no article gives
    ``{"path": …, "error": …}``; the batch goes on. ``url`` is used for the
    documents that carry none of their own.
    """
    from doingoai.extract._text_inputs import read_inputs

    for doc in read_inputs(paths, stdin=stdin):
        if doc.error is not None:
            yield {"path": doc.path, "error": doc.error}
            continue
        try:
            result = extract(
                doc.data, url=doc.url or url, source=doc.name, content_type=doc.content_type
            )
        except DoingoaiError as err:
            yield {"path": doc.path, "error": str(err)}
        except Exception as err:  # a batch never stops on one document
            yield {"path": doc.path, "error": f"{doc.name}: {type(err).__name__}: {err}"}
        else:
            yield result.to_dict(path=doc.path)
