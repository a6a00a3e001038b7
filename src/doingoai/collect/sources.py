"""Turning sources into raw documents: :func:`collect`.

A source is one of

- ``-``: standard input (one document, or a feed, sitemap or URL list);
- a file: HTML (``.html``, ``.htm``, ``.html.gz``), plain text (``.txt``),
  a WARC (``.warc``, ``.warc.gz``), a URL list (``.urls``, or a ``.txt``
  whose lines are all URLs; ``#`` starts a comment), an RSS/Atom feed or a
  sitemap (any name: the content decides);
- a directory: every file ending in ``.html``, ``.htm``, ``.html.gz``,
  ``.htm.gz``, ``.txt``, ``.warc`` or ``.warc.gz`` below it, in name order
  (hidden files and folders are passed over);
- a URL: fetched, then classified by its content: a feed or a sitemap (their
  items are fetched), an HTML list page (its article links are fetched, and
  ``max_list_pages`` pages of it are followed), an HTML article or a text.

HTML files are documents as they are: list pages are recognised only among
fetched URLs. Documents are yielded as they come; anything that cannot be
read or fetched is a :class:`Failure` naming it, and the iteration goes on.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from doingoai._files import DOCUMENT_SUFFIXES, document_files
from doingoai.collect.document import Failure, RawDocument, gunzip, is_gzip, sniff_kind
from doingoai.collect.feeds import parse_feed
from doingoai.collect.fetch import Fetcher, check_url, number_setting
from doingoai.collect.listpages import discover_links, looks_like_list_page
from doingoai.collect.sitemaps import MAX_SITEMAP_BYTES, parse_sitemap
from doingoai.collect.warc import read_warc
from doingoai.errors import CollectError, DoingoaiError

__all__ = ["collect"]

_SUFFIX_TYPES = {".html": "text/html", ".htm": "text/html", ".txt": "text/plain"}
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_DOCUMENT_KINDS = ("html", "text")
_FEED_SUFFIXES = (".rss", ".atom")


def _reason(err: DoingoaiError) -> str:
    """An error's message without the "<source>: " prefix it carries."""
    message = str(err)
    source = getattr(err, "source", None)
    if source and message.startswith(f"{source}: "):
        return message[len(source) + 2 :]
    return message


def _failure(name: str, err: BaseException) -> Failure:
    if isinstance(err, DoingoaiError):
        return Failure(getattr(err, "source", None) or name, _reason(err))
    if isinstance(err, OSError):
        return Failure(name, f"cannot read it ({err.strerror or err})")
    return Failure(name, f"unexpected {type(err).__name__}: {err}")


