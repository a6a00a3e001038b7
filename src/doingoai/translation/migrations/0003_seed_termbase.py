"""Seed the termbase with the one shipped with doingoai (default_termbase():
Circular 03/2009/TT-BNG names and Hà Nội's bodies), when it is empty."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from doingoai.translate.termbase import default_termbase


def seed(apps: Any, schema_editor: Any) -> None:
    concept_model = apps.get_model("translation", "TermConcept")
    entry_model = apps.get_model("translation", "TermEntry")
    db = schema_editor.connection.alias
    if concept_model.objects.using(db).exists():
        return
    entries = []
    for concept in default_termbase():
        row = concept_model.objects.using(db).create(
            concept_id=concept.id,
            subject=concept.subject,
            note=concept.note,
            generic=concept.generic,
        )
        for position, term in enumerate(concept.terms):
            entries.append(
                entry_model(
                    concept=row,
                    lang=term.lang,
                    text=term.text,
                    status=term.status,
                    valid_from=term.valid_from,
                    valid_to=term.valid_to,
                    note=term.note,
                    source=term.source,
                    position=position,
                )
            )
    entry_model.objects.using(db).bulk_create(entries)


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("translation", "TermConcept").objects.using(
        schema_editor.connection.alias
    ).all().delete()


class Migration(migrations.Migration):
    dependencies = [("translation", "0002_translation_memory")]

    operations = [migrations.RunPython(seed, unseed)]
