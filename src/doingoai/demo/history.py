"""The demo's management side: the city's units, the 2013–2015 programme and
this year's plan with targets, and a recorded history of selections and
publications spread over 2013–2015 and this year, so that the dashboard and
the evaluation report show something on first run.

Everything made here is sample data and says so: plans carry ``sample``,
selections the note :data:`SAMPLE_NOTE`. The history uses the demo corpus's
sample articles that the portal set-up left unselected."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

__all__ = ["SAMPLE_NOTE", "UNITS", "set_up_history", "set_up_plans", "set_up_units"]

SAMPLE_NOTE = "sample data made by doingoai demo"

#: slug, Vietnamese name, English name, kind, parent slug
UNITS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "so-tttt-ha-noi",
        "Sở Thông tin và Truyền thông Hà Nội",
        "Hanoi Department of Information and Communications",
        "department",
        "",
    ),
    (
        "so-vhtt-ha-noi",
        "Sở Văn hóa và Thể thao Hà Nội",
        "Hanoi Department of Culture and Sports",
        "department",
        "",
    ),
    ("so-du-lich-ha-noi", "Sở Du lịch Hà Nội", "Hanoi Department of Tourism", "department", ""),
    (
        "quan-hoan-kiem",
        "UBND quận Hoàn Kiếm",
        "Hoan Kiem District People's Committee",
        "district",
        "",
    ),
    (
        "phuong-hang-trong",
        "UBND phường Hàng Trống",
        "Hang Trong Ward People's Committee",
        "commune",
        "quan-hoan-kiem",
    ),
    ("lao-dong-thu-do", "Báo Lao Động Thủ Đô", "Lao Dong Thu Do newspaper", "press", ""),
    ("ha-noi-moi", "Báo Hà Nội Mới", "Hanoi Moi newspaper", "press", ""),
)
#: the outlets the demo's press units publish
UNIT_OUTLETS: dict[str, str] = {"laodongthudo.vn": "lao-dong-thu-do", "hanoimoi.vn": "ha-noi-moi"}
PROGRAMME = "Đề án tăng cường thông tin đối ngoại của Hà Nội giai đoạn 2013–2015"


def set_up_units() -> None:
    from doingoai.curation.models import Unit
    from doingoai.store.models import Outlet

    for slug, name, name_en, kind, parent in UNITS:
        unit, created = Unit.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "kind": kind}
        )
        if not created and not unit.name_en:
            unit.name_en = name_en
            unit.save(update_fields=["name_en"])
        if parent and unit.parent_id is None:
            unit.parent = Unit.objects.get(slug=parent)
            unit.save(update_fields=["parent"])
    for domain, slug in UNIT_OUTLETS.items():
        Outlet.objects.filter(domain=domain, unit__isnull=True).update(
            unit=Unit.objects.get(slug=slug)
        )


def _plan(name: str, kind: str, start: date, end: date, targets: list[Any], actor: str) -> bool:
    from doingoai.curation.models import Unit
    from doingoai.plans.models import Plan
    from doingoai.plans.services import create_plan, set_targets

    if Plan.objects.filter(name=name).exists():
        return False
    plan = create_plan(
        name=name,
        kind=kind,
        start=start,
        end=end,
        lead_unit=Unit.objects.get(slug="so-tttt-ha-noi"),
        description=SAMPLE_NOTE,
        sample=True,
        actor=actor,
    )
    set_targets(plan, targets, actor)
    return True


def set_up_plans(actor: str, today: date | None = None) -> int:
    """The 2013–2015 programme and this year's plan; how many were made now."""
    from doingoai.plans.services import TargetSpec

    year = (today or timezone.localdate()).year
    made = int(
        _plan(
            PROGRAMME,
            "programme",
            date(2013, 1, 1),
            date(2015, 12, 31),
            [
                TargetSpec("articles", 150, stage="selected"),
                TargetSpec("articles", 120, stage="published", language="vi"),
                TargetSpec("articles", 12, stage="published", language="en"),
                TargetSpec("articles", 30, stage="selected", unit="so-vhtt-ha-noi"),
                TargetSpec("articles", 35, stage="selected", unit="quan-hoan-kiem"),
                TargetSpec("articles", 25, stage="selected", unit="so-du-lich-ha-noi"),
                TargetSpec("articles", 30, stage="selected", unit="lao-dong-thu-do"),
                TargetSpec("turnaround_days", 14, language="vi"),
            ],
            actor,
        )
    )
    made += _plan(
        f"Kế hoạch thông tin đối ngoại năm {year}",
        "year",
        date(year, 1, 1),
        date(year, 12, 31),
        [
            TargetSpec("articles", 80, stage="selected"),
            TargetSpec("articles", 60, stage="published", language="vi"),
            TargetSpec("articles", 6, stage="published", language="en"),
            TargetSpec("articles", 12, stage="selected", unit="quan-hoan-kiem"),
            TargetSpec("turnaround_days", 7, language="vi"),
            TargetSpec("qa_error_share", 5, language="en"),
        ],
        actor,
    )
    return made


def _at(day: date, rng: random.Random) -> datetime:
    tz = timezone.get_current_timezone()
    return datetime.combine(day, time(8 + rng.randrange(0, 9), rng.randrange(0, 60)), tzinfo=tz)


def set_up_history(editor: Any, *, today: date | None = None, seed: int = 2015) -> int:
    """Selections and publications of the sample articles the portal set-up
    left unselected, dated over 2013–2015 and this year up to today (marked
    :data:`SAMPLE_NOTE`); nothing when a sample history exists. Returns how
    many articles it selected."""
    from doingoai.curation.models import Selection, Theme, Unit
    from doingoai.store.models import Article

    if Selection.objects.filter(note=SAMPLE_NOTE).exists():
        return 0
    today = today or timezone.localdate()
    rng = random.Random(seed)
    units = list(Unit.objects.filter(slug__in=[u[0] for u in UNITS]).order_by("slug"))
    weights = [1 if u.slug in {"ha-noi-moi", "phuong-hang-trong"} else 3 for u in units]
    themes = list(Theme.objects.all())
    spans = [(date(2013, 1, 1), date(2015, 12, 31)), (date(today.year, 1, 1), today)]
    articles = list(
        Article.objects.filter(raw__source__startswith="vntc/", selection__isnull=True).order_by(
            "pk"
        )
    )
    made = 0
    for n, article in enumerate(articles):
        start, end = spans[0] if n % 3 else spans[1]
        if end < start:
            continue
        day = start + timedelta(days=rng.randrange(0, (end - start).days + 1))
        unit = rng.choices(units, weights)[0] if units else None
        selection = Selection.objects.create(article=article, unit=unit, note=SAMPLE_NOTE)
        selection.themes.set(rng.sample(themes, 1 + (rng.random() < 0.3)))
        selected_at = _at(day, rng)
        fields: dict[str, Any] = {"selected_at": selected_at, "selected_by": editor}
        published = day + timedelta(days=rng.randrange(0, 21))
        if rng.random() < 0.7 and published <= today:
            fields.update(status="published", published_at=_at(published, rng))
        Selection.objects.filter(pk=selection.pk).update(**fields)
        made += 1
    return made
