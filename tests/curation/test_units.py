"""Units and outlets: one outlet per publication whatever name a page gives
it, merging outlets and units with nothing lost, deleting a unit only when
nothing names it, the manager role and who reads which unit's figures."""

from __future__ import annotations

import hashlib
import importlib
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User

from doingoai.curation import roles
from doingoai.curation.models import AuditLog, Profile, Selection, Unit
from doingoai.curation.services import CurationError
from doingoai.curation.units import delete_unit, merge_outlets, merge_units
from doingoai.store.models import Article, Outlet, RawDocument
from doingoai.store.outlets import name_key, resolve_outlet

pytestmark = pytest.mark.django_db


def article(title: str, outlet: Outlet | None = None) -> Article:
    digest = hashlib.sha256(title.encode()).hexdigest()
    raw = RawDocument.objects.create(
        sha256=digest,
        fetched_at=datetime(2025, 1, 1, tzinfo=UTC),
        size=len(title),
        compressed=RawDocument.compress(title.encode()),
    )
    return Article.objects.create(
        raw=raw, title=title, body=title, language="vi", fingerprint=digest[:16], outlet=outlet
    )


@pytest.mark.parametrize(
    ("site", "name", "other_site", "other_name"),
    [
        ("vnexpress.net", "", "", "VnExpress"),
        ("tuoitre.vn", "TUOI TRE ONLINE", "", "Tuổi Trẻ"),
        ("nld.com.vn", "Báo Người Lao Động Online", "", "Người Lao Động"),
        ("www.tuoitre.vn", "Tuổi Trẻ Online", "tuoitre.vn", ""),
    ],
)
def test_one_outlet_per_publication(site: str, name: str, other_site: str, other_name: str) -> None:
    first = resolve_outlet(site, name)
    second = resolve_outlet(other_site, other_name)
    assert first is not None and second is not None
    assert first.pk == second.pk
    assert Outlet.objects.count() == 1
    assert "." in first.domain  # keyed by the site


def test_an_unknown_outlet_known_by_name_is_found_again_by_its_name() -> None:
    first = resolve_outlet("", "Báo Tin tức Thủ đô")
    assert first is not None
    assert resolve_outlet("", "TIN TỨC THỦ ĐÔ") == first
    assert name_key("Báo Tin tức Thủ đô Online") == "tin tuc thu do"


def test_migration_merges_outlets_stored_under_several_names() -> None:
    vne_name = Outlet.objects.create(domain="vnexpress", name="VnExpress")
    vne_site = Outlet.objects.create(domain="vnexpress.net", name="")
    tt = Outlet.objects.create(domain="tuổi trẻ", name="TUOI TRE ONLINE")
    other = Outlet.objects.create(domain="example.org", name="Example")
    a = article("một", vne_name)
    b = article("hai", vne_site)
    c = article("ba", tt)
    migration = importlib.import_module("doingoai.store.migrations.0005_one_outlet_per_site")
    migration.merge_known(apps, None)
    for x in (a, b, c):
        x.refresh_from_db()
    assert a.outlet_id == b.outlet_id == vne_site.pk
    vne_site.refresh_from_db()
    assert vne_site.name == "VnExpress"
    assert c.outlet is not None and c.outlet.domain == "tuoitre.vn"
    assert "TUOI TRE ONLINE" in c.outlet.aliases
    tt.refresh_from_db()
    assert tt.merged_into_id == c.outlet_id  # the old row stays, pointing on
    other.refresh_from_db()
    assert other.merged_into_id is None
    assert Article.objects.count() == 3  # nothing lost
    # a page from the merged outlet's name now goes to the site outlet
    assert resolve_outlet("", "Tuổi Trẻ") == c.outlet


