"""Units and outlets as the office keeps them: merging two units that became
one (or were entered twice), deleting a unit nothing depends on, merging
outlets that are one publication and attributing an outlet to a unit. Every
step writes the audit log; none checks roles (the caller does, see
:func:`doingoai.curation.roles.can_manage_plans`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import translation

from doingoai.curation.models import SourceUnit, Unit
from doingoai.curation.services import CurationError, log
from doingoai.store.models import Article, Outlet

__all__ = ["attribute_outlet", "attribute_source", "delete_unit", "merge_outlets", "merge_units"]

#: what stays recorded against a merged unit instead of moving with it: a
#: plan's target names the unit it was set for; the plan then says the unit
#: was merged, and a manager moves the target
_KEPT_ON_MERGE = {"plans.target"}


def merge_units(unit: Unit, into: Unit, actor: Any) -> dict[str, int]:
    """Merge ``unit`` into ``into``: its members, selections, submissions,
    outlets, articles, tokens and sub-units move to ``into``; its names become
    aliases of ``into``; its row stays, marked merged and inactive. Returns
    how many rows of each kind moved."""
    if unit.pk == into.pk:
        raise CurationError(f"cannot merge the unit {unit.slug!r} into itself")
    if into.merged_into_id is not None:
        raise CurationError(
            f"the unit {into.slug!r} was itself merged into another: merge into that one"
        )
    if unit.merged_into_id is not None:
        raise CurationError(f"the unit {unit.slug!r} was merged before")
    moved: dict[str, int] = {}
    with transaction.atomic():
        for rel in Unit._meta.related_objects:
            model = rel.related_model
            if isinstance(model, str) or not rel.one_to_many:
                continue
            if model._meta.label_lower in _KEPT_ON_MERGE:
                continue
            name = rel.field.name
            query = model._default_manager.filter(**{name: unit})
            if model is Unit:
                query = query.exclude(pk=into.pk)
            count = query.update(**{name: into})
            if count:
                moved[f"{model._meta.label_lower}.{name}"] = count
        aliases = [*into.aliases]
        for name in (unit.name, unit.name_en, *unit.aliases):
            if name and name not in aliases and name != into.name:
                aliases.append(name)
        into.aliases = aliases
        into.save(update_fields=["aliases"])
        unit.merged_into = into
        unit.active = False
        unit.save(update_fields=["merged_into", "active"])
        log(actor, "merge-unit", unit, into=into.slug, moved=moved)
    return moved


def delete_unit(unit: Unit, actor: Any) -> None:
    """Delete ``unit`` when nothing recorded depends on it; otherwise say what
    does (a plan's targets, merged units) and delete nothing."""
    with transaction.atomic():
        slug, pk = unit.slug, unit.pk
        try:
            unit.delete()
        except ProtectedError as err:
            with translation.override(None):  # the message is in English, as all of them here
                kinds = sorted({str(o._meta.verbose_name_plural) for o in err.protected_objects})
            raise CurationError(
                f"the unit {slug!r} cannot be deleted: {', '.join(kinds)} "
                "still name it; merge it into another unit or move them first"
            ) from err
        entry = Unit(pk=pk, slug=slug)
        log(actor, "delete-unit", entry, slug=slug)


def merge_outlets(keep: Outlet, others: list[Outlet], actor: Any) -> int:
    """Merge ``others`` into ``keep`` (one publication under several names or
    sites): their articles move to ``keep``, their names and sites become its
    aliases, their rows stay pointing to it. Returns the articles moved."""
    others = [o for o in others if o.pk != keep.pk]
    if not others:
        raise CurationError("name at least one other outlet to merge into this one")
    if keep.merged_into_id is not None:
        raise CurationError(f"the outlet {keep.domain!r} was merged into another: keep that one")
    moved = 0
    with transaction.atomic():
        aliases = [*keep.aliases]
        for other in others:
            moved += Article.objects.filter(outlet=other).update(outlet=keep)
            Outlet.objects.filter(merged_into=other).update(merged_into=keep)
            for name in (other.name, other.domain, *other.aliases):
                if name and name not in aliases and name != keep.name:
                    aliases.append(name)
            other.merged_into = keep
            other.save(update_fields=["merged_into"])
        keep.aliases = aliases
        keep.save(update_fields=["aliases"])
        log(actor, "merge-outlets", keep, merged=[o.domain for o in others], articles=moved)
    return moved


def attribute_outlet(outlet: Outlet, unit: Unit | None, actor: Any) -> Outlet:
    """Attribute ``outlet`` (and so the articles collected from it) to ``unit``."""
    with transaction.atomic():
        before = outlet.unit.slug if outlet.unit else None
        outlet.unit = unit
        outlet.save(update_fields=["unit"])
        log(actor, "attribute-outlet", outlet, unit=unit.slug if unit else None, before=before)
    return outlet


def attribute_source(source: Any, unit: Unit | None, actor: Any) -> SourceUnit | None:
    """Attribute the collection source ``source`` (an ``office.Source``), and
    so the articles collected from it, to ``unit`` (None: to no unit). A
    merged or inactive unit is refused. The articles already collected from
    the source are marked for the report rollups to count them again."""
    if unit is not None and unit.merged_into_id is not None:
        raise CurationError(
            f"the unit {unit.slug!r} was merged into {unit.current().slug!r}: "
            "attribute the source to that one"
        )
    if unit is not None and not unit.active:
        raise CurationError(f"the unit {unit.slug!r} is no longer active")
    from doingoai.reports.models import DirtyArticle

    with transaction.atomic():
        found = SourceUnit.objects.select_for_update().filter(source=source).first()
        before = found.unit.slug if found is not None else None
        if unit is None:
            if found is not None:
                found.delete()
            found = None
        elif found is None:
            found = SourceUnit.objects.create(source=source, unit=unit)
        elif found.unit_id != unit.pk:
            found.unit = unit
            found.save(update_fields=["unit"])
        ids = Article.objects.filter(raw__source=source.url).values_list("pk", flat=True)
        DirtyArticle.objects.bulk_create([DirtyArticle(article=pk) for pk in ids])
        log(
            actor,
            "attribute-source",
            source,
            unit=unit.slug if unit else None,
            before=before,
            url=source.url,
        )
    return found
