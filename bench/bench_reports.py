"""The office's figures at scale: the dashboard of one year, a filtered
change, and the evaluation report of a three-year programme, on a database of
generated history (SQLite, or PostgreSQL with --postgres URL).

Generates N articles over 2013–2016 with their selections (themes, units),
publications, translation jobs (versions, segments, history) and page views,
in bulk, rebuilds the rollups (timed), then times with the rollups and with
the raw tables (what the figures did before them): the dashboard page of 2015
(rendered through the project's WSGI stack, all its charts and tables), the
same page filtered by a unit and a language, and by a theme, and the report of 2013..2015
built and written as DOCX (without the QA checks).

Usage: python bench/bench_reports.py [--articles N] [--jobs N] [--views N]
       [--db FILE] [--postgres URL] [--no-raw] [--quick]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


SENTENCES = [
    "Hà Nội đón hơn một triệu lượt khách quốc tế trong quý đầu năm.",
    "Thành phố khai trương tuyến phố đi bộ quanh hồ Hoàn Kiếm.",
    "Lễ hội văn hóa ẩm thực thu hút đông đảo người dân và du khách.",
    "Sở Du lịch giới thiệu các điểm đến mới của Thủ đô.",
    "Di tích Văn Miếu được tu bổ theo đúng nguyên trạng.",
    "Hội nghị xúc tiến đầu tư diễn ra tại Trung tâm Hội nghị Quốc gia.",
]
TARGETS = [
    "Hanoi welcomed over one million international visitors in the first quarter.",
    "The city opened a walking street around Hoan Kiem Lake.",
    "The food culture festival drew crowds of residents and tourists.",
    "The Department of Tourism introduced new destinations of the capital.",
    "The Temple of Literature was restored to its original state.",
    "The investment promotion conference took place at the National Convention Centre.",
]


def _copy(table: str, columns: list[str], rows: list[tuple[object, ...]]) -> None:
    """Insert many rows at once: COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" for _ in columns)
        cursor.cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
        )


