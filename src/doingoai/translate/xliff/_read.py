"""Reading XLIFF 1.2 (also 1.0 and 1.1) and 2.x files back into a job.

Parsing is :func:`doingoai._xml.parse_untrusted_xml`: no entity expansion, no
external entities, no network, libxml2's size limits on; a file that declares
entities is refused before anything is read. Inline codes that CAT tools may add are
read as their text: 1.2 ``<g>`` and ``<mrk>`` and 2.0 ``<pc>`` and ``<mrk>``
keep their content, native codes (``<ph>``, ``<bpt>``, ``<x/>``, ``<sc/>``…)
are left out, and 2.0 ``<cp hex>`` gives back its character.
"""

from __future__ import annotations

import contextlib
import re
from typing import Final

from lxml import etree

from doingoai._xml import parse_untrusted_xml
from doingoai.errors import InputError
from doingoai.translate.termbase import STATUSES as TERM_STATUSES

from ._model import (
    STATES,
    Alternative,
    TermNote,
    XliffJob,
    XliffUnit,
    duplicate_ids,
    listing,
)
from ._write import (
    CONTEXT_TYPE,
    KIND_PREFIX,
    NS12,
    NS20,
    NS_GLS,
    NS_MDA,
    NS_MTC,
    TERM_ARROW,
    TERMBASE_NOTE,
    XML_LANG,
)

NS11: Final = "urn:oasis:names:tc:xliff:document:1.1"

STATE_FROM_12: Final = {
    "new": "new",
    "needs-translation": "new",
    "needs-l10n": "new",
    "needs-adaptation": "new",
    "translated": "translated",
    "needs-review-translation": "translated",
    "needs-review-l10n": "translated",
    "needs-review-adaptation": "translated",
    "signed-off": "reviewed",
    "final": "final",
}
STATE_FROM_20: Final = {
    "initial": "new",
    "translated": "translated",
    "reviewed": "reviewed",
    "final": "final",
}
_SEGMENT: Final = f"{{{NS20}}}segment"
_IGNORABLE: Final = f"{{{NS20}}}ignorable"
_SOURCE: Final = f"{{{NS20}}}source"
_TARGET: Final = f"{{{NS20}}}target"
_NOTES: Final = f"{{{NS20}}}notes"
_NOTE: Final = f"{{{NS20}}}note"
_MATCHES: Final = f"{{{NS_MTC}}}matches"
_MATCH: Final = f"{{{NS_MTC}}}match"
_GLOSSARY: Final = f"{{{NS_GLS}}}glossary"
_GLOSS_ENTRY: Final = f"{{{NS_GLS}}}glossEntry"
_GLS_TERM: Final = f"{{{NS_GLS}}}term"
_GLS_TRANSLATION: Final = f"{{{NS_GLS}}}translation"
_MDA_METADATA: Final = f"{{{NS_MDA}}}metadata"
_TEXT_12: Final = frozenset({"g", "mrk", "sub"})
_TEXT_20: Final = frozenset({"pc", "mrk"})
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# "source → target (status)"; the status only when it is one of the termbase's,
# so a target ending in brackets ("Bộ Tài chính (MOF)") stays whole
_TERM_NOTE = re.compile(
    rf"(?P<source>.*?)\s*{re.escape(TERM_ARROW.strip())}\s*(?P<target>.*?)"
    rf"(?:\s+\((?P<status>{'|'.join(TERM_STATUSES)})\))?",
    re.S,
)


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _children(el: etree._Element, name: str, ns: str | None = None) -> list[etree._Element]:
    """Element children called ``name`` (in ``ns`` when given)."""
    if ns is not None:
        return list(el.iterchildren(f"{{{ns}}}{name}"))
    return [c for c in el if _local(c) == name]


def _first(el: etree._Element, name: str, ns: str | None = None) -> etree._Element | None:
    found = _children(el, name, ns)
    return found[0] if found else None


def _inline(el: etree._Element, keep: frozenset[str]) -> str:
    """The plain text of a source or target with inline elements in it."""
    parts = [el.text or ""]
    for child in el:
        name = _local(child)
        if name in keep:
            parts.append(_inline(child, keep))
        elif name == "cp":
            with contextlib.suppress(ValueError, OverflowError):
                parts.append(chr(int(child.get("hex") or "", 16)))
        parts.append(child.tail or "")
    return "".join(parts)


def _score(value: str | None) -> float:
    """A match score as tools write it ("87", "87.5", "95%", "101"), clamped to 0–100."""
    found = _NUMBER.search(value or "")
    if not found:
        return 0.0
    return max(0.0, min(100.0, float(found.group().replace(",", "."))))


def _term(text: str) -> TermNote | None:
    found = _TERM_NOTE.fullmatch(text.strip())
    if not found:
        return None
    return TermNote(found["source"], found["target"], found["status"] or "")


