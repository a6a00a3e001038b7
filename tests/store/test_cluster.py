"""Ingest on a Dask distributed cluster of worker processes: the same database as a
local ingest, nothing lost or doubled when a worker dies, a clear error when the
scheduler cannot be reached."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from doingoai.cli import main
from doingoai.enrich.enricher import Enricher
from doingoai.errors import ConfigError
from doingoai.store import cluster as cluster_module
from doingoai.store.ingest import ingest
from doingoai.store.models import Article, IngestRun, MinHashBand
from doingoai.store.models import RawDocument as StoredRaw
from tests.store._cluster_enrichers import DiesOnceEnricher
from tests.store.test_ingest_workers import _corpus, _snapshot

distributed = pytest.importorskip("distributed")

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ENRICHER = Enricher(entities=False)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A real cluster on this machine: a scheduler and two worker processes of one thread."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield str(local.scheduler_address)


class _Rollback(Exception):
    pass


def test_cluster_stores_what_a_local_ingest_stores(
    tmp_path: Path, shared_data: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    _corpus(shared_data, docs, n=12)
    monkeypatch.setattr(cluster_module, "FILES_PER_UNIT", 4)  # several units in flight
    snapshots: list[dict[str, Any]] = []
    for cluster in ("", scheduler):
        try:
            with transaction.atomic():
                report = ingest([str(docs)], enricher=ENRICHER, workers=1, cluster=cluster)
                snapshots.append(_snapshot(report))
                raise _Rollback
        except _Rollback:
            pass
    local, distributed_ = snapshots
    assert local["report"][0] == 12  # new: the twelve texts
    assert len(local["report"][3]) == 1  # the empty file, named
    assert distributed_ == local


def test_a_worker_that_dies_loses_nothing_and_doubles_nothing(
    tmp_path: Path, shared_data: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    texts = _corpus(shared_data, docs, n=12)
    monkeypatch.setattr(cluster_module, "FILES_PER_UNIT", 2)
    flag = tmp_path / "died"
    # the headline's first words: the title extraction keeps of a first line
    # that runs on into the lead
    title = " ".join(texts[5].split("\n")[0].split()[:5])
    dies = DiesOnceEnricher(entities=False, marker=title, flag=str(flag))
    first = ingest([str(docs)], enricher=dies, cluster=scheduler)
    assert flag.exists()  # a worker process did end in the middle of the run
    assert (first.new + first.duplicate, len(first.failed)) == (14, 1)
    stored = {a.raw.sha256 for a in Article.objects.select_related("raw")}
    assert len(stored) == Article.objects.count() == StoredRaw.objects.count() == 14
    assert MinHashBand.objects.count() == 14 * 32
    again = ingest([str(docs)], enricher=ENRICHER, cluster=scheduler)
    assert (again.new, again.updated, again.duplicate) == (0, 0, 14)
    assert Article.objects.count() == StoredRaw.objects.count() == 14
    assert IngestRun.objects.filter(status="done").count() == 2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_scheduler_is_a_clear_error_and_loses_nothing(
    tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    _corpus(shared_data, docs, n=3)
    ingest([str(docs / "00.txt")], enricher=ENRICHER, workers=1)
    address = f"tcp://127.0.0.1:{_free_port()}"
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 2.0)
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler at " + address):
        ingest([str(docs)], enricher=ENRICHER, cluster=address)
    assert Article.objects.count() == 1  # what was stored before is still there
    assert IngestRun.objects.order_by("pk").last().status == "interrupted"  # type: ignore[union-attr]


def test_the_command_names_the_scheduler_it_cannot_reach(
    tmp_path: Path,
    shared_data: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs = tmp_path / "docs"
    _corpus(shared_data, docs, n=2)
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 2.0)
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(SystemExit) as exited:
        main(["ingest", "-q", "--cluster", address, str(docs)])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"cannot reach the Dask scheduler at {address}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("value", ["localhost:8786", "8786", "scheduler"])
def test_a_setting_that_is_not_an_address_is_refused(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOINGOAI_INGEST_CLUSTER", value)
    with pytest.raises(ConfigError, match="DOINGOAI_INGEST_CLUSTER"):
        ingest(["nothing-here"], enricher=ENRICHER)
    assert not IngestRun.objects.exists()


def test_standard_input_is_refused_on_a_cluster() -> None:
    with pytest.raises(ConfigError, match="standard input"):
        list(cluster_module._units(["-"], 4))


def test_a_folder_is_cut_into_units_named_as_a_local_ingest_names_them(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.txt").write_text(json.dumps(i), encoding="utf-8")
    units = list(cluster_module._units([str(folder), "https://example.org/feed.xml"], 2))
    assert [len(u) for u in units] == [2, 2, 1, 1]
    assert units[0][0] == (str((folder / "0.txt").absolute()), str(folder / "0.txt"))
    assert units[-1] == [("https://example.org/feed.xml", "https://example.org/feed.xml")]