def _generate(n: int, jobs: int, views: int, seed: int = 7) -> None:
    """N articles over 2013–2016, 40 % selected (70 % of those published),
    ``jobs`` approved translation jobs (with their versions, segments and
    history) and page views summing to ``views``, in bulk and without the
    rollups' triggers (the rollups are rebuilt afterwards)."""
    from django.contrib.auth.models import User
    from django.db import connection, transaction

    from doingoai.curation.models import Selection, Theme, Unit
    from doingoai.reports.rollups import drop_triggers
    from doingoai.store.models import Article, Outlet, RawDocument
    from doingoai.translation.models import (
        JobEvent,
        Segment,
        SourceKey,
        TranslatedVersion,
        TranslationJob,
    )

    drop_triggers()
    rng = random.Random(seed)
    units = [
        Unit.objects.create(name=f"Đơn vị {i}", slug=f"don-vi-{i}", kind="department")
        for i in range(40)
    ]
    themes = list(Theme.objects.all())
    outlets = [
        Outlet.objects.create(
            domain=f"bao{i}.vn", name=f"Báo {i}", unit=units[i] if i % 2 else None
        )
        for i in range(20)
    ]
    translators = [User.objects.create_user(f"bd-{i}") for i in range(30)]
    raw = RawDocument.objects.create(
        sha256="0" * 64, fetched_at=datetime(2016, 1, 1, tzinfo=UTC), size=1, compressed=b"x"
    )
    # the bench sets the stored times itself
    for model, name in ((Article, "created_at"), (Selection, "selected_at")):
        model._meta.get_field(name).auto_now_add = False  # type: ignore[attr-defined]
    through = Selection.themes.through
    start = datetime(2013, 1, 1, 3, tzinfo=UTC)
    span = 4 * 365
    job_share = jobs / max(1, n * 0.4 * 0.7)
    views_per_article = views / max(1, n * 0.4 * 0.7)
    batch = 10_000
    made = made_jobs = made_views = 0
    t0 = time.perf_counter()
    while made < n:
        size = min(batch, n - made)
        with transaction.atomic():
            created = [start + timedelta(days=rng.randrange(span)) for _ in range(size)]
            articles = Article.objects.bulk_create(
                [
                    Article(
                        raw=raw,
                        title=f"Bài {made + i}",
                        body="x",
                        language="vi",
                        fingerprint=f"{made + i:016x}",
                        outlet=rng.choice(outlets),
                        created_at=at,
                    )
                    for i, at in enumerate(created)
                ],
                batch_size=2000,
            )
            selections = []
            for article in articles:
                if rng.random() < 0.4:
                    picked = article.created_at + timedelta(days=rng.randrange(10), hours=5)
                    published = (
                        picked + timedelta(days=rng.randrange(20), hours=1)
                        if rng.random() < 0.7
                        else None
                    )
                    selections.append(
                        Selection(
                            article=article,
                            unit=rng.choice(units),
                            status="published" if published else "selected",
                            selected_at=picked,
                            published_at=published,
                        )
                    )
            selections = Selection.objects.bulk_create(selections, batch_size=2000)
            through.objects.bulk_create(
                [
                    through(selection_id=s.pk, theme_id=t.pk)
                    for s in selections
                    for t in rng.sample(themes, rng.choice([1, 1, 2]))
                ],
                batch_size=5000,
            )
            published = [s for s in selections if s.published_at]
            keys = SourceKey.objects.bulk_create(
                [SourceKey(article_id=s.article_id) for s in published if rng.random() < job_share],
                batch_size=2000,
            )
            out_at = {s.article_id: s.published_at for s in published}
            versions = []
            for key in keys:
                approved = out_at[key.article_id] + timedelta(days=rng.randrange(1, 20))
                versions.append(
                    TranslatedVersion(
                        source=key,
                        translation_key=key.translation_key,
                        language=rng.choice(["en", "en", "fr"]),
                        approved_at=approved,
                        published_at=approved + timedelta(days=1),
                    )
                )
            versions = TranslatedVersion.objects.bulk_create(versions, batch_size=2000)
            job_rows = TranslationJob.objects.bulk_create(
                [
                    TranslationJob(
                        article_id=key.article_id,
                        version=version,
                        target_lang=version.language,
                        state="published",
                        assignee=rng.choice(translators),
                        created_at=version.approved_at - timedelta(days=3),  # type: ignore[operator]
                    )
                    for key, version in zip(keys, versions, strict=True)
                ],
                batch_size=2000,
            )
            made_jobs += len(job_rows)
            segments, events = [], []
            for job, version in zip(job_rows, versions, strict=True):
                for position in range(rng.randrange(3, 9)):
                    k = rng.randrange(len(SENTENCES))
                    origin = rng.choice(["tm", "tm-fuzzy", "mt", ""])
                    segments.append(
                        Segment(
                            job=job,
                            position=position,
                            kind="paragraph",
                            block=position,
                            source=SENTENCES[k],
                            source_hash=f"{k:064x}",
                            target=TARGETS[k],
                            origin="human",
                            match_score=rng.choice([100, 97, 88, 80])
                            if origin[:2] == "tm"
                            else None,
                            pretranslation=TARGETS[(k + rng.randrange(2)) % len(TARGETS)]
                            if origin
                            else "",
                            pretranslation_origin=origin,
                            state="translated",
                        )
                    )
                steps = ["draft", "pretranslated", "in_translation", "in_review", "approved"]
                steps.append("published")
                at = job.created_at
                for before, after in zip(["", *steps], steps, strict=False):
                    at = at + timedelta(hours=rng.randrange(1, 40))
                    if after == "approved":
                        at = version.approved_at  # type: ignore[assignment]
                    if after == "published":
                        at = version.published_at  # type: ignore[assignment]
                    events.append(JobEvent(job=job, at=at, from_state=before, to_state=after))
            Segment.objects.bulk_create(segments, batch_size=5000)
            JobEvent.objects.bulk_create(events, batch_size=5000)
            rows = []
            for s in published:
                wanted = int(views_per_article * rng.uniform(0.5, 1.5))
                day = s.published_at.date()  # type: ignore[union-attr]
                while wanted > 0:
                    count = min(wanted, rng.randrange(1, 8))
                    wanted -= count
                    rows.append(
                        (
                            s.article_id,
                            rng.choice(["vi", "vi", "en"]),
                            day + timedelta(days=rng.randrange(0, 120)),
                            rng.choice(["", "google.com", "facebook.com", "baomoi.com"]),
                            rng.choice(["vi", "en", "fr", ""]),
                            count,
                        )
                    )
            # one row per key: the page views of a key are summed
            summed: dict[tuple[object, ...], int] = {}
            for *key, count in rows:
                summed[tuple(key)] = summed.get(tuple(key), 0) + count  # type: ignore[operator]
            _copy(
                "reports_dailyviews",
                ["article_id", "language", "day", "referrer", "reader_language", "views"],
                [(*key, count) for key, count in summed.items()],
            )
            made_views += sum(summed.values())
        made += size
        if made % 100_000 == 0 or made == n:
            print(
                f"  {made:,} articles, {made_jobs:,} jobs, {made_views:,} page views"
                f" generated ({time.perf_counter() - t0:.0f} s)",
                file=sys.stderr,
                flush=True,
            )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _timed(label: str, fn: object, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - t)
    note = f"best of {repeat}" if repeat > 1 else "once"
    print(f"  {label:<58} {best * 1000:>10,.0f} ms ({note})", flush=True)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--views", type=int, default=10_000_000, help="page views in all")
    parser.add_argument("--quick", action="store_true", help="10,000 articles, 1,000 jobs")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="keep the SQLite database here (reused when it exists)",
    )
    parser.add_argument("--postgres", default=None, help="a PostgreSQL server's URL")
    parser.add_argument(
        "--no-raw", action="store_true", help="do not time the raw tables (slow at scale)"
    )
    parser.add_argument(
        "--no-raw-report",
        action="store_true",
        help="time the raw tables for the dashboard only (the report measures every job)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the PostgreSQL database of an earlier run"
    )
    parser.add_argument(
        "--keep-rollups",
        action="store_true",
        help="on a database kept from an earlier run, bring the rollups up to date, no rebuild",
    )
    args = parser.parse_args()
    n, jobs, views = (
        (10_000, 1_000, 100_000) if args.quick else (args.articles, args.jobs, args.views)
    )
    with tempfile.TemporaryDirectory() as tmp:
        if args.postgres:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from pg_corpus import postgres_database

            os.environ["DOINGOAI_DATABASE_URL"] = postgres_database(
                args.postgres, "doingoai_bench_reports", reuse=args.reuse
            )
        else:
            db = args.db or Path(tmp) / "bench.sqlite3"
            os.environ.setdefault("DOINGOAI_DATABASE_URL", f"sqlite:///{db}")
        os.environ["DOINGOAI_DEBUG"] = "1"
        from doingoai.project import setup

        setup()
        from django.conf import settings
        from django.contrib.auth.models import Group, User
        from django.db import connection
        from django.test import Client

        from doingoai.reports import rollups
        from doingoai.reports.evaluation import build_report
        from doingoai.reports.models import DailyViews, StageDelta
        from doingoai.reports.periods import parse_period
        from doingoai.reports.writers import write_report
        from doingoai.store.models import Article
        from doingoai.translation.models import TranslationJob

        settings.DEBUG = False  # no query log while loading millions of rows
        if not Article.objects.exists():
            t = time.perf_counter()
            _generate(n, jobs, views)
            print(f"generated in {time.perf_counter() - t:,.0f} s", file=sys.stderr, flush=True)
        rollups.install_triggers()
        if args.keep_rollups:
            _timed("rollups brought up to date", rollups.maintain, repeat=1)
        else:
            _timed("rollups rebuilt from the raw tables", rollups.rebuild, repeat=1)
        settings.DEBUG = True
        settings.ALLOWED_HOSTS = ["testserver"]
        user = User.objects.create_user(f"bench-{time.time_ns()}")
        user.groups.add(Group.objects.get(name="manager"))
        client = Client()
        client.force_login(user)
        total_views = DailyViews.objects.aggregate(n=models_sum("views"))["n"]
        print(
            f"{Article.objects.count():,} articles, {TranslationJob.objects.count():,} jobs,"
            f" {total_views:,} page views in {DailyViews.objects.count():,} rows,"
            f" {StageDelta.objects.count():,} rollup rows on {connection.vendor}",
            flush=True,
        )

        def dashboard(query: str) -> None:
            response = client.get(f"/office/dashboard/?{query}", HTTP_ACCEPT_LANGUAGE="vi")
            assert response.status_code == 200, response.status_code

        def report() -> None:
            write_report(build_report(parse_period("2013..2015"), qa=False), "docx")

        filtered = "period=2015&unit=don-vi-3&language=en"
        for label, raw in (("rollups", False), ("raw tables", True)):
            if raw and args.no_raw:
                continue
            with rollups.raw_tables() if raw else contextlib.nullcontext():
                repeat = 1 if raw else 3
                _timed(f"[{label}] dashboard of 2015", lambda: dashboard("period=2015"), repeat)
                _timed(
                    f"[{label}] dashboard of 2015, one unit and English",
                    lambda: dashboard(filtered),
                    repeat,
                )
                _timed(
                    f"[{label}] dashboard of 2015, one theme",
                    lambda: dashboard("period=2015&theme=van-hoa"),
                    repeat,
                )
                if not (raw and args.no_raw_report):
                    _timed(f"[{label}] report of 2013..2015 as DOCX", report, repeat=1)


def models_sum(field: str) -> object:
    from django.db.models import Sum

    return Sum(field)


if __name__ == "__main__":
    main()
