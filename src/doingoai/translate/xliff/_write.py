"""Writing a job as XLIFF 1.2 or 2.0.

Segments are plain text: characters such as ``&``, ``<`` and quotes are
escaped, never turned into inline codes. Characters XML 1.0 cannot carry
(C0 controls) are written as ``<cp hex="…"/>`` in 2.0 and left out in 1.2,
which has no way to write them.
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

from doingoai import __version__
from doingoai.errors import InputError

from ._model import STATES, XML_INVALID, XliffJob, XliffUnit, duplicate_ids

NS12: Final = "urn:oasis:names:tc:xliff:document:1.2"
NS20: Final = "urn:oasis:names:tc:xliff:document:2.0"
NS_MTC: Final = "urn:oasis:names:tc:xliff:matches:2.0"
NS_GLS: Final = "urn:oasis:names:tc:xliff:glossary:2.0"
NS_MDA: Final = "urn:oasis:names:tc:xliff:metadata:2.0"
XML_LANG: Final = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE: Final = "{http://www.w3.org/XML/1998/namespace}space"

TOOL_ID: Final = "doingoai"
#: 1.2 ``context-type`` of a segment's context; 2.0 metadata category.
CONTEXT_TYPE: Final = "x-context"
META_CATEGORY: Final = "doingoai"
#: 1.2 ``<note from>`` of the termbase hits.
TERMBASE_NOTE: Final = "termbase"
#: 2.0 ``type`` prefix of a unit's kind ("doingoai:paragraph").
KIND_PREFIX: Final = "doingoai"
TERM_ARROW: Final = " → "

STATE_TO_12: Final = {
    "new": "needs-translation",
    "translated": "translated",
    "reviewed": "signed-off",
    "final": "final",
}
STATE_TO_20: Final = {
    "new": "initial",
    "translated": "translated",
    "reviewed": "reviewed",
    "final": "final",
}
MTC_TYPES: Final = frozenset({"am", "mt", "icm", "idm", "tb", "tm", "other"})

_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
# XML NameChar, as far as ids go (XLIFF 2.0 ids are NMTOKENs)
_NMTOKEN = re.compile(r"[\w.\-:\u00b7\u0300-\u036f\u203f\u2040]+")
_KIND = re.compile(r"[^\s:]+")


def term_note(source: str, target: str, status: str) -> str:
    """The text of a 1.2 termbase note: "Bộ Tài chính → Ministry of Finance (preferred)"."""
    return f"{source}{TERM_ARROW}{target}" + (f" ({status})" if status else "")


def score_text(score: float) -> str:
    return f"{score:.2f}".rstrip("0").rstrip(".")


def _check(job: XliffJob, version: str) -> None:
    where = f"job {job.job_id}"
    if version not in {"1.2", "2.0"}:
        raise InputError(f"XLIFF version {version!r} is not written; use 1.2 or 2.0", source=where)
    for name, lang in (("source", job.source_lang), ("target", job.target_lang)):
        if not _LANGUAGE.fullmatch(lang or ""):
            raise InputError(f"the {name} language {lang!r} is not a language tag", source=where)
    if version == "2.0" and not job.units:
        raise InputError(
            "a job of no segment cannot be written as XLIFF 2.0 (a file needs a unit)", source=where
        )
    dupes = duplicate_ids(job.units)
    if dupes:
        raise InputError(f"segment ids used twice: {', '.join(dupes[:10])}", source=where)
    for unit in job.units:
        if not unit.id:
            raise InputError("a segment has an empty id", source=where)
        if version == "2.0" and not _NMTOKEN.fullmatch(unit.id):
            raise InputError(
                f"segment id {unit.id!r} is not an XML name token (letters, digits, "
                "'.', '-', '_', ':'), which XLIFF 2.0 needs",
                source=where,
            )
        if unit.state not in STATES:
            raise InputError(
                f"segment {unit.id!r} has the state {unit.state!r}, not one of {', '.join(STATES)}",
                source=where,
            )
        if not _KIND.fullmatch(unit.kind):
            raise InputError(f"segment {unit.id!r} has the kind {unit.kind!r}", source=where)
        for alt in unit.alternatives:
            if not 0.0 <= alt.score <= 100.0:
                raise InputError(
                    f"segment {unit.id!r} has a match scored {alt.score}, outside 0–100",
                    source=where,
                )


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = XML_INVALID.sub("", text)
    return el


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True))


# --- XLIFF 1.2 ----------------------------------------------------------------


def _q12(name: str) -> str:
    return f"{{{NS12}}}{name}"


def _unit12(body: etree._Element, unit: XliffUnit, job: XliffJob) -> None:
    attrs = {"id": unit.id, "restype": f"x-{unit.kind}", XML_SPACE: "preserve"}
    if unit.state in {"reviewed", "final"}:
        attrs["approved"] = "yes"
    tu = etree.SubElement(body, _q12("trans-unit"), attrs)
    _sub(tu, _q12("source"), unit.source, **{XML_LANG: job.source_lang})
    if unit.target or unit.state != "new":
        target = _sub(tu, _q12("target"), unit.target, **{XML_LANG: job.target_lang})
        target.set("state", STATE_TO_12[unit.state])
    if unit.context is not None:
        group = _sub(tu, _q12("context-group"), purpose="information")
        _sub(group, _q12("context"), unit.context, **{"context-type": CONTEXT_TYPE})
    for note in unit.notes:
        _sub(tu, _q12("note"), note)
    for term in unit.terms:
        _sub(
            tu,
            _q12("note"),
            term_note(term.source, term.target, term.status),
            **{"from": TERMBASE_NOTE},
        )
    for alt in unit.alternatives:
        at = _sub(tu, _q12("alt-trans"), **{"match-quality": score_text(alt.score)})
        if alt.origin:
            at.set("origin", alt.origin)
        _sub(at, _q12("source"), alt.source, **{XML_LANG: job.source_lang})
        _sub(at, _q12("target"), alt.target, **{XML_LANG: job.target_lang})


def _xliff12(job: XliffJob) -> bytes:
    root = etree.Element(_q12("xliff"), {"version": "1.2"}, nsmap={None: NS12})
    file = _sub(
        root,
        _q12("file"),
        original=job.original,
        datatype="plaintext",
        **{
            "source-language": job.source_lang,
            "target-language": job.target_lang,
            "tool-id": TOOL_ID,
        },
    )
    header = _sub(file, _q12("header"))
    phases = _sub(header, _q12("phase-group"))
    _sub(
        phases,
        _q12("phase"),
        **{
            "phase-name": "translation",
            "process-name": "translation",
            "tool-id": TOOL_ID,
            "job-id": job.job_id,
        },
    )
    _sub(
        header,
        _q12("tool"),
        **{"tool-id": TOOL_ID, "tool-name": "doingoai", "tool-version": __version__},
    )
    body = _sub(file, _q12("body"))
    for unit in job.units:
        _unit12(body, unit, job)
    return _serialise(root)


# --- XLIFF 2.0 ----------------------------------------------------------------


def _q20(name: str) -> str:
    return f"{{{NS20}}}{name}"


def _text20(el: etree._Element, text: str) -> None:
    """Set the text of a 2.0 source or target; characters XML cannot carry
    become ``<cp hex>`` elements."""
    if XML_INVALID.search(text) is None:
        el.text = text
        return
    pieces = XML_INVALID.split(text)
    codes = XML_INVALID.findall(text)
    el.text = pieces[0]
    for code, after in zip(codes, pieces[1:], strict=True):
        if 0xD800 <= ord(code) <= 0xDFFF:  # a lone surrogate is no code point: dropped
            tail = el[-1] if len(el) else None
            if tail is None:
                el.text = (el.text or "") + after
            else:
                tail.tail = (tail.tail or "") + after
            continue
        cp = etree.SubElement(el, _q20("cp"), hex=f"{ord(code):04X}")
        cp.tail = after


def _metadata(parent: etree._Element, **meta: str) -> None:
    md = etree.SubElement(parent, f"{{{NS_MDA}}}metadata")
    group = etree.SubElement(md, f"{{{NS_MDA}}}metaGroup", category=META_CATEGORY)
    for kind, value in meta.items():
        _sub(group, f"{{{NS_MDA}}}meta", value, type=kind.replace("_", "-"))


def _unit20(file: etree._Element, unit: XliffUnit, job: XliffJob) -> None:
    el = etree.SubElement(
        file,
        _q20("unit"),
        {"id": unit.id, "type": f"{KIND_PREFIX}:{unit.kind}", XML_SPACE: "preserve"},
    )
    if unit.alternatives:
        matches = etree.SubElement(el, f"{{{NS_MTC}}}matches")
        for alt in unit.alternatives:
            match = etree.SubElement(
                matches, f"{{{NS_MTC}}}match", ref=f"#{unit.id}", similarity=score_text(alt.score)
            )
            if alt.origin in MTC_TYPES:
                match.set("type", alt.origin)
            if alt.origin:
                match.set("origin", alt.origin)
            _text20(etree.SubElement(match, _q20("source")), alt.source)
            _text20(etree.SubElement(match, _q20("target")), alt.target)
    if unit.terms:
        glossary = etree.SubElement(el, f"{{{NS_GLS}}}glossary")
        for term in unit.terms:
            entry = etree.SubElement(glossary, f"{{{NS_GLS}}}glossEntry")
            _sub(entry, f"{{{NS_GLS}}}term", term.source, source=TOOL_ID)
            # an entry needs a translation or a definition: an empty
            # translation says the termbase gives none
            _sub(entry, f"{{{NS_GLS}}}translation", term.target)
            if term.status:
                _metadata(entry, status=term.status)
    if unit.context is not None:
        _metadata(el, context=unit.context)
    if unit.notes:
        notes = etree.SubElement(el, _q20("notes"))
        for note in unit.notes:
            _sub(notes, _q20("note"), note)
    segment = etree.SubElement(el, _q20("segment"), id=unit.id, state=STATE_TO_20[unit.state])
    _text20(etree.SubElement(segment, _q20("source")), unit.source)
    if unit.target or unit.state != "new":
        _text20(etree.SubElement(segment, _q20("target")), unit.target)


def _xliff20(job: XliffJob) -> bytes:
    root = etree.Element(
        _q20("xliff"),
        {"version": "2.0", "srcLang": job.source_lang, "trgLang": job.target_lang},
        nsmap={None: NS20, "mtc": NS_MTC, "gls": NS_GLS, "mda": NS_MDA},
    )
    file = etree.SubElement(root, _q20("file"), id="f1", canResegment="no")
    if job.original:
        file.set("original", job.original)
    _metadata(file, job_id=job.job_id, tool=f"doingoai {__version__}")
    for unit in job.units:
        _unit20(file, unit, job)
    return _serialise(root)


def export_xliff(job: XliffJob, version: str = "1.2") -> bytes:
    """The job as an XLIFF document ("1.2" or "2.0"), UTF-8 with an XML
    declaration. A job that XLIFF cannot carry (duplicate or, for 2.0,
    non-NMTOKEN segment ids; an unknown state; a language that is no
    language tag; a score outside 0–100) raises :class:`InputError`."""
    _check(job, version)
    return _xliff12(job) if version == "1.2" else _xliff20(job)
