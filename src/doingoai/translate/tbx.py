"""TBX import and export of the termbase, and CSV glossary import.

TBX written here follows TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style::

    <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
      <tbxHeader>…</tbxHeader>
      <text><body>
        <conceptEntry id="mof">
          <descrip type="subjectField">ministries</descrip>
          <note>…</note>
          <langSec xml:lang="vi">
            <termSec>
              <term>Bộ Tài chính</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
              <descrip type="x-validFrom">2025-03-01</descrip>
              <descrip type="x-validTo">2030-12-31</descrip>
              <admin type="source">Circular 03/2009/TT-BNG</admin>
              <note>…</note>
            </termSec>
          </langSec>
        </conceptEntry>
      </body></text>
    </tbx>

Status mapping (``termNote type="administrativeStatus"``): preferred ↔
``preferredTerm-admn-sts``, admitted ↔ ``admittedTerm-admn-sts``, forbidden ↔
``deprecatedTerm-admn-sts``, outdated ↔ ``supersededTerm-admn-sts``.

Extensions (``x-`` data categories, as TBX allows for private ones):
``<descrip type="x-validFrom">`` and ``<descrip type="x-validTo">`` on a
termSec hold ISO dates (inclusive; absent means open);
``<descrip type="x-generic">yes</descrip>`` on a conceptEntry marks a generic
word of official names ("Cục", "Phòng"), recognised only when capitalised and
not required by QA.

Reading also accepts TBX v2 (``martif`` / ``termEntry`` / ``langSet`` /
``tig``). Parsing is safe: the file is refused, naming it, if it declares
entities (entity expansion, external entities), and is never fetched from
the network. A file is read whole or not at all.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from lxml import etree

from doingoai._xml import parse_untrusted_xml
from doingoai.errors import InputError
from doingoai.text import match_form
from doingoai.translate.termbase import Concept, Term, Termbase, make_term

__all__ = ["TBX_NAMESPACE", "read_csv_glossary", "read_tbx", "tbx_bytes", "write_tbx"]

TBX_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

_TO_TBX: dict[str, str] = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
    "outdated": "supersededTerm-admn-sts",
}
_FROM_TBX: dict[str, str] = {v.lower(): k for k, v in _TO_TBX.items()} | {
    # plain words some tools write instead of the picklist values
    "preferred": "preferred",
    "admitted": "admitted",
    "deprecated": "forbidden",
    "forbidden": "forbidden",
    "superseded": "outdated",
    "obsolete": "outdated",
    "outdated": "outdated",
}


# --- reading ------------------------------------------------------------------


def _local(el: etree._Element) -> str:
    tag = el.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(el: etree._Element, *names: str) -> list[etree._Element]:
    return [c for c in el if _local(c) in names]


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def _where(source: str, el: etree._Element) -> str:
    return f"{source}: line {el.sourceline}"


def _read_term(sec: etree._Element, lang: str, source: str) -> Term:
    where = _where(source, sec)
    term_els = _children(sec, "term")
    if len(term_els) != 1:
        raise InputError(f"{where}: a term section needs exactly one <term>")
    status = "preferred"
    valid_from: str | None = None
    valid_to: str | None = None
    notes: list[str] = []
    sources: list[str] = []
    for child in sec:
        name, kind = _local(child), (child.get("type") or "")
        value = _text(child)
        if name == "termNote" and kind == "administrativeStatus":
            mapped = _FROM_TBX.get(value.lower())
            if mapped is None:
                raise InputError(f"{_where(source, child)}: unknown administrativeStatus {value!r}")
            status = mapped
        elif name == "descrip" and kind == "x-validFrom":
            valid_from = value
        elif name == "descrip" and kind == "x-validTo":
            valid_to = value
        elif name == "note" or (name == "descrip" and kind in {"note", "usageNote"}):
            notes.append(value)
        elif name == "admin" and kind == "source":
            sources.append(value)
    return make_term(
        lang,
        _text(term_els[0]),
        status=status,
        valid_from=valid_from,
        valid_to=valid_to,
        note=" ".join(n for n in notes if n),
        source=" ".join(s for s in sources if s),
        where=where,
    )


def read_tbx(path: str | Path, *, data: bytes | None = None) -> Termbase:
    """A termbase from a TBX file (v3 TBX-Basic/Core, or v2 martif).
    Raises :class:`InputError` naming the file when it is unsafe or malformed."""
    source = str(path)
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as err:
            raise InputError(f"cannot read ({err.strerror or err})", source=source) from err
    root = parse_untrusted_xml(data, source)
    if _local(root) not in {"tbx", "martif"}:
        raise InputError(f"not a TBX file (root element <{_local(root)}>)", source=source)
    termbase = Termbase()
    entries = [el for el in root.iter() if _local(el) in {"conceptEntry", "termEntry"}]
    for n, entry in enumerate(entries, 1):
        where = _where(source, entry)
        concept_id = (entry.get("id") or "").strip() or f"c{n}"
        if concept_id in termbase:
            raise InputError(f"{where}: concept id {concept_id!r} appears twice")
        concept = Concept(concept_id)
        notes: list[str] = []
        for child in entry:
            name, kind = _local(child), (child.get("type") or "")
            if name == "descrip" and kind == "subjectField":
                concept.subject = _text(child)
            elif name == "descrip" and kind == "x-generic":
                concept.generic = _text(child).lower() in {"yes", "true", "1"}
            elif name == "note" or (name == "descrip" and kind == "definition"):
                notes.append(_text(child))
        concept.note = " ".join(n for n in notes if n)
        for lang_sec in _children(entry, "langSec", "langSet"):
            lang = (lang_sec.get(_XML_LANG) or lang_sec.get("lang") or "").strip()
            if not lang:
                raise InputError(f"{_where(source, lang_sec)}: language section without xml:lang")
            for sec in _children(lang_sec, "termSec", "tig", "ntig"):
                if _local(sec) == "ntig":
                    grp = _children(sec, "termGrp")
                    sec = grp[0] if grp else sec
                concept.terms.append(_read_term(sec, lang, source))
        if not concept.terms:
            raise InputError(f"{where}: concept {concept_id!r} has no terms")
        termbase.add(concept)
    return termbase


# --- writing ------------------------------------------------------------------


def _sub(parent: etree._Element, tag: str, text: str, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{TBX_NAMESPACE}}}{tag}", attrs)
    el.text = text
    return el


def tbx_bytes(
    termbase: Termbase, *, title: str = "doingoai termbase", source_note: str = ""
) -> bytes:
    """The termbase as TBX v3 (TBX-Basic, DCA style), UTF-8 bytes."""
    ns = TBX_NAMESPACE
    root = etree.Element(
        f"{{{ns}}}tbx", {"type": "TBX-Basic", "style": "dca", _XML_LANG: "en"}, nsmap={None: ns}
    )
    header = etree.SubElement(root, f"{{{ns}}}tbxHeader")
    file_desc = etree.SubElement(header, f"{{{ns}}}fileDesc")
    title_stmt = etree.SubElement(file_desc, f"{{{ns}}}titleStmt")
    _sub(title_stmt, "title", title)
    source_desc = etree.SubElement(file_desc, f"{{{ns}}}sourceDesc")
    _sub(
        source_desc,
        "p",
        source_note
        or "Extensions: descrip x-validFrom / x-validTo (ISO dates, inclusive) on termSec; "
        "descrip x-generic (yes = generic word of names, not required by QA) on conceptEntry.",
    )
    body = etree.SubElement(etree.SubElement(root, f"{{{ns}}}text"), f"{{{ns}}}body")
    for concept in termbase:
        entry = etree.SubElement(body, f"{{{ns}}}conceptEntry", {"id": concept.id})
        if concept.subject:
            _sub(entry, "descrip", concept.subject, type="subjectField")
        if concept.generic:
            _sub(entry, "descrip", "yes", type="x-generic")
        if concept.note:
            _sub(entry, "note", concept.note)
        langs: list[str] = []
        for term in concept.terms:
            if term.lang not in langs:
                langs.append(term.lang)
        for lang in langs:
            lang_sec = etree.SubElement(entry, f"{{{ns}}}langSec", {_XML_LANG: lang})
            for term in concept.terms_in(lang):
                sec = etree.SubElement(lang_sec, f"{{{ns}}}termSec")
                _sub(sec, "term", term.text)
                _sub(sec, "termNote", _TO_TBX[term.status], type="administrativeStatus")
                if term.valid_from:
                    _sub(sec, "descrip", term.valid_from.isoformat(), type="x-validFrom")
                if term.valid_to:
                    _sub(sec, "descrip", term.valid_to.isoformat(), type="x-validTo")
                if term.source:
                    _sub(sec, "admin", term.source, type="source")
                if term.note:
                    _sub(sec, "note", term.note)
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return out


def write_tbx(termbase: Termbase, path: str | Path, **kwargs: str) -> None:
    """Write the termbase to ``path`` as TBX v3 (written to a temporary file first)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(tbx_bytes(termbase, **kwargs))
    tmp.replace(path)


