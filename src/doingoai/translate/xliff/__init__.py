"""XLIFF 1.2 and 2.0 exchange of a translation job with CAT tools.

A job travels as :class:`XliffJob` (job id, language pair, the document it
translates) holding :class:`XliffUnit` segments, each with its notes,
translation-memory and machine matches (:class:`Alternative`) and termbase
hits (:class:`TermNote`). How each field is written:

=================  ==========================================  ==============================================
field              XLIFF 1.2                                   XLIFF 2.0
=================  ==========================================  ==============================================
job_id             ``<phase job-id>`` in the header            file ``<mda:meta type="job-id">``
original           ``<file original>``                         ``<file original>``
languages          ``source-language``, ``target-language``    ``srcLang``, ``trgLang``
unit id            ``<trans-unit id>``                         ``<unit id>`` and its ``<segment id>``
kind               ``restype="x-paragraph"``                   ``type="doingoai:paragraph"``
state              target ``state``: needs-translation,        segment ``state``: initial, translated,
                   translated, signed-off, final (reviewed     reviewed, final
                   and final also ``approved="yes"``)
notes              ``<note>``                                  ``<notes><note>``
terms              ``<note from="termbase">`` "source →        ``<gls:glossEntry>`` term, translation;
                   target (status)"                            status in ``<mda:meta type="status">``
alternatives       ``<alt-trans match-quality origin>``        ``<mtc:match similarity origin type>``
context            ``<context context-type="x-context">``      unit ``<mda:meta type="context">``
=================  ==========================================  ==============================================

Import is all or nothing: :func:`import_xliff` returns a whole job or raises.
Hostile XML (entity declarations: expansion bombs, external entities) and
malformed XML raise :class:`~doingoai.errors.InputError` naming the file (and
the line); a file that does not fit the job it should come back to raises
:class:`~doingoai.errors.XliffMismatch`, whose ``problems`` list every reason.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from doingoai.errors import InputError, XliffMismatch

from ._model import (
    KINDS,
    STATES,
    Alternative,
    TermNote,
    XliffJob,
    XliffUnit,
    job_problems,
    same_language,
)
from ._read import read_document
from ._write import export_xliff

__all__ = [
    "KINDS",
    "STATES",
    "VERSIONS",
    "Alternative",
    "TermNote",
    "XliffJob",
    "XliffMismatch",
    "XliffUnit",
    "export_xliff",
    "import_xliff",
    "job_problems",
    "read_xliff",
    "same_language",
    "write_xliff",
    "xliff_version",
]

#: The XLIFF versions written.
VERSIONS = ("1.2", "2.0")


def write_xliff(job: XliffJob, path: str | Path, version: str = "1.2") -> Path:
    """Write the job as XLIFF to ``path``, whole or not at all (through a
    temporary file beside it); returns the path."""
    data = export_xliff(job, version)
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise InputError(
            f"cannot write the XLIFF file: {err.strerror or err}", source=str(path)
        ) from err
    return target


def import_xliff(
    data: bytes, *, expected: XliffJob | None = None, source: str = "file"
) -> XliffJob:
    """Read an XLIFF 1.2 or 2.0 document (the version is detected).

    With ``expected``, the job the file should come back to, the file must be
    for that job and document, in its language pair, with the same segment ids
    and unchanged source texts. Every problem is gathered into one
    :class:`~doingoai.errors.XliffMismatch`; nothing is returned partly.
    ``source`` names the input in messages (a file name)."""
    job, problems, _ = read_document(data, source)
    if expected is not None:
        problems += [p for p in job_problems(job, expected) if p not in problems]
    if problems:
        raise XliffMismatch(problems, source=source)
    return job


def read_xliff(path: str | Path, *, expected: XliffJob | None = None) -> XliffJob:
    """:func:`import_xliff` on a file, naming it in every message."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise InputError(
            f"cannot read the XLIFF file: {err.strerror or err}", source=str(path)
        ) from err
    return import_xliff(data, expected=expected, source=str(path))


def xliff_version(data: bytes, *, source: str = "file") -> str:
    """The XLIFF family of a document: "1.2" (also 1.0 and 1.1) or "2.0" (2.x)."""
    return read_document(data, source)[2]
