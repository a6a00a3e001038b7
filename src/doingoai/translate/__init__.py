"""Translation: memory, termbase, QA checks and exchange formats. Core layer:
no Django."""

from __future__ import annotations

from doingoai.translate.memory import ORIGINS, Entry, Match, TranslationMemory, schema_sql
from doingoai.translate.qa import Issue, blocks_approval, check_segment, check_version
from doingoai.translate.tbx import read_csv_glossary, read_tbx, write_tbx
from doingoai.translate.termbase import (
    Concept,
    Term,
    Termbase,
    TermHit,
    default_termbase,
    load_termbase,
    save_termbase,
)
from doingoai.translate.tmx import export_tmx, import_tmx

__all__ = [
    "ORIGINS",
    "Concept",
    "Entry",
    "Issue",
    "Match",
    "Term",
    "TermHit",
    "Termbase",
    "TranslationMemory",
    "blocks_approval",
    "check_segment",
    "check_version",
    "default_termbase",
    "export_tmx",
    "import_tmx",
    "load_termbase",
    "read_csv_glossary",
    "read_tbx",
    "save_termbase",
    "schema_sql",
    "write_tbx",
]
