"""Writers, readers and the rollups' upkeep running at once on PostgreSQL,
each thread on its own connection: afterwards no count is lost or doubled,
the rollups give the raw tables' figures. (SQLite takes one writer at a time,
so these run when the default database is the PostgreSQL server: ``make
test-postgres``.)"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.db import connections, transaction
from django.db.models import F, Sum

from doingoai.curation.models import Selection, Theme, Unit
from doingoai.reports import rollups
from doingoai.reports.figures import reach, stage_counts
from doingoai.reports.models import DailyViews, DirtyArticle
from doingoai.reports.periods import parse_period
from doingoai.store.models import Article
from tests.reports.generate import HANOI, THEMES, generate
from tests.reports.test_rollups import assert_same

pytestmark = [
    pytest.mark.pg_default,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROUNDS = 40


class Racer(threading.Thread):
    """Runs ``work`` in its own thread and database connection, keeping what
    it raised."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.work()
        except BaseException as err:  # kept for the test to look at
            self.error = err
        finally:
            connections.close_all()


def writer(seed: int, start: threading.Barrier) -> Callable[[], None]:
    def work() -> None:
        rng = random.Random(seed)
        articles = list(Article.objects.values_list("pk", flat=True))
        selections = list(Selection.objects.values_list("pk", flat=True))
        units = list(Unit.objects.values_list("pk", flat=True))
        themes = list(Theme.objects.filter(slug__in=THEMES))
        views = list(DailyViews.objects.values_list("pk", flat=True))
        # the articles whose views are counted change unit too
        viewed = list(
            Selection.objects.filter(
                article_id__in=DailyViews.objects.values("article_id")
            ).values_list("pk", flat=True)
        )
        assert viewed
        start.wait()
        for _ in range(ROUNDS):
            day = date(2015, 1, 1) + timedelta(days=rng.randrange(365))
            at = datetime.combine(day, time(rng.randrange(24)), tzinfo=HANOI)
            with transaction.atomic():
                kind = rng.randrange(5)
                if kind == 0:
                    Selection.objects.filter(
                        pk=rng.choice(rng.choice([selections, viewed]))
                    ).update(unit_id=rng.choice([*units, None]))
                elif kind == 1:
                    Selection.objects.filter(pk=rng.choice(selections)).update(
                        published_at=at, status="published"
                    )
                elif kind == 2:
                    Selection.objects.get(
                        pk=rng.choice(rng.choice([selections, viewed]))
                    ).themes.set(rng.sample(themes, rng.choice([0, 1, 2])))
                elif kind == 3:
                    Article.objects.filter(pk=rng.choice(articles)).update(created_at=at)
                # the same few rows counted by every writer at once
                DailyViews.objects.filter(pk=views[rng.randrange(3)]).update(views=F("views") + 1)

    return work


def keeper(start: threading.Barrier, stop: threading.Event) -> Callable[[], None]:
    def work() -> None:
        start.wait()
        while not stop.is_set():
            rollups.maintain(share=0.0)
            stage_counts(parse_period("2015"), by=("unit", "stage"))

    return work


def test_no_count_is_lost_or_doubled_under_concurrent_writers() -> None:
    generate(n=60, seed=21)
    # articles with a selection, so that their unit changes under the counting
    for i, article in enumerate(Article.objects.filter(selection__isnull=False).order_by("pk")[:3]):
        DailyViews.objects.create(
            article=article, language="vi", day=date(2015, 6, 1 + i), views=10
        )
    rollups.catch_up()
    rollups.compact()
    start, stop = threading.Barrier(6), threading.Event()
    writers = [Racer(writer(seed, start)) for seed in range(4)]
    keepers = [Racer(keeper(start, stop)) for _ in range(2)]
    for racer in [*writers, *keepers]:
        racer.start()
    for racer in writers:
        racer.join(timeout=600)
    stop.set()
    for racer in keepers:
        racer.join(timeout=600)
    errors = [r.error for r in [*writers, *keepers] if r.error is not None]
    assert not errors, errors
    assert all(not r.is_alive() for r in [*writers, *keepers])
    # every view added by the writers is counted once
    assert DailyViews.objects.aggregate(n=Sum("views"))["n"] == 30 + 4 * ROUNDS
    assert reach(parse_period("2015"))["views"] == 30 + 4 * ROUNDS
    for key in ["2015", "2014..2017"]:
        assert_same(key)
    assert not DirtyArticle.objects.exists()
