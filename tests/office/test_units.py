"""The units screen: managers list units with what each holds, merge one
into another after a confirmation (audit-logged; a plan's target on the
merged unit keeps counting, as the unit that stays), delete a unit nothing
names; everyone else is refused, and bad requests get a clear message with
nothing changed."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from doingoai.curation.models import AuditLog, Profile, SourceUnit, Unit
from doingoai.office.models import Source
from doingoai.plans.models import Target
from doingoai.plans.services import TargetSpec, create_plan, set_targets
from doingoai.reports.figures import target_progress
from doingoai.reports.periods import parse_period
from doingoai.store.models import Article, Outlet, RawDocument

pytestmark = pytest.mark.django_db


def person(name: str, role: str | None, unit: Unit | None = None) -> Client:
    user = User.objects.create_user(name, password="x" * 12)
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    Profile.objects.create(user=user, unit=unit, language="en")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def article(n: int, unit: Unit | None, created: datetime) -> Article:
    digest = hashlib.sha256(f"unit article {n}".encode()).hexdigest()
    raw = RawDocument.objects.create(
        sha256=digest, fetched_at=created, size=1, compressed=RawDocument.compress(b"x")
    )
    made = Article.objects.create(
        raw=raw, title=f"Bài {n}", body="x", language="vi", fingerprint=digest[:16], unit=unit
    )
    Article.objects.filter(pk=made.pk).update(created_at=created)
    return made


@pytest.fixture
def units() -> dict[str, Unit]:
    made = {
        "so-tttt": Unit.objects.create(
            name="Sở Thông tin và Truyền thông",
            name_en="Department of Information and Communications",
            slug="so-tttt",
            kind="department",
            aliases=["Sở TT-TT"],
        ),
        "so-tt": Unit.objects.create(name="Sở TT&TT", slug="so-tt", kind="department"),
        "hoan-kiem": Unit.objects.create(name="Quận Hoàn Kiếm", slug="hoan-kiem", kind="district"),
        "unused": Unit.objects.create(name="Đơn vị thử", slug="unused", kind="other"),
    }
    Unit.objects.create(
        name="Phường Hàng Trống", slug="hang-trong", kind="commune", parent=made["hoan-kiem"]
    )
    return made


def _row(html: str, slug: str) -> list[str]:
    body = html.split(f'id="unit-{slug}"', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", c)).strip() for c in cells]


def test_the_list_shows_each_unit_with_what_it_holds(units: dict[str, Unit]) -> None:
    manager = person("lanhdao", "manager")
    person("ha", "translator", units["so-tt"])
    Outlet.objects.create(domain="hanoi.gov.vn", name="Cổng Hà Nội", unit=units["so-tt"])
    source = Source.objects.create(name="Tin Sở", url="https://so.example.vn/rss")
    SourceUnit.objects.create(source=source, unit=units["so-tt"])
    for n in range(3):
        article(n, units["so-tt"], datetime(2015, 3, 1, tzinfo=UTC))
    html = manager.get("/office/units/").content.decode()
    row = _row(html, "so-tt")
    assert row[0].startswith("Sở TT&amp;TT")
    # kind, parent, aliases, then members, sources, outlets, articles, targets
    assert row[2] == "department (Sở)"
    assert row[5:10] == ["1", "1", "1", "3", "0"]
    first = _row(html, "so-tttt")
    assert first[1] == "Department of Information and Communications"
    assert first[4] == "Sở TT-TT"
    assert _row(html, "hang-trong")[3] == "Quận Hoàn Kiếm"


@pytest.mark.parametrize("role", ["translator", "editor", "unit contributor", None])
def test_only_managers_and_administrators_see_or_change_units(
    units: dict[str, Unit], role: str | None
) -> None:
    client = person("someone", role, units["so-tt"])
    assert client.get("/office/units/").status_code == 403
    url = f"/office/units/{units['so-tt'].pk}/merge/"
    assert client.post(url, {"into": "so-tttt", "confirm": "yes"}).status_code == 403
    url = f"/office/units/{units['unused'].pk}/delete/"
    assert client.post(url, {"confirm": "yes"}).status_code == 403
    assert Unit.objects.filter(merged_into__isnull=False).count() == 0
    assert Unit.objects.filter(slug="unused").exists()
    assert "/office/units/" not in client.get("/office/").content.decode()
    anonymous = Client()
    response = anonymous.get("/office/units/")
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_merge_asks_first_then_merges_and_the_target_keeps_counting(
    units: dict[str, Unit],
) -> None:
    manager = person("lanhdao", "manager")
    old, new = units["so-tt"], units["so-tttt"]
    person("ha", "translator", old)
    for n in range(2):
        article(n, old, datetime(2015, 3, 1, tzinfo=UTC))
    for n in range(2, 7):
        article(n, new, datetime(2015, 4, 1, tzinfo=UTC))
    plan = create_plan(
        name="Kế hoạch 2015",
        kind="year",
        start=date(2015, 1, 1),
        end=date(2015, 12, 31),
        actor=None,
    )
    set_targets(plan, [TargetSpec("articles", 10, stage="collected", unit=old.slug)], None)
    year = parse_period("2015")
    assert [r.actual for r in target_progress(year, today=date(2016, 1, 1))] == [2.0]

    url = f"/office/units/{old.pk}/merge/"
    confirm = manager.post(url, {"into": new.slug})
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Merge Sở TT&amp;TT into Sở Thông tin và Truyền thông?" in html
    assert re.search(r"articles</th><td>2</td>", html)
    assert "Targets of plans name Sở TT&amp;TT: they stay on Sở TT&amp;TT" in html
    assert "Kế hoạch 2015</a>: articles collected 10" in html
    assert Unit.objects.get(pk=old.pk).merged_into_id is None  # nothing done yet

    done = manager.post(url, {"into": new.slug, "confirm": "yes"}, follow=True)
    page = done.content.decode()
    assert "Sở TT&amp;TT was merged into Sở Thông tin và Truyền thông" in page
    assert "Targets of plans still name Sở TT&amp;TT" in page
    old.refresh_from_db()
    assert old.merged_into_id == new.pk and not old.active
    assert Article.objects.filter(unit=new).count() == 7
    assert Profile.objects.get(user__username="ha").unit_id == new.pk
    entry = AuditLog.objects.get(action="merge-unit")
    assert entry.object_id == str(old.pk) and entry.data["into"] == new.slug
    assert entry.actor is not None and entry.actor.get_username() == "lanhdao"
    # the target stays on the merged unit, counts as the unit that stayed,
    # and the plans page says to move it
    target = Target.objects.get()
    assert target.unit_id == old.pk
    assert [r.actual for r in target_progress(year, today=date(2016, 1, 1))] == [7.0]
    plans = manager.get("/office/plans/").content.decode()
    assert "was merged into" in plans and "so-tttt" in plans
    assert (
        "merged into Sở Thông tin và Truyền thông"
        in _row(manager.get("/office/units/").content.decode(), "so-tt")[0]
    )


@pytest.mark.parametrize(
    ("unit", "into", "message"),
    [
        ("so-tt", "so-tt", "A unit cannot be merged into itself (Sở TT&amp;TT)."),
        ("so-tt", "", "Choose the unit to merge Sở TT&amp;TT into."),
        ("so-tt", "no-such-unit", "There is no unit no-such-unit."),
        ("hoan-kiem", "merged", "The unit Merged was itself merged into Sở TT&amp;TT"),
        ("merged", "hoan-kiem", "The unit Merged was already merged into Sở TT&amp;TT."),
    ],
)
def test_a_merge_that_cannot_be_done_is_refused_with_nothing_changed(
    units: dict[str, Unit], unit: str, into: str, message: str
) -> None:
    Unit.objects.create(
        name="Merged", slug="merged", merged_into=units["so-tt"], active=False, kind="other"
    )
    manager = person("lanhdao", "manager")
    before = list(Unit.objects.order_by("pk").values_list("pk", "merged_into_id", "active"))
    target = Unit.objects.get(slug=unit)
    response = manager.post(
        f"/office/units/{target.pk}/merge/", {"into": into, "confirm": "yes"}, follow=True
    )
    assert message in response.content.decode()
    assert list(Unit.objects.order_by("pk").values_list("pk", "merged_into_id", "active")) == before
    assert not AuditLog.objects.filter(action="merge-unit").exists()
    assert manager.post("/office/units/999999/merge/", {"into": "so-tt"}).status_code == 404


def test_a_unit_that_is_named_is_not_deleted_and_the_message_says_by_what(
    units: dict[str, Unit],
) -> None:
    manager = person("lanhdao", "manager")
    plan = create_plan(
        name="Kế hoạch", kind="year", start=date(2015, 1, 1), end=date(2015, 12, 31), actor=None
    )
    set_targets(plan, [TargetSpec("articles", 5, stage="published", unit="so-tt")], None)
    article(1, units["so-tt"], datetime(2015, 3, 1, tzinfo=UTC))
    response = manager.post(
        f"/office/units/{units['so-tt'].pk}/delete/", {"confirm": "yes"}, follow=True
    )
    html = response.content.decode()
    assert (
        "Sở TT&amp;TT cannot be deleted: targets of plans (1), articles (1) still name it" in html
    )
    hk = manager.post(
        f"/office/units/{units['hoan-kiem'].pk}/delete/", {"confirm": "yes"}, follow=True
    )
    assert "sub-units (1)" in hk.content.decode()
    assert Unit.objects.filter(slug__in=["so-tt", "hoan-kiem"]).count() == 2
    assert Target.objects.count() == 1 and Article.objects.filter(unit__slug="so-tt").exists()
    assert not AuditLog.objects.filter(action="delete-unit").exists()


def test_a_unit_nothing_names_is_deleted_after_a_confirmation(units: dict[str, Unit]) -> None:
    manager = person("lanhdao", "manager")
    url = f"/office/units/{units['unused'].pk}/delete/"
    asked = manager.post(url)
    assert asked.status_code == 200 and "Delete Đơn vị thử?" in asked.content.decode()
    assert Unit.objects.filter(slug="unused").exists()
    done = manager.post(url, {"confirm": "yes"}, follow=True)
    assert "The unit Đơn vị thử was deleted." in done.content.decode()
    assert not Unit.objects.filter(slug="unused").exists()
    entry = AuditLog.objects.get(action="delete-unit")
    assert entry.data["slug"] == "unused"
    assert manager.get(url).status_code == 405
