"""Collection sources attributed to units: an article collected from a
source counts for the source's unit when its selection, itself or its
submitter names none, and before its outlet's unit; the attribution is set
in the office's sources screen (editors) and the admin, audit-logged; a
merge moves it, and a unit a source names is not deleted."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from doingoai.curation.models import AuditLog, Selection, SourceUnit, Unit
from doingoai.curation.services import CurationError
from doingoai.curation.units import attribute_source, delete_unit, merge_units
from doingoai.office.models import Source
from doingoai.reports import rollups
from doingoai.reports.events import Filters, stage_events
from doingoai.reports.figures import stage_counts
from doingoai.reports.periods import parse_period
from doingoai.store.models import Article, Outlet, RawDocument
from tests.office.test_sources import offline  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

FEED_URL = "https://hanoimoi.vn/rss"


@pytest.fixture
def units() -> dict[str, Unit]:
    return {
        slug: Unit.objects.create(name=name, slug=slug, kind=kind)
        for slug, name, kind in [
            ("hanoimoi", "Báo Hà Nội Mới", "press"),
            ("so-tttt", "Sở Thông tin và Truyền thông", "department"),
            ("hoan-kiem", "Quận Hoàn Kiếm", "district"),
        ]
    }


def article(n: int, source: str, **fields: Any) -> Article:
    digest = hashlib.sha256(f"source unit {n}".encode()).hexdigest()
    raw = RawDocument.objects.create(
        sha256=digest,
        source=source,
        fetched_at=datetime(2015, 3, 1, tzinfo=UTC),
        size=1,
        compressed=RawDocument.compress(b"x"),
    )
    made = Article.objects.create(
        raw=raw, title=f"Bài {n}", body="x", language="vi", fingerprint=digest[:16], **fields
    )
    Article.objects.filter(pk=made.pk).update(created_at=datetime(2015, 3, 2, 3, tzinfo=UTC))
    return made


def _by_unit(key: str = "2015") -> dict[Any, int]:
    return {k[0]: n for k, n in stage_counts(parse_period(key), by=("unit",)).items()}


@pytest.mark.parametrize("raw_tables", [False, True], ids=["rollups", "raw-tables"])
def test_the_source_s_unit_comes_after_the_article_s_own_and_before_the_outlet_s(
    units: dict[str, Unit], raw_tables: bool
) -> None:
    feed = Source.objects.create(name="Hà Nội Mới", url=FEED_URL)
    other = Source.objects.create(name="Khác", url="https://example.vn/rss")
    outlet = Outlet.objects.create(domain="hanoimoi.vn", name="Hà Nội Mới", unit=units["hanoimoi"])
    plain = article(1, FEED_URL, outlet=outlet)  # the source's unit, not the outlet's
    own = article(2, FEED_URL, unit=units["hoan-kiem"])  # its own unit first
    chosen = article(3, FEED_URL)  # selected for a unit: that one
    Selection.objects.create(article=chosen, unit=units["hoan-kiem"])
    elsewhere = article(4, "https://example.vn/rss", outlet=outlet)  # a source with no unit
    attribute_source(feed, units["so-tttt"], None)
    assert not SourceUnit.objects.filter(source=other).exists()
    context = rollups.raw_tables() if raw_tables else _nothing()
    with context:
        events = {
            e.article: e.unit for e in stage_events(parse_period("2015"), None, ("collected",))
        }
        assert events == {
            plain.pk: units["so-tttt"].pk,
            own.pk: units["hoan-kiem"].pk,
            chosen.pk: units["hoan-kiem"].pk,
            elsewhere.pk: units["hanoimoi"].pk,
        }
        assert _by_unit()[units["so-tttt"].pk] == 1
        # the attribution changes: the figures follow
        attribute_source(feed, units["hanoimoi"], None)
        assert _by_unit().get(units["so-tttt"].pk, 0) == 0
        assert _by_unit()[units["hanoimoi"].pk] == 2
        attribute_source(feed, None, None)
        assert _by_unit()[units["hanoimoi"].pk] == 2  # articles 1 and 4, by their outlet
        assert _by_unit().get(None, 0) == 0
        filtered = stage_counts(
            parse_period("2015"), Filters(unit=units["hanoimoi"].pk), by=("stage",)
        )
        assert filtered == {("collected",): 2}


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


def test_an_editor_attributes_a_source_in_the_office_and_a_collected_article_counts_for_it(
    client_for: Callable[[str | None], Client],
    units: dict[str, Unit],
    offline: None,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    editor = client_for("editor")
    editor.post(
        "/office/sources/",
        {
            "name": "Hà Nội Mới",
            "kind": "feed",
            "url": FEED_URL,
            "schedule": "hourly",
            "active": "on",
            "unit": "hanoimoi",
        },
    )
    source = Source.objects.get()
    assert SourceUnit.objects.get(source=source).unit == units["hanoimoi"]
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(f"/office/sources/{source.pk}/run/")
    collected = Article.objects.get()
    assert collected.raw.source == FEED_URL and collected.unit_id is None
    year = str(timezone.localdate().year)
    assert _by_unit(year) == {units["hanoimoi"].pk: 1}

    page = editor.post(
        f"/office/sources/{source.pk}/unit/", {"unit": "so-tttt"}, follow=True
    ).content.decode()
    assert "Hà Nội Mới is attributed to Sở Thông tin và Truyền thông." in page
    assert '<option value="so-tttt" selected>' in page
    assert _by_unit(year) == {units["so-tttt"].pk: 1}
    entry = AuditLog.objects.filter(action="attribute-source").latest("at")
    assert entry.data == {
        "unit": "so-tttt",
        "before": "hanoimoi",
        "url": FEED_URL,
    }
    editor.post(f"/office/sources/{source.pk}/unit/", {"unit": ""})
    assert not SourceUnit.objects.exists()
    assert AuditLog.objects.filter(action="attribute-source").count() == 3


def test_a_wrong_unit_is_refused_with_nothing_changed(
    client_for: Callable[[str | None], Client], units: dict[str, Unit]
) -> None:
    source = Source.objects.create(name="Hà Nội Mới", url=FEED_URL)
    attribute_source(source, units["hanoimoi"], None)
    merge_units(units["so-tttt"], units["hoan-kiem"], None)
    editor = client_for("editor")
    for slug, message in [
        ("khong-co", "There is no unit khong-co."),
        ("so-tttt", "The unit Sở Thông tin và Truyền thông was merged into another"),
    ]:
        page = editor.post(
            f"/office/sources/{source.pk}/unit/", {"unit": slug}, follow=True
        ).content.decode()
        assert message in page
        assert SourceUnit.objects.get(source=source).unit == units["hanoimoi"]
    with pytest.raises(CurationError, match="merged into 'hoan-kiem'"):
        attribute_source(source, units["so-tttt"], None)
    translator = client_for("translator_en")
    assert translator.post(f"/office/sources/{source.pk}/unit/", {"unit": ""}).status_code == 403
    assert SourceUnit.objects.get(source=source).unit == units["hanoimoi"]
    assert editor.post("/office/sources/99999/unit/", {"unit": ""}).status_code == 404


def test_a_merge_moves_the_attribution_and_a_unit_a_source_names_is_not_deleted(
    units: dict[str, Unit],
) -> None:
    source = Source.objects.create(name="Hà Nội Mới", url=FEED_URL)
    attribute_source(source, units["hanoimoi"], None)
    with pytest.raises(CurationError, match="cannot be deleted"):
        delete_unit(units["hanoimoi"], None)
    assert SourceUnit.objects.get(source=source).unit == units["hanoimoi"]
    merge_units(units["hanoimoi"], units["so-tttt"], None)
    assert SourceUnit.objects.get(source=source).unit == units["so-tttt"]


def test_the_admin_sets_the_unit_of_a_source(units: dict[str, Unit]) -> None:
    admin = User.objects.create_superuser("quantri", password="x" * 12)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(admin)
    source = Source.objects.create(name="Hà Nội Mới", url=FEED_URL)
    url = f"/office/admin/office/source/{source.pk}/change/"
    data = {
        "name": "Hà Nội Mới",
        "kind": "feed",
        "url": FEED_URL,
        "schedule": "daily",
        "active": "on",
        "unit": "hoan-kiem",
    }
    assert client.post(url, data).status_code == 302
    assert SourceUnit.objects.get(source=source).unit == units["hoan-kiem"]
    assert 'value="hoan-kiem" selected' in client.get(url).content.decode()
    entry = AuditLog.objects.get(action="attribute-source")
    assert entry.actor == admin and entry.data["unit"] == "hoan-kiem"