def test_merging_outlets_moves_articles_and_is_logged() -> None:
    editor = User.objects.create_user("lead", password="x" * 12)
    keep = Outlet.objects.create(domain="hanoimoi.com.vn", name="Hà Nội Mới")
    old = Outlet.objects.create(domain="hanoimoi old", name="HANOIMOI")
    a = article("bốn", old)
    moved = merge_outlets(keep, [old], editor)
    assert moved == 1
    a.refresh_from_db()
    assert a.outlet == keep
    keep.refresh_from_db()
    assert "HANOIMOI" in keep.aliases
    entry = AuditLog.objects.get(action="merge-outlets")
    assert entry.actor == editor and entry.data["merged"] == ["hanoimoi old"]
    with pytest.raises(CurationError, match="at least one other outlet"):
        merge_outlets(keep, [keep], editor)
    old.refresh_from_db()
    with pytest.raises(CurationError, match="merged into another"):
        merge_outlets(old, [keep], editor)


def test_merging_units_moves_what_they_hold_and_keeps_the_old_row() -> None:
    manager = User.objects.create_user("manager", password="x" * 12)
    culture = Unit.objects.create(name="Sở Văn hóa", slug="so-van-hoa", kind="department")
    sports = Unit.objects.create(
        name="Sở Văn hóa và Thể thao", slug="so-vhtt", kind="department", name_en="Department"
    )
    member = User.objects.create_user("member", password="x" * 12)
    Profile.objects.create(user=member, unit=culture)
    selection = Selection.objects.create(article=article("năm"), unit=culture)
    outlet = Outlet.objects.create(domain="sovhtt.hanoi.gov.vn", name="Cổng", unit=culture)
    moved = merge_units(culture, sports, manager)
    assert moved["curation.selection.unit"] == 1 and moved["curation.profile.unit"] == 1
    selection.refresh_from_db()
    outlet.refresh_from_db()
    assert selection.unit == sports and outlet.unit == sports
    culture.refresh_from_db()
    assert culture.merged_into == sports and not culture.active
    assert culture.current() == sports
    sports.refresh_from_db()
    assert "Sở Văn hóa" in sports.aliases
    assert AuditLog.objects.filter(action="merge-unit", object_id=str(culture.pk)).exists()
    with pytest.raises(CurationError, match="merged before"):
        merge_units(culture, sports, manager)
    with pytest.raises(CurationError, match="itself"):
        merge_units(sports, sports, manager)


def test_deleting_a_unit_that_others_name_is_refused_with_nothing_lost() -> None:
    manager = User.objects.create_user("manager", password="x" * 12)
    parent = Unit.objects.create(name="UBND quận Hoàn Kiếm", slug="hoan-kiem", kind="district")
    Unit.objects.create(
        name="UBND phường Hàng Trống", slug="hang-trong", kind="commune", parent=parent
    )
    with pytest.raises(CurationError, match="'hoan-kiem' cannot be deleted"):
        delete_unit(parent, manager)
    assert Unit.objects.filter(slug="hoan-kiem").exists()
    lone = Unit.objects.create(name="Sở Du lịch", slug="so-du-lich")
    delete_unit(lone, manager)
    assert not Unit.objects.filter(slug="so-du-lich").exists()
    assert AuditLog.objects.filter(action="delete-unit", data__slug="so-du-lich").exists()


def test_manager_role_reads_everything_a_contributor_only_their_unit() -> None:
    assert Group.objects.filter(name=roles.MANAGER).exists()
    unit = Unit.objects.create(name="Sở Du lịch", slug="so-du-lich")
    manager = User.objects.create_user("m", password="x" * 12)
    manager.groups.add(Group.objects.get(name=roles.MANAGER))
    contributor = User.objects.create_user("c", password="x" * 12)
    contributor.groups.add(Group.objects.get(name=roles.CONTRIBUTOR))
    Profile.objects.create(user=contributor, unit=unit, language="en")
    translator = User.objects.create_user("t", password="x" * 12)
    translator.groups.add(Group.objects.get(name=roles.TRANSLATOR))
    manager, contributor, translator = (
        User.objects.get(pk=u.pk) for u in (manager, contributor, translator)
    )
    assert roles.can_manage_plans(manager) and roles.can_see_staff_figures(manager)
    assert roles.report_units(manager) is None
    assert roles.report_units(contributor) == [unit.pk]
    assert roles.can_read_reports(contributor) and not roles.can_manage_plans(contributor)
    assert not roles.can_read_reports(translator)
    assert contributor.profile.language == "en"
