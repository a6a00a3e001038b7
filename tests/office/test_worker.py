"""`doingoai worker`: queued collection runs are run from the database queue,
and scheduled sources are queued when due."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from doingoai.cli.office import worker
from doingoai.office.models import CollectionRun, Source
from doingoai.store.models import Article
from tests.office.test_sources import offline  # noqa: F401

# the worker takes its own transactions; the seeded rows are restored
# afterwards like for the browser tests
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def database_queue(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}


def test_worker_runs_due_and_queued_collections(
    database_queue: None,
    offline: None,  # noqa: F811
) -> None:
    Source.objects.create(name="Hà Nội Mới", url="https://hanoimoi.vn/rss", schedule="hourly")
    Source.objects.create(name="by hand", url="https://hanoimoi.vn/other", schedule="manual")
    result = CliRunner().invoke(worker, ["--once"])
    assert result.exit_code == 0, result.output
    assert "queued 1 scheduled collection run" in result.output
    run = CollectionRun.objects.get()
    assert run.source.name == "Hà Nội Mới"
    assert run.state == "done"
    assert run.counts["new"] == 1
    assert Article.objects.count() == 1
    # nothing is due any more
    again = CliRunner().invoke(worker, ["--once"])
    assert again.exit_code == 0 and "queued" not in again.output
    assert CollectionRun.objects.count() == 1
