"""The translation memory and the termbase in the Django database.

The memory is :class:`doingoai.translate.memory.TranslationMemory` over the
database connection itself (its tables come from migration 0002), so an
approval and the entries it adds commit or roll back together. The termbase is
kept in :class:`~doingoai.translation.models.TermConcept` and
:class:`~doingoai.translation.models.TermEntry` rows and read into a
:class:`~doingoai.translate.termbase.Termbase` when needed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from django.db import connections, transaction

from doingoai.text import match_form
from doingoai.translate.memory import TranslationMemory
from doingoai.translate.termbase import (
    Concept,
    Term,
    Termbase,
    load_termbase,
    save_termbase,
)
from doingoai.translation.models import TermConcept, TermEntry

__all__ = [
    "export_terms",
    "import_terms",
    "store_termbase",
    "termbase",
    "translation_memory",
]

_NUMBERED = re.compile(r"csv-\d+")


def translation_memory(using: str = "default") -> TranslationMemory:
    """The memory in database ``using`` (its tables made by the migrations)."""
    conn = connections[using]
    conn.ensure_connection()
    return TranslationMemory(conn.connection, vendor=conn.vendor, create=False)


def termbase() -> Termbase:
    """The termbase as stored (seeded from :func:`default_termbase` by migration 0003)."""
    concepts: dict[int, Concept] = {}
    for row in TermConcept.objects.order_by("id"):
        concepts[row.pk] = Concept(row.concept_id, row.subject, row.note, generic=row.generic)
    for term in TermEntry.objects.order_by("concept_id", "position", "id"):
        concepts[term.concept_id].terms.append(
            Term(
                term.lang,
                term.text,
                term.status,  # type: ignore[arg-type]
                term.valid_from,
                term.valid_to,
                term.note,
                term.source,
            )
        )
    return Termbase(concepts.values())


def store_termbase(terms: Termbase) -> tuple[int, int]:
    """Add or replace every concept of ``terms`` in one transaction; returns
    (added, replaced). A replaced concept gets exactly the terms given."""
    added = replaced = 0
    with transaction.atomic():
        existing = {c.concept_id: c for c in TermConcept.objects.all()}
        rows: list[TermEntry] = []
        for concept in terms:
            row = existing.get(concept.id)
            if row is None:
                row = TermConcept.objects.create(
                    concept_id=concept.id,
                    subject=concept.subject,
                    note=concept.note,
                    generic=concept.generic,
                )
                added += 1
            else:
                row.subject, row.note, row.generic = concept.subject, concept.note, concept.generic
                row.save()
                row.terms.all().delete()
                replaced += 1
            rows.extend(
                TermEntry(
                    concept=row,
                    lang=t.lang,
                    text=t.text,
                    status=t.status,
                    valid_from=t.valid_from,
                    valid_to=t.valid_to,
                    note=t.note,
                    source=t.source,
                    position=n,
                )
                for n, t in enumerate(concept.terms)
            )
        TermEntry.objects.bulk_create(rows)
    return added, replaced


def _csv_ids(terms: Termbase) -> Termbase:
    """A CSV glossary numbers its concepts csv-1, csv-2… in the file: give them
    ids from their first term instead, so another glossary does not replace
    them and importing the same one again updates them."""
    out = Termbase()
    for concept in terms:
        if _NUMBERED.fullmatch(concept.id) and concept.terms:
            first = concept.terms[0]
            key = f"{first.lang}\x1f{match_form(first.text)}".encode()
            concept = replace(concept, id=f"csv-{hashlib.sha1(key).hexdigest()[:16]}")
        out.add(concept, replace=True)
    return out


def import_terms(path: str | Path) -> tuple[int, int]:
    """Read a TBX, CSV or JSON termbase file and store its concepts, all or
    nothing; returns (added, replaced). Concepts of a CSV glossary without an
    ``id`` column are named after their source term."""
    terms = load_termbase(path)
    if Path(path).suffix.lower() == ".csv":
        terms = _csv_ids(terms)
    return store_termbase(terms)


def export_terms(path: str | Path) -> int:
    """Write the stored termbase as TBX (.tbx) or JSON (.json); returns the
    number of concepts written."""
    terms = termbase()
    save_termbase(terms, path)
    return len(terms)
