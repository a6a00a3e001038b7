"""Two transactions racing on the same job, segment or article, on PostgreSQL
(SQLite takes one writer at a time and ignores SELECT … FOR UPDATE, so these
run only when the default database is the PostgreSQL server:
``make test-postgres``).

Each race is made certain rather than likely: the first transaction takes the
row lock and holds it until the second is seen waiting for it in
``pg_locks``; only then does the first commit its change. The second must
then wait, see the change and fail cleanly or build on it, and no update may
be lost.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections, transaction

from doingoai.curation.models import AuditLog, Selection, Theme
from doingoai.curation.services import select_article
from doingoai.errors import StaleSegment, WorkflowError
from doingoai.store.models import Article
from doingoai.translation.jobs import (
    approve,
    create_or_refresh_job,
    save_segment,
    submit_for_review,
)
from doingoai.translation.models import Segment, SourceKey, TranslationJob

from .conftest import SEED_ENGLISH

pytestmark = [
    pytest.mark.pg_default,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


class Racer(threading.Thread):
    """Runs ``work`` in its own thread and database connection, keeping what it
    returned or raised."""

    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.work()
        except BaseException as err:  # kept for the test to look at
            self.error = err
        finally:
            connections.close_all()


def waiting_backends() -> int:
    """Sessions of this database now waiting for a lock another holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid()"
        )
        return int(cursor.fetchone()[0])


def wait_until_blocked(racer: Racer, limit: float = 30.0) -> None:
    """Return once ``racer`` waits for a lock; fail if it finished instead."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if waiting_backends():
            return
        if not racer.is_alive():
            pytest.fail(f"the second transaction did not wait for the lock: {racer.error!r}")
        time.sleep(0.01)
    pytest.fail("the second transaction never waited for the lock")


def hold_job_lock(job_id: int, change: Callable[[TranslationJob], None], racer: Racer) -> None:
    """Lock the job's row, start ``racer``, wait until it is blocked on that
    lock, then apply ``change`` and commit."""
    with transaction.atomic():
        job = TranslationJob.objects.select_for_update().get(pk=job_id)
        racer.start()
        wait_until_blocked(racer)
        change(job)
    racer.join(60)
    assert not racer.is_alive()


@pytest.fixture
def job(seed_article: Article) -> TranslationJob:
    return create_or_refresh_job(seed_article, "en", actor="test").job


@pytest.fixture
def translator() -> User:
    return User.objects.create_user("translator-en")


def test_a_save_waits_for_an_approval_under_way_and_is_refused_after_it(
    job: TranslationJob, translator: User
) -> None:
    segment = job.segments.order_by("position").first()
    assert segment is not None
    racer = Racer(lambda: save_segment(segment, "Too late", user=translator))

    def approve(locked: TranslationJob) -> None:
        locked.state = "approved"
        locked.save(update_fields=["state"])

    hold_job_lock(job.pk, approve, racer)
    assert isinstance(racer.error, WorkflowError)
    assert "approved" in str(racer.error) and "cannot be changed" in str(racer.error)
    stored = Segment.objects.get(pk=segment.pk)
    assert stored.target == "" and stored.version == segment.version


def test_two_saves_of_one_segment_one_wins_the_other_gets_its_text_back(
    job: TranslationJob, translator: User
) -> None:
    segment = job.segments.order_by("position").first()
    assert segment is not None
    expected = segment.version
    racer = Racer(lambda: save_segment(segment, "Second text", user=translator))

    def first_save(locked: TranslationJob) -> None:
        # the first translator's save, inside the same lock
        Segment.objects.filter(pk=segment.pk).update(
            target="First text", state="translated", version=expected + 1
        )

    hold_job_lock(job.pk, first_save, racer)
    assert isinstance(racer.error, StaleSegment)
    assert racer.error.rejected == "Second text" and racer.error.current == "First text"
    stored = Segment.objects.get(pk=segment.pk)
    assert (stored.target, stored.version) == ("First text", expected + 1)


@pytest.mark.parametrize("keyed", [False, True], ids=["first-version", "article-has-a-key"])
def test_a_new_job_for_one_article_and_language_is_made_once(
    seed_article: Article, keyed: bool
) -> None:
    if keyed:  # the article already has its translation key (another language's job)
        SourceKey.objects.create(article=seed_article, language="vi")
    start = threading.Barrier(2)

    def create() -> int:
        start.wait(10)
        with transaction.atomic():
            refresh = create_or_refresh_job(seed_article, "en", actor="race")
            time.sleep(0.2)  # keep the transaction open while the other one runs
            return refresh.job.pk

    racers = [Racer(create), Racer(create)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(60)
    assert [r.error for r in racers] == [None, None]
    assert TranslationJob.objects.filter(article=seed_article, target_lang="en").count() == 1
    assert racers[0].result == racers[1].result


def test_two_editors_selecting_one_article_make_one_selection_and_both_are_audited(
    seed_article: Article,
) -> None:
    editors = [User.objects.create_user(f"editor-{n}") for n in (1, 2)]
    themes = list(Theme.objects.order_by("position")[:2])
    assert len(themes) == 2
    start = threading.Barrier(2)

    def select(n: int) -> Callable[[], Selection]:
        def work() -> Selection:
            start.wait(10)
            return select_article(seed_article, editors[n], [themes[n]], note=f"editor {n}")

        return work

    racers = [Racer(select(0)), Racer(select(1))]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(60)
    assert [r.error for r in racers] == [None, None]
    selection = Selection.objects.get(article=seed_article)
    assert Selection.objects.filter(article=seed_article).count() == 1
    # the one who came second built on the first one's row: its choice stands
    assert list(selection.themes.all()) in ([themes[0]], [themes[1]])
    winner = 0 if selection.note == "editor 0" else 1
    assert list(selection.themes.all()) == [themes[winner]]
    actions = sorted(
        AuditLog.objects.filter(object_type="curation.selection").values_list("action", flat=True)
    )
    assert actions == ["select", "update-selection"]


def test_an_approval_waits_for_a_return_under_way_and_is_refused_after_it(
    job: TranslationJob, translator: User
) -> None:
    for segment, english in zip(job.segments.order_by("position"), SEED_ENGLISH, strict=True):
        save_segment(segment, english, user=translator)
    job.refresh_from_db()
    submit_for_review(job, user=translator)
    reviewer = User.objects.create_user("reviewer-en")
    job.refresh_from_db()
    racer = Racer(lambda: approve(job, user=reviewer))

    def send_back(locked: TranslationJob) -> None:
        locked.state = "returned"
        locked.save(update_fields=["state"])

    hold_job_lock(job.pk, send_back, racer)
    assert isinstance(racer.error, WorkflowError)
    assert "changed while it was being checked" in str(racer.error)
    job.refresh_from_db()
    assert job.state == "returned" and job.version.approved_at is None
