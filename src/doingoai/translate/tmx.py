"""TMX 1.4 exchange of the translation memory with CAT tools.

Export writes one ``<tu>`` per entry: ``creationdate``, ``creationid`` (the
author), ``<prop type="x-origin">`` (human, mt, tm), ``<prop type="x-article">``,
``<prop type="x-context">``, ``<note>`` and one ``<tuv xml:lang>`` per language.

Import is safe and all-or-nothing. The file is streamed with the options of
:mod:`doingoai._xml` (no entity expansion, no DTD, no network, libxml2's size
limits on); a document declaring entities (the "billion laughs" expansion bomb, external
entities reading local files) is refused before any unit is read. Every unit
is stored in one transaction: a malformed file, a file for another language
pair or one bad unit leaves the memory as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from lxml import etree

from doingoai import __version__
from doingoai._xml import XML_PARSER_OPTIONS, declared_entities, entities_refused
from doingoai.errors import InputError

from .memory import ORIGINS, Entry, Origin, TranslationMemory

__all__ = ["TmxImport", "export_tmx", "import_tmx"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_INLINE_CODES = {"bpt", "ept", "ph", "it", "ut"}
_BATCH = 5_000


@dataclass(frozen=True, slots=True)
class TmxImport:
    """What an import did: units read, entries added (new to the memory), and
    units skipped because they lack one of the two languages."""

    path: str
    source_lang: str
    target_lang: str
    units: int
    added: int
    skipped: int


def _tmx_date(moment: datetime | None) -> str:
    moment = moment or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def export_tmx(
    tm: TranslationMemory,
    out: str | Path | IO[bytes],
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> int:
    """Write the memory (one language pair when given) as TMX 1.4 to a path or a
    binary file; returns the number of units written."""
    pairs = [
        p
        for p in tm.language_pairs()
        if (source_lang is None or p[0] == source_lang.lower())
        and (target_lang is None or p[1] == target_lang.lower())
    ]
    sources = {p[0] for p in pairs}
    srclang = next(iter(sources)) if len(sources) == 1 else (source_lang or "*all*")
    written = 0
    target: Any = str(out) if isinstance(out, Path) else out
    try:
        with etree.xmlfile(target, encoding="utf-8") as xf:
            xf.write_declaration()
            with xf.element("tmx", version="1.4"):
                xf.write(
                    etree.Element(
                        "header",
                        creationtool="doingoai",
                        creationtoolversion=__version__,
                        datatype="plaintext",
                        segtype="sentence",
                        adminlang="en",
                        srclang=srclang,
                        attrib={"o-tmf": "doingoai"},
                    ),
                    pretty_print=True,
                )
                with xf.element("body"):
                    for entry in tm.entries(source_lang, target_lang):
                        xf.write(_tu(entry), pretty_print=True)
                        written += 1
    except OSError as err:
        raise InputError(f"cannot write the TMX file: {err}", source=str(out)) from err
    return written


def _tu(entry: Entry) -> etree._Element:
    tu = etree.Element("tu", tuid=str(entry.id), creationdate=_tmx_date(entry.created_at))
    if entry.author:
        tu.set("creationid", entry.author)
    props: list[tuple[str, str]] = [("x-origin", entry.origin)]
    if entry.article_id is not None:
        props.append(("x-article", str(entry.article_id)))
    if entry.context:
        props.append(("x-context", entry.context))
    if entry.note:
        etree.SubElement(tu, "note").text = entry.note
    for kind, value in props:
        etree.SubElement(tu, "prop", type=kind).text = value
    for lang, text in ((entry.source_lang, entry.source), (entry.target_lang, entry.target)):
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        etree.SubElement(tuv, "seg").text = text
    return tu


class _Refused(Exception):
    pass


def _seg_text(seg: etree._Element, where: str) -> str:
    """The text of a ``<seg>``: inline native codes (bpt, ept, ph, it, ut) are
    left out, ``<hi>`` and ``<sub>`` contents kept."""
    parts = [seg.text or ""]
    for child in seg:
        if isinstance(child, etree._Entity):
            raise _Refused(f"{where}: an entity reference ({child.text}) is not allowed")
        if not isinstance(child.tag, str):  # comment or processing instruction
            parts.append(child.tail or "")
            continue
        name = etree.QName(child).localname
        if name not in _INLINE_CODES:
            parts.append(_seg_text(child, where))
        parts.append(child.tail or "")
    return "".join(parts)


def _lang_of(tuv: etree._Element) -> str:
    return (tuv.get(XML_LANG) or tuv.get("lang") or "").strip().lower().replace("_", "-")


def _same_lang(found: str, wanted: str) -> bool:
    return found == wanted or (found.split("-")[0] == wanted and "-" not in wanted)


def _parse_date(value: str | None, where: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value.strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    except ValueError as err:
        raise _Refused(
            f"{where}: creationdate {value!r} is not a TMX date (YYYYMMDDThhmmssZ)"
        ) from err


def _unit(tu: etree._Element, source_lang: str, target_lang: str, where: str) -> Entry | None:
    segs: dict[str, str] = {}
    date = _parse_date(tu.get("creationdate"), where)
    author = tu.get("creationid") or ""
    props: dict[str, str] = {}
    notes: list[str] = []
    for child in tu:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name == "prop":
            props[child.get("type") or ""] = (child.text or "").strip()
        elif name == "note":
            notes.append((child.text or "").strip())
        elif name == "tuv":
            lang = _lang_of(child)
            for wanted in (source_lang, target_lang):
                if _same_lang(lang, wanted) and wanted not in segs:
                    seg = child.find("seg")
                    if seg is None:
                        raise _Refused(f"{where}: <tuv xml:lang={lang!r}> has no <seg>")
                    segs[wanted] = _seg_text(seg, where)
                    if wanted == target_lang:
                        date = _parse_date(child.get("creationdate"), where) or date
                        author = child.get("creationid") or author
    if source_lang not in segs or target_lang not in segs:
        return None
    for lang in (source_lang, target_lang):
        if not segs[lang].strip():
            raise _Refused(f"{where}: the {lang} segment is empty")
    origin: Origin = "tm"
    if props.get("x-origin") in ORIGINS:
        origin = props["x-origin"]  # type: ignore[assignment]
    article_id: int | None = None
    if props.get("x-article"):
        try:
            article_id = int(props["x-article"])
        except ValueError as err:
            raise _Refused(
                f"{where}: x-article {props['x-article']!r} is not an article id"
            ) from err
    return Entry(
        source=segs[source_lang],
        target=segs[target_lang],
        source_lang=source_lang,
        target_lang=target_lang,
        origin=origin,
        context=props.get("x-context", ""),
        article_id=article_id,
        created_at=date,
        author=author,
        note="\n".join(n for n in notes if n),
    )


def _check_prolog(root: etree._Element) -> None:
    names = declared_entities(root)
    if names:
        raise _Refused(entities_refused("document", names))


class _Reader:
    """Streams the ``<tu>`` elements of a TMX file after checking its prolog;
    ``srclang`` is the header's, known once the first unit is reached."""

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self.srclang: str | None = None

    def units(self) -> Iterator[etree._Element]:
        events = etree.iterparse(str(self.path), events=("start", "end"), **XML_PARSER_OPTIONS)
        depth = 0
        seen_body = False
        for event, el in events:
            if not isinstance(el.tag, str):
                continue
            name = etree.QName(el).localname
            if event == "start":
                depth += 1
                if depth == 1:
                    _check_prolog(el)
                    if name != "tmx":
                        raise _Refused(f"the root element is <{name}>, not <tmx>")
                elif depth == 2 and name == "body":
                    seen_body = True
                continue
            depth -= 1
            if depth == 1 and name == "header":
                self.srclang = (el.get("srclang") or "").strip().lower().replace("_", "-")
            elif depth == 2 and name == "tu":
                yield el
                _release(el)
        if not seen_body:
            raise _Refused("the TMX file has no <body>")


