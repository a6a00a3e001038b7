"""Every XLIFF the office writes validates against schemas of XLIFF 1.2 and
2.0 (core and the matches, glossary and metadata modules), offline; the
schemas are in tests/data/schemas."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from doingoai.errors import InputError
from doingoai.translate.xliff import (
    STATES,
    Alternative,
    TermNote,
    XliffJob,
    XliffUnit,
    export_xliff,
)

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"
GLS = "{urn:oasis:names:tc:xliff:glossary:2.0}"


def xliff_problems(data: bytes) -> list[str]:
    """Why ``data`` is not valid XLIFF of its version (empty when it is)."""
    root = etree.fromstring(data)
    version = root.get("version")
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / f"xliff-{version}.xsd")))
    problems = [] if schema.validate(root) else [e.message for e in schema.error_log]
    # a glossary entry has a translation or a definition (a rule no schema says)
    for entry in root.iter(f"{GLS}glossEntry"):
        if entry.find(f"{GLS}translation") is None and entry.find(f"{GLS}definition") is None:
            problems.append("a glossary entry has neither translation nor definition")
    return problems


def _job(units: list[XliffUnit]) -> XliffJob:
    return XliffJob("42", "vi", "en", "https://laodongthudo.vn/bai-viet.html", units)


UNITS = [
    XliffUnit("1", "Thông tin đối ngoại Hà Nội", kind="title"),
    XliffUnit(
        "2",
        "Ngày 2.6, Sở TT&TT tổ chức hội nghị <tổng kết>.",
        "[en] Ngày 2.6, Sở TT&TT tổ chức hội nghị <tổng kết>.",
        "new",
        notes=["lead 1, segment 1", "pre-translated from mt"],
        alternatives=[
            Alternative("Ngày 2.6, Sở TT&TT tổ chức hội nghị.", "On June 2, ...", 87.5, "tm"),
            Alternative("Ngày 2.6, ...", "[en] ...", 0.0, "mt"),
            Alternative("Ngày 2.6, ...", "a reviewer's note", 100.0, "other"),
        ],
        terms=[
            TermNote("Sở TT&TT", "Department of Information and Communications", "preferred"),
            TermNote("hội nghị", ""),
        ],
        context="lead:1d77705096c7ba43",
        kind="lead",
    ),
    XliffUnit("3", "Bộ Công an\x07 làm việc.", "The Ministry\x0b worked.", "translated"),
    XliffUnit("4", "Toàn cảnh hội nghị.", "An overview.", "reviewed", kind="caption"),
    XliffUnit("5", "Hà Nội.", "Hanoi.", "final", context=""),
]


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_export_is_valid_xliff(version: str) -> None:
    assert {u.state for u in UNITS} == set(STATES)
    assert xliff_problems(export_xliff(_job(UNITS), version)) == []


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_empty_job_is_valid_xliff(version: str) -> None:
    # XLIFF 2.0 needs a unit in a file: a job of no segment is refused before
    if version == "2.0":
        with pytest.raises(InputError, match=r"no segment cannot be written as XLIFF 2\.0"):
            export_xliff(_job([]), version)
    else:
        assert xliff_problems(export_xliff(_job([]), version)) == []


@pytest.mark.parametrize(
    ("version", "edit", "complaint"),
    [
        ("1.2", lambda x: x.replace(b'state="translated"', b'state="done"'), "state"),
        ("1.2", lambda x: x.replace(b' datatype="plaintext"', b""), "datatype"),
        ("2.0", lambda x: x.replace(b'state="translated"', b'state="new"'), "state"),
        ("2.0", lambda x: x.replace(b'ref="#2"', b""), "ref"),
        ("2.0", lambda x: x.replace(b'similarity="87.5"', b'similarity="187.5"'), "similarity"),
        ("2.0", lambda x: x.replace(b"Department of Information and Communications", b""), ""),
    ],
)
def test_schemas_catch_what_the_standard_forbids(
    version: str, edit: object, complaint: str
) -> None:
    good = export_xliff(_job(UNITS), version)
    assert callable(edit)
    bad = edit(good)
    assert bad != good
    if complaint:
        assert any(complaint in p for p in xliff_problems(bad))
    else:  # an empty translation is still a translation
        assert xliff_problems(bad) == []