# --- CSV glossary -----------------------------------------------------------------

_META = {"status", "valid_from", "valid_to", "note", "source", "subject", "id"}


def read_csv_glossary(path: str | Path, *, data: str | None = None) -> Termbase:
    """A termbase from a CSV glossary with a header row: two language columns
    (source first, e.g. ``vi,en``), then optional ``status``, ``valid_from``,
    ``valid_to``, ``note``, ``source``, ``subject``. Status, dates, note and
    source apply to the target-language term; rows with the same source term
    make one concept. Errors name the file and line."""
    source = str(path)
    if data is None:
        try:
            data = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot read as UTF-8 text ({err})", source=source) from err
    first = data.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(data.lstrip("\ufeff")), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputError("empty file (a header row is required)", source=source) from None
    except csv.Error as err:
        raise InputError(f"line 1: {err}", source=source) from err
    langs = [h for h in header if h not in _META]
    unknown = [h for h in langs if not (2 <= len(h) <= 8 and h.replace("-", "").isalpha())]
    if len(langs) != 2 or unknown or header[:2] != langs:
        raise InputError(
            "line 1: the header must start with two language codes (e.g. vi,en), then any "
            f"of {', '.join(sorted(_META))}; found {','.join(header)}",
            source=source,
        )
    if len(set(header)) != len(header):
        raise InputError("line 1: a column name appears twice", source=source)
    src_lang, tgt_lang = langs
    col = {h: i for i, h in enumerate(header)}
    termbase = Termbase()
    by_source: dict[str, Concept] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            where = f"{source}: line {line}"
            if len(row) != len(header):
                raise InputError(f"{where}: {len(row)} columns, the header has {len(header)}")

            def cell(name: str, row: list[str] = row) -> str:
                return row[col[name]].strip() if name in col else ""

            src_text, tgt_text = cell(src_lang), cell(tgt_lang)
            if not src_text or not tgt_text:
                raise InputError(f"{where}: both {src_lang} and {tgt_lang} are required")
            target = make_term(
                tgt_lang,
                tgt_text,
                status=cell("status") or "preferred",
                valid_from=cell("valid_from") or None,
                valid_to=cell("valid_to") or None,
                note=cell("note"),
                source=cell("source"),
                where=where,
            )
            key = match_form(src_text)
            concept = by_source.get(key)
            if concept is None:
                concept_id = cell("id") or f"csv-{len(by_source) + 1}"
                if concept_id in termbase:
                    raise InputError(f"{where}: concept id {concept_id!r} appears twice")
                concept = Concept(concept_id, subject=cell("subject"))
                concept.terms.append(make_term(src_lang, src_text, where=where))
                by_source[key] = concept
                termbase.add(concept)
            concept.terms.append(target)
    except csv.Error as err:
        raise InputError(f"line {reader.line_num}: {err}", source=source) from err
    return termbase
