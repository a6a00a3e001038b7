"""Creating, editing and deleting plans and their targets, and writing a
period's assessment, with the checks that keep them sound: a period that ends
before it starts, a year or quarter that is not one, two plans of the same
kind and lead unit over overlapping periods, a target on a merged or inactive
unit, a target without the stage it counts. Each refusal is a
:class:`PlanError` naming the plan and what is wrong; nothing is stored then.
Every change writes the audit log. Roles are the caller's to check
(:func:`doingoai.curation.roles.can_manage_plans`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from doingoai.curation.models import Theme, Unit
from doingoai.curation.services import log
from doingoai.errors import DoingoaiError
from doingoai.plans.models import MEASURES, PERIOD_KINDS, STAGES, Assessment, Plan, Target

__all__ = [
    "PlanError",
    "TargetSpec",
    "check_period",
    "create_plan",
    "delete_plan",
    "plan_problems",
    "save_assessment",
    "set_targets",
    "update_plan",
]


class PlanError(DoingoaiError):
    """A plan, target or assessment that cannot be stored as given."""


@dataclass
class TargetSpec:
    """A target as entered (in a form or a spreadsheet row): slugs, not rows."""

    measure: str
    value: Any
    stage: str = ""
    unit: str = ""
    theme: str = ""
    language: str = ""
    note: str = ""
    where: str = ""


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next_quarter(day: date) -> date:
    start = _quarter_start(day)
    return date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)


def check_period(name: str, kind: str, start: date, end: date) -> None:
    """Refuse a period that ends before it starts, or is not the kind it says."""
    label = f"plan {name!r}"
    if kind not in PERIOD_KINDS:
        raise PlanError(f"{label}: unknown period {kind!r}; expected {', '.join(PERIOD_KINDS)}")
    if end < start:
        raise PlanError(f"{label}: the period ends ({end}) before it starts ({start})")
    if kind == "year" and (start != date(start.year, 1, 1) or end != date(start.year, 12, 31)):
        raise PlanError(f"{label}: a year plan runs from 1 January to 31 December of one year")
    if kind == "quarter" and (
        start != _quarter_start(start) or end != _next_quarter(start) - timedelta(days=1)
    ):
        raise PlanError(f"{label}: a quarter plan runs from the first to the last day of a quarter")
    if kind == "programme" and end.year == start.year:
        raise PlanError(f"{label}: a programme spans several years; use a year or quarter plan")


def _check_overlap(
    name: str, kind: str, start: date, end: date, lead: Unit | None, exclude: int | None
) -> None:
    others = Plan.objects.filter(kind=kind, lead_unit=lead, start__lte=end, end__gte=start)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    other = others.order_by("start").first()
    if other is not None:
        raise PlanError(
            f"plan {name!r} ({start}–{end}) overlaps the plan {other.name!r} "
            f"({other.start}–{other.end}) of the same kind and lead unit"
        )


def _check_unit(unit: Unit | None, where: str) -> None:
    if unit is None:
        return
    if unit.merged_into_id is not None:
        current = unit.current()
        raise PlanError(
            f"{where}: the unit {unit.slug!r} was merged into {current.slug!r}; "
            f"set the target on {current.slug!r}"
        )
    if not unit.active:
        raise PlanError(f"{where}: the unit {unit.slug!r} is no longer active")


def create_plan(
    *,
    name: str,
    kind: str,
    start: date,
    end: date,
    actor: Any,
    lead_unit: Unit | None = None,
    description: str = "",
    sample: bool = False,
) -> Plan:
    name = name.strip()
    if not name:
        raise PlanError("a plan needs a name")
    check_period(name, kind, start, end)
    _check_unit(lead_unit, f"plan {name!r}")
    with transaction.atomic():
        _check_overlap(name, kind, start, end, lead_unit, None)
        plan = Plan.objects.create(
            name=name,
            kind=kind,
            start=start,
            end=end,
            lead_unit=lead_unit,
            description=description,
            sample=sample,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        log(
            actor,
            "create-plan",
            plan,
            name=name,
            kind=kind,
            start=start.isoformat(),
            end=end.isoformat(),
        )
    return plan


def update_plan(plan: Plan, actor: Any, **fields: Any) -> Plan:
    """Change the plan's name, kind, period, lead unit or description."""
    allowed = {"name", "kind", "start", "end", "lead_unit", "description"}
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise PlanError(f"plan {plan.name!r}: cannot change {', '.join(unknown)}")
    new = {k: fields.get(k, getattr(plan, k)) for k in allowed}
    new["name"] = str(new["name"]).strip()
    if not new["name"]:
        raise PlanError("a plan needs a name")
    check_period(new["name"], new["kind"], new["start"], new["end"])
    if "lead_unit" in fields:
        _check_unit(new["lead_unit"], f"plan {new['name']!r}")
    with transaction.atomic():
        _check_overlap(
            new["name"], new["kind"], new["start"], new["end"], new["lead_unit"], plan.pk
        )
        before = {k: getattr(plan, k) for k in fields}
        for key, value in new.items():
            setattr(plan, key, value)
        plan.save()
        log(
            actor,
            "update-plan",
            plan,
            before={k: str(v) if v is not None else None for k, v in before.items()},
            after={k: str(new[k]) if new[k] is not None else None for k in fields},
        )
    return plan


