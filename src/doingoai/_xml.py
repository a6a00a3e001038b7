"""Parsing XML that comes from outside: sitemaps, TBX, XLIFF and TMX files.

One policy for every reader:

- entities are never expanded, a DTD is never loaded, nothing is fetched
  from the network, and libxml2's size limits stay on (``huge_tree`` off);
- a document that declares entities (the vehicle of "billion laughs"
  expansion bombs and of external entities reading local files or URLs) is
  refused, whether the declaration sits in the first 256 KiB (looked for in
  the raw bytes, in UTF-8, UTF-16 and UTF-32, before parsing) or further on
  (found in the parsed document type declaration);
- an entity reference left in a strictly parsed document (possible only
  with an external DTD, which is never read) is refused too;
- comments and processing instructions are dropped.

Every refusal and every parse error raises the caller's error type (an
:class:`~doingoai.errors.InputError` by default) with a message naming the
input. Core module: no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from lxml import etree

from doingoai.errors import CollectError, InputError

__all__ = ["XML_PARSER_OPTIONS", "declared_entities", "entities_refused", "parse_untrusted_xml"]

#: The parser options for untrusted XML, for :class:`lxml.etree.XMLParser`
#: and for :func:`lxml.etree.iterparse` (which streams a file).
XML_PARSER_OPTIONS: Final[dict[str, bool]] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}

_HEAD = 262_144  # bytes searched for an entity declaration before parsing
_ENTITY_MARKS: Final = tuple(
    "<!ENTITY".encode(codec)
    for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)


def entities_refused(what: str = "file", names: Sequence[str] = ()) -> str:
    """The message refusing a ``what`` (file, sitemap…) that declares entities."""
    listed = f" ({', '.join(names[:5])})" if names else ""
    return (
        f"refused: the {what} declares XML entities{listed}; entity expansion "
        "and external entities are not allowed"
    )


def declared_entities(root: etree._Element) -> list[str]:
    """The names of the entities the document of ``root`` declares in its
    internal DTD subset (general and parameter entities alike)."""
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is None:
        return []
    return [str(entity.name) for entity in dtd.iterentities()]


def parse_untrusted_xml(
    data: bytes,
    source: str,
    *,
    error: type[InputError] | type[CollectError] = InputError,
    what: str = "file",
    recover: bool = False,
) -> etree._Element:
    """The root element of the XML document ``data``, read from ``source``.

    Raises ``error`` naming ``source`` for a document that declares entities,
    holds an entity reference or is not well-formed; ``what`` names the kind
    of document in the messages. Only the last is raised ``from`` lxml's
    :class:`~lxml.etree.XMLSyntaxError`, so a caller can tell a broken
    document from a refused one by ``err.__cause__``.

    ``recover=True`` reads what libxml2 can make of a document that is not
    well-formed instead of refusing it (entity declarations are still
    refused; a reference it cannot resolve stays an unexpanded entity node);
    the error is raised only when nothing can be read.
    """
    if any(mark in data[:_HEAD] for mark in _ENTITY_MARKS):
        raise error(entities_refused(what), source=source)
    strict = True
    try:
        root = etree.fromstring(data, etree.XMLParser(**XML_PARSER_OPTIONS))
    except etree.XMLSyntaxError as err:
        if not recover:
            raise error(f"not well-formed XML ({err})", source=source) from err
        strict = False
        try:
            root = etree.fromstring(data, etree.XMLParser(**XML_PARSER_OPTIONS, recover=True))
        except etree.XMLSyntaxError:
            root = None
        if root is None:
            raise error(f"not well-formed XML ({err})", source=source) from err
    names = declared_entities(root)
    if names:
        raise error(entities_refused(what, names), source=source)
    if strict and any(True for _ in root.iter(etree.Entity)):
        raise error(f"refused: the {what} uses entity references", source=source)
    return root