def _meta(el: etree._Element) -> dict[str, str]:
    """The ``<mda:meta>`` values of an element's own metadata, by type."""
    values: dict[str, str] = {}
    for md in el.iterchildren(_MDA_METADATA):
        for meta in md.iter(f"{{{NS_MDA}}}meta"):
            values.setdefault(meta.get("type") or "", meta.text or "")
    return values


class _Reading:
    """Reads one document, gathering the problems instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []
        self.target_lang = ""

    def where(self, el: etree._Element) -> str:
        return f"line {el.sourceline}"

    # --- 1.2 ------------------------------------------------------------------

    def file12(self, root: etree._Element, file: etree._Element) -> XliffJob:
        job_id = ""
        header = _first(file, "header")
        if header is not None:
            for phase in header.iter():
                if _local(phase) == "phase" and phase.get("job-id"):
                    job_id = phase.get("job-id") or ""
                    break
        source_lang = file.get("source-language") or ""
        target_lang = file.get("target-language") or ""
        if not source_lang:
            self.problems.append(f"<file> ({self.where(file)}) names no source-language")
        self.target_lang = target_lang
        units: list[XliffUnit] = []
        body = _first(file, "body")
        namespace = etree.QName(file).namespace
        if body is None:
            self.problems.append(f"<file> ({self.where(file)}) has no <body>")
        else:
            for tu in body.iter(f"{{{namespace}}}trans-unit" if namespace else "trans-unit"):
                unit = self.unit12(tu)
                if unit is not None:
                    units.append(unit)
        return XliffJob(job_id, source_lang, self.target_lang, file.get("original") or "", units)

    def unit12(self, tu: etree._Element) -> XliffUnit | None:
        unit_id = tu.get("id") or ""
        if not unit_id:
            self.problems.append(f"a <trans-unit> without id ({self.where(tu)})")
            return None
        source_el: etree._Element | None = None
        target_el: etree._Element | None = None
        notes: list[str] = []
        terms: list[TermNote] = []
        context: str | None = None
        alt_els: list[etree._Element] = []
        for child in tu:
            name = _local(child)
            if name == "source":
                source_el = child if source_el is None else source_el
            elif name == "target":
                target_el = child if target_el is None else target_el
            elif name == "note":
                text = child.text or ""
                term = _term(text) if child.get("from") == TERMBASE_NOTE else None
                if term is not None:
                    terms.append(term)
                else:
                    notes.append(text)
            elif name == "context-group" and context is None:
                for ctx in child:
                    if _local(ctx) == "context" and ctx.get("context-type") == CONTEXT_TYPE:
                        context = ctx.text or ""
                        break
            elif name == "alt-trans":
                alt_els.append(child)
        if source_el is None:
            self.problems.append(f"segment {unit_id!r} has no <source> ({self.where(tu)})")
            return None
        source = _inline(source_el, _TEXT_12)
        target = _inline(target_el, _TEXT_12) if target_el is not None else ""
        raw_state = target_el.get("state") if target_el is not None else None
        if raw_state in STATE_FROM_12:
            state = STATE_FROM_12[raw_state]
        else:
            state = "translated" if target.strip() else "new"
        if tu.get("approved") == "yes" and target.strip() and state in {"new", "translated"}:
            state = "reviewed"
        restype = tu.get("restype") or ""
        kind = restype[2:] if restype.startswith("x-") else restype or "paragraph"
        alternatives: list[Alternative] = []
        for alt in alt_els:
            alt_source: str | None = None
            alt_target: str | None = None
            for child in alt:
                name = _local(child)
                if name == "source" and alt_source is None:
                    alt_source = _inline(child, _TEXT_12)
                elif name == "target" and alt_target is None:
                    alt_target = _inline(child, _TEXT_12)
            if alt_target is not None:
                alternatives.append(
                    Alternative(
                        source if alt_source is None else alt_source,
                        alt_target,
                        _score(alt.get("match-quality")),
                        alt.get("origin") or "",
                    )
                )
        if not self.target_lang and target_el is not None:
            self.target_lang = target_el.get(XML_LANG) or ""
        return XliffUnit(unit_id, source, target, state, notes, alternatives, terms, context, kind)

    # --- 2.x ------------------------------------------------------------------

    def file20(self, root: etree._Element, file: etree._Element) -> XliffJob:
        source_lang = root.get("srcLang") or ""
        if not source_lang:
            self.problems.append("<xliff> names no srcLang")
        units: list[XliffUnit] = []
        for el in file.iter(f"{{{NS20}}}unit"):
            unit = self.unit20(el)
            if unit is not None:
                units.append(unit)
        return XliffJob(
            _meta(file).get("job-id", ""),
            source_lang,
            root.get("trgLang") or "",
            file.get("original") or "",
            units,
        )

    def unit20(self, el: etree._Element) -> XliffUnit | None:
        unit_id = el.get("id") or ""
        if not unit_id:
            self.problems.append(f"a <unit> without id ({self.where(el)})")
            return None
        sources: list[str] = []
        targets: list[str] = []
        states: list[str] = []
        notes: list[str] = []
        match_els: list[etree._Element] = []
        terms: list[TermNote] = []
        for part in el:
            tag = part.tag
            if tag in (_SEGMENT, _IGNORABLE):
                source_el = target_el = None
                for child in part:
                    if child.tag == _SOURCE and source_el is None:
                        source_el = child
                    elif child.tag == _TARGET and target_el is None:
                        target_el = child
                if source_el is None:
                    self.problems.append(
                        f"segment {unit_id!r} has no <source> ({self.where(part)})"
                    )
                    return None
                source = _inline(source_el, _TEXT_20)
                target = _inline(target_el, _TEXT_20) if target_el is not None else None
                sources.append(source)
                if tag == _IGNORABLE:
                    targets.append(source if target is None else target)
                    continue
                targets.append(target or "")
                raw = part.get("state") or "initial"
                states.append(STATE_FROM_20.get(raw, "translated" if target else "new"))
            elif tag == _NOTES:
                notes.extend(n.text or "" for n in part if n.tag == _NOTE)
            elif tag == _MATCHES:
                match_els.extend(m for m in part if m.tag == _MATCH)
            elif tag == _GLOSSARY:
                for entry in part:
                    if entry.tag == _GLOSS_ENTRY:
                        term = _gloss_entry(entry)
                        if term is not None:
                            terms.append(term)
        if not states:
            self.problems.append(f"segment {unit_id!r} has no <segment> ({self.where(el)})")
            return None
        # a tool that split the unit despite canResegment="no": join it back,
        # at the least advanced state of its parts
        state = min(states, key=STATES.index)
        prefix, _, kind = (el.get("type") or "").partition(":")
        kind = kind if prefix == KIND_PREFIX and kind else "paragraph"
        alternatives: list[Alternative] = []
        for match in match_els:
            m_source: str | None = None
            m_target: str | None = None
            for child in match:
                if child.tag == _SOURCE and m_source is None:
                    m_source = _inline(child, _TEXT_20)
                elif child.tag == _TARGET and m_target is None:
                    m_target = _inline(child, _TEXT_20)
            if m_target is not None:
                alternatives.append(
                    Alternative(
                        "".join(sources) if m_source is None else m_source,
                        m_target,
                        _score(match.get("similarity") or match.get("matchQuality")),
                        match.get("origin") or match.get("type") or "",
                    )
                )
        return XliffUnit(
            unit_id,
            "".join(sources),
            "".join(targets),
            state,
            notes,
            alternatives,
            terms,
            _meta(el).get("context"),
            kind,
        )


def _gloss_entry(entry: etree._Element) -> TermNote | None:
    term: str | None = None
    translation = ""
    seen_translation = False
    for child in entry:
        if child.tag == _GLS_TERM and term is None:
            term = child.text or ""
        elif child.tag == _GLS_TRANSLATION and not seen_translation:
            translation, seen_translation = child.text or "", True
    if term is None:
        return None
    return TermNote(term, translation, _meta(entry).get("status", ""))


def read_document(data: bytes, source: str) -> tuple[XliffJob, list[str], str]:
    """The job in an XLIFF document, the problems found in its structure
    (units without id, ids found twice…) and the version read ("1.2" or "2.0").
    Hostile, malformed and non-XLIFF documents raise :class:`InputError`."""
    root = parse_untrusted_xml(data, source)
    namespace = etree.QName(root).namespace
    if _local(root) != "xliff":
        raise InputError(f"not an XLIFF file: the root element is <{_local(root)}>", source=source)
    version = (root.get("version") or "").strip()
    reading = _Reading(source)
    if namespace is None and version.startswith("2."):
        raise InputError(
            f"an XLIFF {version} file without the XLIFF 2 namespace ({NS20})", source=source
        )
    if namespace == NS20:
        family = "2.0"
        files = _children(root, "file", NS20)
    elif namespace in {NS12, NS11, None} and version in {"1.0", "1.1", "1.2", ""}:
        family = "1.2"
        files = _children(root, "file")
    else:
        raise InputError(
            f"XLIFF version {version or '?'} ({namespace or 'no namespace'}) is not read; "
            "1.2 and 2.0 are",
            source=source,
        )
    if len(files) != 1:
        raise InputError(
            f"the XLIFF file holds {len(files)} <file> elements; one job per file is read",
            source=source,
        )
    job = reading.file20(root, files[0]) if family == "2.0" else reading.file12(root, files[0])
    problems = reading.problems
    dupes = duplicate_ids(job.units)
    if dupes:
        problems.append(f"segment ids found twice in the file: {listing(dupes)}")
    return job, problems, family