def _html_text(data: bytes, content_type: str) -> str:
    """Enough of a decoding to find links: UTF-8, else the declared charset."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    names = re.findall(r"charset=([\w\-:.]+)", content_type, re.I)
    match = _META_CHARSET.search(data[:4096])
    if match:
        names.append(match.group(1).decode("ascii", "replace"))
    for name in [*names, "cp1258"]:
        try:
            codecs.lookup(name)
            return data.decode(name, errors="replace")
        except LookupError:
            continue
    return data.decode("utf-8", errors="replace")


def _url_lines(text: str) -> list[tuple[int, str]] | None:
    """The (line number, URL) pairs of a URL list; None if a line is not a URL."""
    pairs: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not _URL.match(line):
            return None
        pairs.append((number, line))
    return pairs or None


def _suffix(name: str) -> str:
    lower = name.lower()
    for suffix in (".html.gz", ".htm.gz", ".warc.gz", ".xml.gz", ".txt.gz"):
        if lower.endswith(suffix):
            return suffix
    return os.path.splitext(lower)[1]


class _Collector:
    def __init__(
        self,
        *,
        fetcher: Fetcher | None,
        skip_url: Callable[[str], bool] | None,
        follow_lists: bool,
        max_list_pages: int,
        sitemap_depth: int,
        max_bytes: int | None,
        stdin: BinaryIO | None,
    ) -> None:
        self._fetcher = fetcher
        self.own_fetcher = fetcher is None
        self.skip_url = skip_url
        self.follow_lists = follow_lists
        self.max_list_pages = max(1, max_list_pages)
        self.sitemap_depth = sitemap_depth
        self.stdin = stdin
        if max_bytes is None:
            if self._fetcher is not None:
                max_bytes = self._fetcher.max_bytes
            else:
                max_bytes = int(number_setting("FETCH_MAX_BYTES", int))
        self.max_bytes = max_bytes
        self.seen: set[str] = set()

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher()
        return self._fetcher

    def close(self) -> None:
        if self.own_fetcher and self._fetcher is not None:
            self._fetcher.close()

    # -- one source -------------------------------------------------------

    def source(self, source: str) -> Iterator[RawDocument | Failure]:
        try:
            if source == "-":
                yield from self._stdin()
            elif re.match(r"^[a-z][a-z0-9+.\-]*://", source, re.I):
                yield from self._url(source, source)
            else:
                path = Path(source)
                if path.is_dir():
                    yield from self._directory(path)
                elif path.is_file():
                    yield from self._file(path, source)
                elif path.exists():
                    yield Failure(source, "not a regular file or a directory")
                else:
                    yield Failure(source, "no such file or directory (and not an http(s) URL)")
        except Exception as err:  # a bad source never stops the batch
            yield _failure(source, err)

    def _stdin(self) -> Iterator[RawDocument | Failure]:
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        data = stream.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            yield Failure("-", f"standard input larger than the {self.max_bytes}-byte limit")
            return
        yield from self._local(data, "-", "")

    def _directory(self, root: Path) -> Iterator[RawDocument | Failure]:
        found = False
        for path in document_files(root):
            found = True
            try:
                yield from self._file(path, str(path))
            except Exception as err:
                yield _failure(str(path), err)
        if not found:
            yield Failure(
                str(root), "no documents in this directory (" + ", ".join(DOCUMENT_SUFFIXES) + ")"
            )

    def _file(self, path: Path, name: str) -> Iterator[RawDocument | Failure]:
        suffix = _suffix(path.name)
        if suffix in (".warc", ".warc.gz"):
            yield from read_warc(path, max_bytes=self.max_bytes)
            return
        size = path.stat().st_size
        if size == 0:
            yield Failure(name, "empty file")
            return
        with path.open("rb") as fh:
            data = fh.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            yield Failure(
                name,
                f"file larger than the {self.max_bytes}-byte limit (setting DOINGOAI_FETCH_MAX_BYTES)",
            )
            return
        yield from self._local(data, name, suffix)

    def _local(self, data: bytes, name: str, suffix: str) -> Iterator[RawDocument | Failure]:
        """A document read from a file or stdin: a document, a feed, a sitemap
        or a URL list."""
        if is_gzip(data):
            data = gunzip(data, limit=self.max_bytes, source=name)
            suffix = suffix.removesuffix(".gz")
        if not data.strip():
            yield Failure(name, "empty file" if name != "-" else "empty input")
            return
        content_type = _SUFFIX_TYPES.get(suffix, "")
        kind = sniff_kind(data, content_type)
        if suffix == ".urls" and kind == "text":
            yield from self._url_list(data, name)
        elif suffix in _FEED_SUFFIXES and kind != "feed":
            yield Failure(name, f"not a feed: the file holds {kind}, not RSS or Atom")
        elif kind == "feed":
            yield from self._feed(data, name, name)
        elif kind == "sitemap":
            yield from self._sitemap(data, name, name, 0)
        elif kind == "html":
            yield RawDocument(data, source=name, content_type="text/html", kind="html")
        elif kind == "text":
            urls = _url_lines(_html_text(data, ""))
            if urls is not None:
                yield from self._url_list(data, name)
            else:
                yield RawDocument(data, source=name, content_type="text/plain", kind="text")
        elif kind == "xml":
            yield Failure(name, "XML that is neither an RSS/Atom feed nor a sitemap")
        else:
            yield Failure(name, "binary file, not a document (HTML, text, feed, sitemap or WARC)")

    def _url_list(self, data: bytes, name: str) -> Iterator[RawDocument | Failure]:
        for number, line in enumerate(_html_text(data, "").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if _URL.match(line):
                yield from self._url(line, name)
            else:
                yield Failure(f"{name}:{number}", f"not an http(s) URL: {line[:80]!r}")

    # -- URLs --------------------------------------------------------------

    def _wanted(self, url: str) -> bool:
        if url in self.seen:
            return False
        self.seen.add(url)
        return not (self.skip_url is not None and self.skip_url(url))

    def _get(self, url: str, source: str) -> RawDocument | Failure:
        try:
            return self.fetcher.fetch(url, source=source)
        except DoingoaiError as err:
            return _failure(url, err)

    def _url(self, url: str, source: str) -> Iterator[RawDocument | Failure]:
        """A URL given as a source (or listed in a URL list): classified by content."""
        try:
            url = check_url(url)
        except CollectError as err:
            yield _failure(url, err)
            return
        if not self._wanted(url):
            return
        doc = self._get(url, source)
        if isinstance(doc, Failure):
            yield doc
            return
        data = doc.data
        kind = doc.kind
        if kind == "binary" and is_gzip(data):  # a .xml.gz sitemap, most likely
            try:
                data = gunzip(data, limit=MAX_SITEMAP_BYTES, source=url)
            except CollectError as err:
                yield _failure(url, err)
                return
            kind = sniff_kind(data, "")
        final_url = doc.headers.get("final-url", url)
        if kind == "feed":
            yield from self._feed(data, final_url, source)
        elif kind == "sitemap":
            yield from self._sitemap(data, final_url, source, 0)
        elif kind == "html":
            if self.follow_lists and looks_like_list_page(
                _html_text(data, doc.content_type), final_url
            ):
                yield from self._list(doc, final_url, source)
            else:
                yield doc
        elif kind == "text":
            urls = _url_lines(_html_text(data, doc.content_type))
            if urls is not None and len(urls) > 1:
                for _, line in urls:
                    yield from self._article(line, source)
            else:
                yield doc
        elif kind == "xml":
            yield Failure(url, "XML that is neither an RSS/Atom feed nor a sitemap")
        else:
            ctype = doc.content_type or "no content type"
            yield Failure(
                url, f"not a document ({ctype}); expected HTML, text, a feed or a sitemap"
            )

    def _article(self, url: str, source: str) -> Iterator[RawDocument | Failure]:
        """A URL found in a feed, a sitemap or a list page: an article to fetch."""
        try:
            url = check_url(url)
        except CollectError as err:
            yield _failure(url, err)
            return
        if not self._wanted(url):
            return
        doc = self._get(url, source)
        if isinstance(doc, Failure) or doc.kind in _DOCUMENT_KINDS:
            yield doc
        else:
            ctype = doc.content_type or "no content type"
            yield Failure(url, f"not an HTML or text document ({ctype})")

    def _feed(self, data: bytes, url: str, source: str) -> Iterator[RawDocument | Failure]:
        try:
            items = parse_feed(data, url)
        except CollectError as err:
            yield _failure(url, err)
            return
        for item in items:
            yield from self._article(item.url, source)

    def _sitemap(
        self, data: bytes, url: str, source: str, depth: int
    ) -> Iterator[RawDocument | Failure]:
        try:
            sitemap = parse_sitemap(data, url)
        except CollectError as err:
            yield _failure(url, err)
            return
        for entry in sitemap.urls:
            yield from self._article(entry.loc, source)
        for child in sitemap.sitemaps:
            try:
                child = check_url(child)
            except CollectError as err:
                yield _failure(child, err)
                continue
            if child in self.seen:
                continue
            self.seen.add(child)
            if depth + 1 > self.sitemap_depth:
                yield Failure(
                    child,
                    f"sitemap index nested deeper than {self.sitemap_depth} levels; not followed",
                )
                continue
            doc = self._get(child, source)
            if isinstance(doc, Failure):
                yield doc
                continue
            yield from self._sitemap(
                doc.data, doc.headers.get("final-url", child), source, depth + 1
            )

    def _list(
        self, doc: RawDocument, page_url: str, source: str
    ) -> Iterator[RawDocument | Failure]:
        pages = 0
        current: RawDocument = doc
        while True:
            pages += 1
            listing = discover_links(_html_text(current.data, current.content_type), page_url)
            if not listing.article_urls:
                yield Failure(page_url, "a list page without article links")
            for article in listing.article_urls:
                yield from self._article(article, source)
            next_page = listing.next_page
            if pages >= self.max_list_pages or not next_page or next_page in self.seen:
                return
            self.seen.add(next_page)
            fetched = self._get(next_page, source)
            if isinstance(fetched, Failure):
                yield fetched
                return
            current = fetched
            page_url = fetched.headers.get("final-url", next_page)


def collect(
    sources: Iterable[str],
    *,
    fetcher: Fetcher | None = None,
    skip_url: Callable[[str], bool] | None = None,
    follow_lists: bool = True,
    max_list_pages: int = 1,
    sitemap_depth: int = 3,
    max_bytes: int | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[RawDocument | Failure]:
    """Yield a :class:`RawDocument` for every document the ``sources`` hold, and
    a :class:`Failure` (naming the input) for everything that cannot be read.

    ``fetcher`` fetches URLs (a default :class:`Fetcher` is made when one is
    needed, and closed at the end). ``skip_url(url)`` returning True skips an
    article URL without fetching it: a store passes "already have it", so a
    rerun after an interruption continues where it stopped. With
    ``follow_lists`` False an HTML page is always a document, never a list
    page to follow. ``max_list_pages`` pages of a list are read (following
    its next-page links), ``sitemap_depth`` levels of sitemap indexes.
    ``max_bytes`` caps a file or stdin (default: the fetcher's cap, setting
    ``FETCH_MAX_BYTES``); ``stdin`` replaces standard input for ``-``.
    """
    collector = _Collector(
        fetcher=fetcher,
        skip_url=skip_url,
        follow_lists=follow_lists,
        max_list_pages=max_list_pages,
        sitemap_depth=sitemap_depth,
        max_bytes=max_bytes,
        stdin=stdin,
    )
    try:
        for source in sources:
            yield from collector.source(source)
    finally:
        collector.close()
