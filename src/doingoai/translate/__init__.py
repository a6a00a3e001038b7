"""Translation: memory, termbase, QA checks and exchange formats. Core layer:
no Django. Each part keeps its names in its own section below."""

from __future__ import annotations

# -- translation memory and TMX exchange ------------------------------------
from doingoai.translate.memory import ORIGINS, Entry, Match, TranslationMemory, schema_sql
from doingoai.translate.tmx import export_tmx, import_tmx

__all__ = [
    # translation memory and TMX exchange
    "ORIGINS",
    "Entry",
    "Match",
    "TranslationMemory",
    "export_tmx",
    "import_tmx",
    "schema_sql",
]