def delete_plan(plan: Plan, actor: Any) -> None:
    """Delete a plan and its targets (the audit log keeps what they were)."""
    with transaction.atomic():
        targets = [_target_dict(t) for t in plan.targets.select_related("unit", "theme")]
        entry = Plan(pk=plan.pk, name=plan.name, start=plan.start, end=plan.end)
        plan.delete()
        log(actor, "delete-plan", entry, name=entry.name, targets=targets)


def _target_dict(t: Target) -> dict[str, Any]:
    return {
        "measure": t.measure,
        "stage": t.stage,
        "unit": t.unit.slug if t.unit else "",
        "theme": t.theme.slug if t.theme else "",
        "language": t.language,
        "value": str(t.value),
        "note": t.note,
    }


def _build_target(plan: Plan, spec: TargetSpec) -> Target:
    where = spec.where or f"plan {plan.name!r}, target {spec.measure!r}"
    measure = MEASURES.get(spec.measure.strip())
    if measure is None:
        raise PlanError(
            f"{where}: unknown measure {spec.measure!r}; expected {', '.join(MEASURES)}"
        )
    stage = spec.stage.strip()
    if measure.needs_stage and stage not in STAGES:
        raise PlanError(
            f"{where}: counting articles needs a stage ({', '.join(STAGES)}), not {stage!r}"
        )
    if not measure.needs_stage and stage:
        raise PlanError(f"{where}: the measure {measure.key!r} takes no stage")
    try:
        value = Decimal(str(spec.value).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as err:
        raise PlanError(f"{where}: the target {spec.value!r} is not a number") from err
    if not value.is_finite() or value < 0:
        raise PlanError(f"{where}: the target {spec.value!r} must be a number of at least 0")
    if measure.percent and value > 100:
        raise PlanError(f"{where}: a share is at most 100 %, not {value}")
    unit = theme = None
    if spec.unit.strip():
        unit = Unit.objects.filter(slug=spec.unit.strip()).first()
        if unit is None:
            raise PlanError(f"{where}: unknown unit {spec.unit!r}")
        _check_unit(unit, where)
    if spec.theme.strip():
        theme = Theme.objects.filter(slug=spec.theme.strip()).first()
        if theme is None:
            raise PlanError(f"{where}: unknown theme {spec.theme!r}")
    language = spec.language.strip().lower()
    if language and not language.replace("-", "").isalpha():
        raise PlanError(f"{where}: {spec.language!r} is not a language code")
    return Target(
        plan=plan,
        measure=measure.key,
        stage=stage,
        unit=unit,
        theme=theme,
        language=language,
        value=value,
        note=spec.note.strip()[:255],
    )


def set_targets(plan: Plan, specs: list[TargetSpec], actor: Any) -> list[Target]:
    """Replace the plan's targets by ``specs``, all or none: one bad target or
    two targets on the same slice and nothing changes."""
    targets = [_build_target(plan, spec) for spec in specs]
    seen: dict[tuple[Any, ...], str] = {}
    for target, spec in zip(targets, specs, strict=True):
        key = target.slice_key()
        if key in seen:
            raise PlanError(
                f"{spec.where or 'a target'}: the same slice is set twice (also {seen[key]})"
            )
        seen[key] = spec.where or spec.measure
    with transaction.atomic():
        before = [_target_dict(t) for t in plan.targets.select_related("unit", "theme")]
        plan.targets.all().delete()
        Target.objects.bulk_create(targets)
        plan.save(update_fields=["updated_at"])
        log(
            actor,
            "set-targets",
            plan,
            before=before,
            after=[_target_dict(t) for t in targets],
        )
    return list(plan.targets.select_related("unit", "theme"))


def plan_problems(plan: Plan) -> list[str]:
    """What became wrong with a stored plan since it was made: targets on a
    unit that was merged or is no longer active, a lead unit merged away."""
    problems: list[str] = []
    for target in plan.targets.select_related("unit", "unit__merged_into"):
        unit = target.unit
        if unit is None:
            continue
        if unit.merged_into_id is not None:
            problems.append(
                f"target {target.measure} {target.stage} {target.value}: the unit {unit.slug!r} "
                f"was merged into {unit.current().slug!r}; move the target"
            )
        elif not unit.active:
            problems.append(
                f"target {target.measure} {target.stage} {target.value}: "
                f"the unit {unit.slug!r} is no longer active"
            )
    lead = plan.lead_unit
    if lead is not None and lead.merged_into_id is not None:
        problems.append(f"the lead unit {lead.slug!r} was merged into {lead.current().slug!r}")
    return problems


def save_assessment(
    period: str, actor: Any, *, assessment: str, directions: str, unit: Unit | None = None
) -> Assessment:
    """Store what a manager writes about ``period`` (the previous text stays in the audit log)."""
    with transaction.atomic():
        found = Assessment.objects.select_for_update().filter(period=period, unit=unit).first()
        before = (found.assessment, found.directions) if found else ("", "")
        if found is None:
            found = Assessment(period=period, unit=unit)
        found.assessment, found.directions = assessment.strip(), directions.strip()
        found.updated_by = actor if getattr(actor, "pk", None) else None
        found.save()
        log(
            actor,
            "write-assessment",
            found,
            period=period,
            unit=unit.slug if unit else None,
            before={"assessment": before[0], "directions": before[1]},
        )
    return found
