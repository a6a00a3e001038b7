"""Each figure computed a second way: the generator records every event it
makes in plain lists (:class:`tests.reports.generate.Truth`), and these tests
count those lists and compare with :mod:`doingoai.reports.figures`."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from doingoai.curation.models import Unit
from doingoai.curation.units import merge_units
from doingoai.errors import InputError
from doingoai.plans.models import Plan, Target
from doingoai.reports.events import Filters
from doingoai.reports.figures import stage_counts, target_progress, turnaround
from doingoai.reports.periods import Period, buckets, parse_period
from tests.reports.generate import Truth, generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def truth() -> Truth:
    return generate()


def _in(period: Period, truth: Truth, **want: object) -> list[tuple]:
    out = []
    for event in truth.events:
        _, day, _, lang, unit, themes = event
        if not period.start <= day <= period.end:
            continue
        if "unit" in want and unit != want["unit"]:
            continue
        if "language" in want and lang != want["language"]:
            continue
        if "theme" in want and want["theme"] not in themes:
            continue
        out.append(event)
    return out


@pytest.mark.parametrize(
    "key", ["2015", "2015-Q2", "2014..2016", "2015-03-10..2015-08-20", "2016-02"]
)
def test_counts_by_stage_match_the_record(truth: Truth, key: str) -> None:
    period = parse_period(key)
    expected = Counter(e[0] for e in _in(period, truth))
    got = stage_counts(period)
    assert {k[0]: v for k, v in got.items()} == dict(expected)
    assert sum(got.values()) > 0


def test_counts_by_unit_language_and_stage(truth: Truth) -> None:
    period = parse_period("2015")
    units = dict(Unit.objects.values_list("pk", "slug"))
    got = stage_counts(period, by=("unit", "language", "stage"))
    named = {(units.get(u) if u else None, lang, stage): n for (u, lang, stage), n in got.items()}
    expected = Counter((e[4], e[3], e[0]) for e in _in(period, truth))
    assert named == dict(expected)


def test_counts_by_theme_count_an_article_in_each_of_its_themes(truth: Truth) -> None:
    period = parse_period("2014..2016")
    got = stage_counts(period, by=("theme", "stage"))
    expected: Counter[tuple] = Counter()
    for stage, _, _, _, _, themes in _in(period, truth):
        for theme in themes or (None,):
            expected[(theme, stage)] += 1
    assert got == dict(expected)
    assert any(len(e[5]) == 2 for e in truth.events)  # the generator files some under two


def test_counts_by_month_step(truth: Truth) -> None:
    period = parse_period("2015")
    got = stage_counts(period, by=("step", "stage"), grain="month")
    expected = Counter((f"{e[1]:%Y-%m}", e[0]) for e in _in(period, truth))
    assert got == dict(expected)
    assert [b.label for b in buckets(period, "month")][:2] == ["2015-01", "2015-02"]


@pytest.mark.parametrize(
    ("filters", "want"),
    [
        ({"language": "en"}, {"language": "en"}),
        ({"theme": "van-hoa"}, {"theme": "van-hoa"}),
        ({"unit": "hoan-kiem"}, {"unit": "hoan-kiem"}),
    ],
)
def test_filters_slice_the_counts(truth: Truth, filters: dict, want: dict) -> None:
    period = parse_period("2014..2016")
    if "unit" in filters:
        filters = {"unit": Unit.objects.get(slug=filters["unit"]).pk}
    got = stage_counts(period, Filters(**filters))
    expected = Counter(e[0] for e in _in(period, truth, **want))
    assert {k[0]: v for k, v in got.items()} == dict(expected)


def test_a_merged_unit_counts_as_the_unit_it_became(truth: Truth) -> None:
    period = parse_period("2014..2016")
    merge_units(Unit.objects.get(slug="hang-trong"), Unit.objects.get(slug="hoan-kiem"), actor=None)
    got = stage_counts(period, Filters(unit=Unit.objects.get(slug="hoan-kiem").pk))
    expected = Counter(e[0] for e in _in(period, truth) if e[4] in {"hoan-kiem", "hang-trong"})
    assert {k[0]: v for k, v in got.items()} == dict(expected)


def test_turnaround_is_the_median_of_days_from_selection_to_publication(truth: Truth) -> None:
    period = parse_period("2015")
    published = {(e[2], e[3]) for e in _in(period, truth) if e[0] == "published"}
    per_lang: dict[str, list[int]] = {}
    for (article, lang), days in truth.turnaround.items():
        if (article, lang) in published:
            per_lang.setdefault(lang, []).append(days)
    got = turnaround(period)
    assert set(got) == set(per_lang)
    for lang, days in per_lang.items():
        assert got[lang]["median_days"] == statistics.median(days)
        assert got[lang]["published"] == len(days)


def test_targets_against_what_was_reached(truth: Truth) -> None:
    manager = User.objects.create_user("m", password="x" * 12)
    plan = Plan.objects.create(
        name="Kế hoạch 2015",
        kind="year",
        start=date(2015, 1, 1),
        end=date(2015, 12, 31),
        created_by=manager,
    )
    hk = Unit.objects.get(slug="hoan-kiem")
    Target.objects.create(
        plan=plan, measure="articles", stage="published", language="en", value=Decimal(5)
    )
    Target.objects.create(
        plan=plan, measure="articles", stage="selected", unit=hk, value=Decimal(40)
    )
    Target.objects.create(plan=plan, measure="turnaround_days", language="vi", value=Decimal(3))
    year = parse_period("2015")
    mid = date(2015, 6, 30)
    rows = {(r.measure, r.stage, r.language): r for r in target_progress(year, today=mid)}
    so_far = Period(date(2015, 1, 1), mid, "so far")
    en = len([e for e in _in(so_far, truth, language="en") if e[0] == "published"])
    hk_selected = len([e for e in _in(so_far, truth, unit="hoan-kiem") if e[0] == "selected"])
    row = rows[("articles", "published", "en")]
    assert row.actual == en and row.percent == round(100 * en / 5, 1)
    assert row.expected == round(5 * 181 / 365, 2)
    assert row.behind == (en < row.expected) and row.met == (en >= 5)
    row = rows[("articles", "selected", "")]
    assert row.actual == hk_selected and row.behind == (hk_selected < 40 * 181 / 365)
    vi_days = [
        d
        for (article, lang), d in truth.turnaround.items()
        if lang == "vi"
        and any(
            e[0] == "published" and e[2] == article and e[3] == "vi" for e in _in(so_far, truth)
        )
    ]
    row = rows[("turnaround_days", "", "vi")]
    assert row.actual == statistics.median(vi_days)
    assert row.met == (row.actual <= 3) and row.behind == (row.actual > 3)
    # reported for one unit, only that unit's targets
    only = target_progress(year, Filters(unit=hk.pk), today=mid)
    assert [(r.measure, r.stage) for r in only] == [("articles", "selected")]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2015", date(2015, 1, 1), date(2015, 12, 31)),
        ("2015-Q2", date(2015, 4, 1), date(2015, 6, 30)),
        ("2015q4", date(2015, 10, 1), date(2015, 12, 31)),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29)),
        ("2013..2015", date(2013, 1, 1), date(2015, 12, 31)),
        ("2015-Q1..2015-Q3", date(2015, 1, 1), date(2015, 9, 30)),
        ("2015-06-02", date(2015, 6, 2), date(2015, 6, 2)),
    ],
)
def test_periods(text: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2015..2013", "'2015..2013' ends before it starts"),
        ("2015-Q5", "unknown period '2015-Q5'"),
        ("2015-02-30", "no such date: '2015-02-30'"),
        ("last year", "unknown period 'last year'"),
        ("", "no period given"),
    ],
)
def test_a_bad_period_gets_a_message_naming_it(text: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        parse_period(text)
    assert message in str(err.value)


def test_a_submitted_article_counts_for_the_unit_that_sent_it(truth: Truth) -> None:
    from doingoai.office.models import Submission
    from doingoai.store.models import Article

    unit = Unit.objects.get(slug="so-du-lich")
    article = Article.objects.filter(
        selection__isnull=True, unit__isnull=True, outlet__unit__isnull=True
    ).first()
    assert article is not None
    Submission.objects.create(article=article, unit=unit)
    day = next(e[1] for e in truth.events if e[0] == "collected" and e[2] == article.pk)
    period = Period(day, day, str(day))
    got = stage_counts(period, Filters(unit=unit.pk), by=("stage",))
    expected = Counter(e[0] for e in _in(period, truth, unit="so-du-lich"))
    expected["collected"] += 1
    assert {k[0]: v for k, v in got.items()} == dict(expected)
