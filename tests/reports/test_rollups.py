"""The rollup tables give the same figures as the raw tables: after generated
histories changed at random in every way the office changes them (forms,
``QuerySet.update``, deletions, unit merges, outlets moved to a unit, page
views counted), after compaction and after a rebuild. The raw-table path is
itself checked against the generator's record in test_figures.py."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from doingoai.curation.models import Selection, Theme, Unit
from doingoai.curation.units import merge_units
from doingoai.reports import rollups
from doingoai.reports.events import Filters
from doingoai.reports.figures import reach, stage_counts, turnaround
from doingoai.reports.models import (
    DailyViews,
    DirtyArticle,
    ReachDelta,
    ReachMonth,
    StageDelta,
    StageMonth,
)
from doingoai.reports.periods import parse_period
from doingoai.store.models import Article, Outlet
from doingoai.translation.models import SourceKey, TranslatedVersion
from tests.reports.generate import HANOI, THEMES, generate
from tests.reports.test_translation_figures import jobs  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

PERIODS = ["2015", "2014-Q3", "2014..2017", "2016-02-03..2016-05-20"]


def figures(period_key: str) -> dict[str, Any]:
    """Every figure the rollups serve, over one period, unfiltered and filtered."""
    period = parse_period(period_key)
    units = list(Unit.objects.order_by("pk").values_list("pk", flat=True))
    slices = [
        Filters(),
        Filters(language="en"),
        Filters(theme="van-hoa"),
        Filters(theme="kinh-te", language="vi"),
        *(Filters(unit=u) for u in units),
        Filters(units=tuple(units[:2])),
    ]
    out: dict[str, Any] = {}
    for i, f in enumerate(slices):
        out[f"stage/{i}"] = stage_counts(period, f, by=("unit", "language", "stage", "step"))
        out[f"theme/{i}"] = stage_counts(period, f, by=("theme", "stage"))
        out[f"turnaround/{i}"] = turnaround(period, f)
        out[f"reach/{i}"] = reach(period, f)
    return out


def assert_same(period_key: str = "2014..2017") -> None:
    with rollups.raw_tables():
        raw = figures(period_key)
    rolled = figures(period_key)
    assert rolled == raw
    assert any(rolled[k] for k in rolled if k.startswith("stage/"))
    assert_months_agree()


def assert_months_agree() -> None:
    """The month level holds the day rows summed by month, key by key."""
    rollups.catch_up()
    key = ("stage", "unit", "theme", "language", "lag")
    days: dict[tuple[Any, ...], int] = {}
    for row in StageDelta.objects.values_list("day", *key, "n"):
        k = (row[0].replace(day=1), *row[1:-1])
        days[k] = days.get(k, 0) + row[-1]
    months: dict[tuple[Any, ...], int] = {}
    for row in StageMonth.objects.values_list("day", *key, "n"):
        assert row[0].day == 1
        months[tuple(row[:-1])] = months.get(tuple(row[:-1]), 0) + row[-1]
    assert {k: n for k, n in months.items() if n} == {k: n for k, n in days.items() if n}
    assert days
    key = ("language", "referrer", "reader_language", "unit", "theme")
    view_days: dict[tuple[Any, ...], int] = {}
    for row in ReachDelta.objects.values_list("day", *key, "views"):
        k = (row[0].replace(day=1), *row[1:-1])
        view_days[k] = view_days.get(k, 0) + row[-1]
    view_months: dict[tuple[Any, ...], int] = {}
    for row in ReachMonth.objects.values_list("day", *key, "views"):
        assert row[0].day == 1
        view_months[tuple(row[:-1])] = view_months.get(tuple(row[:-1]), 0) + row[-1]
    assert {k: n for k, n in view_months.items() if n} == {k: n for k, n in view_days.items() if n}


@pytest.mark.parametrize(
    ("start", "end", "edges", "whole"),
    [
        ("2015-01-01", "2015-12-31", [], ("2015-01-01", "2015-12-01")),
        ("2015-01-15", "2015-03-31", [("2015-01-15", "2015-01-31")], ("2015-02-01", "2015-03-01")),
        (
            "2016-02-03",
            "2016-05-20",
            [("2016-02-03", "2016-02-29"), ("2016-05-01", "2016-05-20")],
            ("2016-03-01", "2016-04-01"),
        ),
        ("2015-03-02", "2015-03-30", [("2015-03-02", "2015-03-30")], None),
        ("2015-12-01", "2015-12-31", [], ("2015-12-01", "2015-12-01")),
        ("2015-12-31", "2016-01-01", [("2015-12-31", "2016-01-01")], None),
    ],
)
def test_a_period_is_split_into_whole_months_and_the_days_around_them(
    start: str, end: str, edges: list[tuple[str, str]], whole: tuple[str, str] | None
) -> None:
    d = date.fromisoformat
    got_edges, got_whole = rollups.month_spans(d(start), d(end))
    assert got_edges == [(d(a), d(b)) for a, b in edges]
    assert got_whole == (None if whole is None else (d(whole[0]), d(whole[1])))


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, rng.choice([time(6, 30), time(12), time(23, 30)]), tzinfo=HANOI)


def change_at_random(rng: random.Random, steps: int) -> list[str]:
    """Change the history ``steps`` times in the ways the office does; after
    some changes the rollup catches up or compacts (or not)."""
    done: list[str] = []
    user = User.objects.get_or_create(username="rollup-admin")[0]
    themes = list(Theme.objects.filter(slug__in=THEMES))
    for _ in range(steps):
        articles = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        units = list(Unit.objects.filter(merged_into__isnull=True).order_by("pk"))
        selections = list(Selection.objects.order_by("pk"))
        action = rng.choice(
            [
                "unit",
                "themes",
                "publish",
                "unpublish",
                "new",
                "delete",
                "version",
                "outlet",
                "merge",
                "article-unit",
                "unselect",
                "views",
                "views-delete",
                "backdate",
            ]
        )
        day = date(2014, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365))
        if action == "unit" and selections:
            s = rng.choice(selections)
            s.unit = rng.choice([*units, None])
            s.save()
        elif action == "themes" and selections:
            rng.choice(selections).themes.set(rng.sample(themes, rng.choice([0, 1, 2])))
        elif action == "publish" and selections:
            Selection.objects.filter(pk=rng.choice(selections).pk).update(
                status="published", published_at=_at(day, rng)
            )
        elif action == "unpublish" and selections:
            Selection.objects.filter(pk=rng.choice(selections).pk).update(published_at=None)
        elif action == "new":
            source = Article.objects.get(pk=rng.choice(articles))
            article = Article.objects.create(
                raw=source.raw,
                title="Bài mới",
                body="Bài mới",
                language="vi",
                fingerprint=f"{rng.getrandbits(60):016x}",
                unit=rng.choice([*units, None]),
            )
            Article.objects.filter(pk=article.pk).update(created_at=_at(day, rng))
            if rng.random() < 0.7:
                s = Selection.objects.create(article=article, unit=rng.choice([*units, None]))
                s.themes.set(rng.sample(themes, 1))
                Selection.objects.filter(pk=s.pk).update(
                    selected_at=_at(day + timedelta(days=2), rng)
                )
        elif action == "delete" and len(articles) > 10:
            Article.objects.get(pk=rng.choice(articles)).delete()
        elif action == "version" and selections:
            article = rng.choice(selections).article
            key = SourceKey.objects.get_or_create(article=article)[0]
            lang = rng.choice(["en", "fr", "de"])
            version, _ = TranslatedVersion.objects.get_or_create(
                source=key, language=lang, defaults={"translation_key": key.translation_key}
            )
            version.approved_at = _at(day, rng)
            version.published_at = _at(day + timedelta(days=3), rng) if rng.random() < 0.7 else None
            version.save()
        elif action == "outlet":
            outlet = Outlet.objects.order_by("?").first()
            if outlet is not None:
                outlet.unit = rng.choice([*units, None])
                outlet.save()
        elif action == "merge" and len(units) > 2:
            gone, into = rng.sample(units, 2)
            merge_units(gone, into, user)
        elif action == "article-unit":
            Article.objects.filter(pk=rng.choice(articles)).update(unit=rng.choice([*units, None]))
        elif action == "unselect" and selections:
            rng.choice(selections).delete()
        elif action == "views":
            row, made = DailyViews.objects.get_or_create(
                article_id=rng.choice(articles),
                language=rng.choice(["vi", "en"]),
                day=day,
                referrer=rng.choice(["", "google.com"]),
                reader_language=rng.choice(["", "vi", "fr"]),
                defaults={"views": rng.randrange(1, 9)},
            )
            if not made:
                DailyViews.objects.filter(pk=row.pk).update(views=F("views") + 3)
        elif action == "views-delete":
            DailyViews.objects.filter(
                pk__in=DailyViews.objects.order_by("?").values("pk")[:1]
            ).delete()
        elif action == "backdate":
            Article.objects.filter(pk=rng.choice(articles)).update(created_at=_at(day, rng))
        done.append(action)
        roll = rng.random()
        if roll < 0.15:
            rollups.catch_up()
        elif roll < 0.25:
            rollups.compact()
    return done


def _views(rng: random.Random, n: int = 200) -> None:
    articles = list(Article.objects.values_list("pk", flat=True))
    for _ in range(n):
        DailyViews.objects.get_or_create(
            article_id=rng.choice(articles),
            language=rng.choice(["vi", "en"]),
            day=date(2014, 1, 1) + timedelta(days=rng.randrange(0, 3 * 365)),
            referrer=rng.choice(["", "google.com", "facebook.com"]),
            reader_language=rng.choice(["", "vi", "en"]),
            defaults={"views": rng.randrange(1, 30)},
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rollups_equal_the_raw_tables_after_random_changes(seed: int) -> None:
    rng = random.Random(seed)
    generate(n=60, seed=seed)
    _views(rng)
    assert_same()
    done = change_at_random(rng, 60)
    assert len(set(done)) >= 8  # most kinds of change happened
    assert DirtyArticle.objects.exists()  # the triggers marked what changed
    for key in PERIODS:
        assert_same(key)
    assert not DirtyArticle.objects.exists()  # reading caught up
    before, after = rollups.compact()
    assert after < before
    assert_same()


def test_rebuild_gives_the_same_rows_as_keeping_them_up_to_date() -> None:
    rng = random.Random(9)
    generate(n=50, seed=9)
    _views(rng)
    change_at_random(rng, 30)
    rollups.catch_up()
    rollups.compact()
    kept = sorted(
        StageDelta.objects.values_list("day", "stage", "unit", "theme", "language", "lag", "n"),
        key=str,
    )
    counted = rollups.rebuild()
    assert counted == Article.objects.count()
    rebuilt = sorted(
        StageDelta.objects.values_list("day", "stage", "unit", "theme", "language", "lag", "n"),
        key=str,
    )
    assert rebuilt == kept
    assert_same()


def test_after_a_unit_merge_both_count_under_the_unit_kept() -> None:
    truth = generate(n=60, seed=4)
    rollups.catch_up()
    rollups.compact()
    gone, into = Unit.objects.get(slug="hang-trong"), Unit.objects.get(slug="hoan-kiem")
    period = parse_period("2014..2016")
    both = sum(stage_counts(period, Filters(unit=gone.pk)).values()) + sum(
        stage_counts(period, Filters(unit=into.pk)).values()
    )
    merge_units(gone, into, User.objects.create(username="merger"))
    assert sum(stage_counts(period, Filters(unit=into.pk)).values()) == both
    assert sum(stage_counts(period, Filters(unit=gone.pk)).values()) == both
    assert both == sum(
        1 for e in truth.events if e[4] in {"hang-trong", "hoan-kiem"} and 2014 <= e[1].year <= 2016
    )


def test_a_change_written_with_queryset_update_is_counted_at_the_next_read() -> None:
    generate(n=30, seed=5)
    period = parse_period("2030")
    assert stage_counts(period) == {}
    article = Article.objects.order_by("pk").first()
    assert article is not None
    Article.objects.filter(pk=article.pk).update(created_at=datetime(2030, 5, 1, 12, tzinfo=HANOI))
    assert DirtyArticle.objects.filter(article=article.pk).exists()
    assert stage_counts(period) == {("collected",): 1}


def test_reading_with_nothing_changed_writes_nothing() -> None:
    generate(n=20, seed=6)
    stage_counts(parse_period("2015"))
    with CaptureQueriesContext(connection) as queries:
        stage_counts(parse_period("2015"), by=("unit", "stage"))
    assert not [
        q
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def test_the_triggers_come_back_after_a_migration_drops_them() -> None:
    generate(n=20, seed=8)
    rollups.catch_up()
    rollups.drop_triggers()
    article = Article.objects.order_by("pk").first()
    assert article is not None
    Article.objects.filter(pk=article.pk).update(created_at=datetime(2031, 1, 2, 12, tzinfo=HANOI))
    assert not DirtyArticle.objects.exists()  # written without the triggers
    call_command("migrate", "reports", verbosity=0)  # post_migrate puts them back
    assert stage_counts(parse_period("2031")) == {("collected",): 1}


def test_report_command_rebuilds_and_compacts_the_rollups() -> None:
    from click.testing import CliRunner

    from doingoai.cli import cli

    generate(n=30, seed=10)
    change_at_random(random.Random(10), 10)
    result = CliRunner().invoke(cli, ["report", "--compact"])
    assert result.exit_code == 0, result.output
    assert "rows folded into" in result.output
    assert not DirtyArticle.objects.exists()
    assert_same()
    result = CliRunner().invoke(cli, ["report", "--rebuild-rollups"])
    assert result.exit_code == 0, result.output
    assert f"rebuilt from {Article.objects.count()} articles" in result.output
    assert_same()
    result = CliRunner().invoke(cli, ["report", "--format", "json"])
    assert result.exit_code != 0
    assert "--period is required" in result.output


def test_the_worker_step_takes_changes_in_and_compacts() -> None:
    from django.core.cache import cache

    generate(n=30, seed=11)
    cache.delete("doingoai:rollups:compacted")
    done = rollups.maintain()
    assert done["articles"] > 0 and done["compacted"] == 1
    assert not DirtyArticle.objects.exists()
    rows = StageDelta.objects.count()
    article = Article.objects.order_by("pk").first()
    assert article is not None
    Article.objects.filter(pk=article.pk).update(created_at=datetime(2029, 3, 1, 9, tzinfo=HANOI))
    done = rollups.maintain(share=0.5)  # two rows more: not worth folding yet
    assert done["articles"] >= 1 and done["compacted"] == 0
    assert StageDelta.objects.count() > rows
    assert_same()


def _translation(period_key: str) -> dict[str, Any]:
    from doingoai.reports.figures import translation_figures

    figures = translation_figures(parse_period(period_key), qa=False).as_dict()
    hours = figures.pop("hours_in_state")
    return {**figures, "hours": {k: pytest.approx(v, abs=0.02) for k, v in hours.items()}}


def test_kept_job_measures_follow_segment_and_history_changes(jobs: list) -> None:  # noqa: F811
    from doingoai.reports.models import DirtyJob, JobFigures
    from doingoai.translation.models import JobEvent

    kept = _translation("2015-Q1")
    assert JobFigures.objects.count() == len(jobs)
    with rollups.raw_tables():
        assert _translation("2015-Q1") == kept
    first = jobs[0]
    first.segments.filter(kind="title").update(
        pretranslation="Hanoi welcomes visitors", pretranslation_origin="mt"
    )
    assert DirtyJob.objects.filter(job=first.pk).exists()
    changed = _translation("2015-Q1")
    assert changed["mt_share"]["en"] > kept["mt_share"]["en"]
    with rollups.raw_tables():
        assert _translation("2015-Q1") == changed
    JobEvent.objects.create(
        job=first, at=datetime(2015, 3, 5, 9, tzinfo=HANOI), to_state="published", actor="test"
    )
    jobs[1].delete()
    after = _translation("2015-Q1")
    assert after["jobs"] == len(jobs) - 1
    assert not JobFigures.objects.filter(job=jobs[1].pk).exists()
    with rollups.raw_tables():
        assert _translation("2015-Q1") == after
