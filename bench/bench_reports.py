"""The office's figures at scale: the dashboard of one year, a filtered
change, and the evaluation report of a three-year programme, on a database of
generated history (SQLite, or PostgreSQL through DOINGOAI_DATABASE_URL).

Generates N articles over 2013–2016 with their selections (themes, units),
publications, English versions and page views, in bulk, then times:
the dashboard page of 2015 (rendered through the project's WSGI stack, all
its charts and tables), the same page filtered by a unit and a language, and
the report of 2013..2015 built and written as DOCX (without the QA checks).
Usage: python bench/bench_reports.py [--articles N] [--quick]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _generate(n: int, seed: int = 7) -> None:
    from django.db import transaction

    from doingoai.curation.models import Selection, Theme, Unit
    from doingoai.reports.models import DailyViews
    from doingoai.store.models import Article, Outlet, RawDocument
    from doingoai.translation.models import SourceKey, TranslatedVersion

    rng = random.Random(seed)
    units = [
        Unit.objects.create(name=f"Đơn vị {i}", slug=f"don-vi-{i}", kind="department")
        for i in range(40)
    ]
    themes = list(Theme.objects.all())
    outlets = [Outlet.objects.create(domain=f"bao{i}.vn", name=f"Báo {i}") for i in range(20)]
    through = Selection.themes.through
    start = date(2013, 1, 1)
    batch = 5_000
    made = 0
    t0 = time.perf_counter()
    while made < n:
        size = min(batch, n - made)
        with transaction.atomic():
            raws = RawDocument.objects.bulk_create(
                [
                    RawDocument(
                        sha256=f"{made + i:064x}",
                        fetched_at=datetime(2016, 1, 1, tzinfo=UTC),
                        size=1,
                        compressed=b"x",
                    )
                    for i in range(size)
                ]
            )
            days = [start + timedelta(days=rng.randrange(0, 4 * 365)) for _ in range(size)]
            articles = Article.objects.bulk_create(
                [
                    Article(
                        raw=raw,
                        title=f"Bài {made + i}",
                        body="x",
                        language="vi",
                        fingerprint=f"{made + i:016x}",
                        outlet=rng.choice(outlets),
                    )
                    for i, raw in enumerate(raws)
                ]
            )
            for article, day in zip(articles, days, strict=True):
                article.created_at = datetime.combine(day, clock(10), tzinfo=UTC)
            Article.objects.bulk_update(articles, ["created_at"], batch_size=1000)
            selections = []
            for article, day in zip(articles, days, strict=True):
                if rng.random() < 0.4:
                    picked = day + timedelta(days=rng.randrange(0, 10))
                    published = (
                        datetime.combine(
                            picked + timedelta(days=rng.randrange(0, 20)), clock(9), tzinfo=UTC
                        )
                        if rng.random() < 0.7
                        else None
                    )
                    selections.append(
                        Selection(
                            article=article,
                            unit=rng.choice(units),
                            status="published" if published else "selected",
                            published_at=published,
                        )
                    )
            selections = Selection.objects.bulk_create(selections)
            for selection in selections:
                day = selection.article.created_at.date() + timedelta(days=rng.randrange(0, 10))
                selection.selected_at = datetime.combine(day, clock(8), tzinfo=UTC)
            Selection.objects.bulk_update(selections, ["selected_at"], batch_size=1000)
            through.objects.bulk_create(
                [
                    through(selection_id=s.pk, theme_id=t.pk)
                    for s in selections
                    for t in rng.sample(themes, rng.choice([1, 1, 2]))
                ]
            )
            keys, versions, views = [], [], []
            for selection in selections:
                if selection.published_at and rng.random() < 0.25:
                    keys.append(SourceKey(article_id=selection.article_id))
            keys = SourceKey.objects.bulk_create(keys)
            for key in keys:
                approved = datetime(2013, 1, 1, tzinfo=UTC) + timedelta(
                    days=rng.randrange(0, 4 * 365)
                )
                versions.append(
                    TranslatedVersion(
                        source=key,
                        translation_key=key.translation_key,
                        language="en",
                        approved_at=approved,
                        published_at=approved + timedelta(days=1),
                    )
                )
                for _ in range(10):
                    views.append(
                        DailyViews(
                            article_id=key.article_id,
                            language=rng.choice(["vi", "en"]),
                            day=approved.date() + timedelta(days=rng.randrange(0, 300)),
                            referrer=rng.choice(["", "google.com", "facebook.com"]),
                            reader_language=rng.choice(["vi", "en", "fr"]),
                            views=rng.randrange(1, 40),
                        )
                    )
            TranslatedVersion.objects.bulk_create(versions)
            DailyViews.objects.bulk_create(views, ignore_conflicts=True)
        made += size
        print(f"  {made:,} articles generated ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)


def _timed(label: str, fn: object, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - t)
    print(f"  {label:<44} {best * 1000:>9,.0f} ms (best of {repeat})")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 articles")
    args = parser.parse_args()
    n = 10_000 if args.quick else args.articles
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("DOINGOAI_DATABASE_URL", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        os.environ["DOINGOAI_DEBUG"] = "1"
        from doingoai.project import setup

        setup()
        from django.conf import settings
        from django.contrib.auth.models import Group, User
        from django.db import connection
        from django.test import Client

        from doingoai.reports.evaluation import build_report
        from doingoai.reports.periods import parse_period
        from doingoai.reports.writers import write_report
        from doingoai.store.models import Article

        if not Article.objects.exists():
            _generate(n)
        settings.ALLOWED_HOSTS = ["testserver"]
        user = User.objects.create_user(f"bench-{time.time_ns()}")
        user.groups.add(Group.objects.get(name="manager"))
        client = Client()
        client.force_login(user)
        print(f"{Article.objects.count():,} articles on {connection.vendor}")

        def dashboard(query: str) -> None:
            response = client.get(f"/office/dashboard/?{query}", HTTP_ACCEPT_LANGUAGE="vi")
            assert response.status_code == 200, response.status_code

        _timed("dashboard of 2015", lambda: dashboard("period=2015"))
        _timed(
            "dashboard of 2015, one unit and English",
            lambda: dashboard("period=2015&unit=don-vi-3&language=en"),
        )
        _timed(
            "report of 2013..2015, built and written as DOCX",
            lambda: write_report(build_report(parse_period("2013..2015"), qa=False), "docx"),
            repeat=1,
        )


if __name__ == "__main__":
    main()