def _release(el: etree._Element) -> None:
    """Free a unit already read (and the ones before it)."""
    el.clear()
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _target_of(tu: etree._Element, source_lang: str) -> str | None:
    others = sorted({_lang_of(t) for t in tu.iterfind("tuv")} - {""})
    others = [lang for lang in others if not _same_lang(lang, source_lang)]
    if len(others) > 1:
        raise _Refused(
            f"the unit at line {tu.sourceline} has several target languages "
            f"({', '.join(others)}): give the target language"
        )
    return others[0] if others else None


def import_tmx(
    tm: TranslationMemory,
    path: str | Path,
    *,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> TmxImport:
    """Add the units of a TMX file to the memory, all or nothing.

    ``source_lang`` defaults to the header's ``srclang``; ``target_lang`` to the
    other language of the first unit. A header ``srclang`` other than
    ``source_lang`` (``*all*`` is accepted), a file with no unit in the pair,
    hostile or malformed XML are refused with an
    :class:`~doingoai.errors.InputError` naming the file, and nothing is stored."""
    name = str(path)
    want_source = source_lang.strip().lower().replace("_", "-") if source_lang else None
    want_target = target_lang.strip().lower().replace("_", "-") if target_lang else None
    reader = _Reader(path)
    units = skipped = added = 0
    languages: set[str] = set()
    try:
        with tm.transaction():
            batch: list[Entry] = []
            for tu in reader.units():
                units += 1
                header = reader.srclang or ""
                if want_source is None:
                    if header in {"", "*all*"}:
                        raise _Refused(
                            "the header gives no single srclang: give the source language"
                        )
                    want_source = header
                elif header not in {"", "*all*"} and not _same_lang(header, want_source):
                    raise _Refused(
                        f"the memory's source language is {header!r}, not {want_source!r}"
                    )
                if want_target is None:
                    want_target = _target_of(tu, want_source)
                where = f"unit {units} (line {tu.sourceline})"
                entry = (
                    _unit(tu, want_source, want_target, where) if want_target is not None else None
                )
                if entry is None:
                    languages.update(_lang_of(t) for t in tu.iterfind("tuv"))
                    skipped += 1
                    continue
                batch.append(entry)
                if len(batch) >= _BATCH:
                    added += _add_new(tm, batch)
                    batch = []
            if batch:
                added += _add_new(tm, batch)
            if units == skipped:
                found = ", ".join(sorted(languages - {""})) or "none"
                pair = f"{want_source or reader.srclang or '?'}→{want_target or '?'}"
                raise _Refused(
                    f"no translation unit in the language pair {pair} (languages found: {found})"
                )
    except _Refused as err:
        raise InputError(f"{err}; nothing was imported", source=name) from err
    except etree.XMLSyntaxError as err:
        raise InputError(
            f"not a well-formed TMX file ({err}); nothing was imported", source=name
        ) from err
    except OSError as err:
        raise InputError(f"cannot read the TMX file: {err}", source=name) from err
    except InputError as err:
        raise InputError(f"{err}; nothing was imported", source=name) from err
    assert want_source is not None and want_target is not None
    return TmxImport(name, want_source, want_target, units, added, skipped)


def _add_new(tm: TranslationMemory, batch: list[Entry]) -> int:
    """Add a batch; returns how many entries were new."""
    source_lang, target_lang = batch[0].source_lang, batch[0].target_lang
    before = tm.count(source_lang, target_lang)
    tm.add(batch)
    return tm.count(source_lang, target_lang) - before
