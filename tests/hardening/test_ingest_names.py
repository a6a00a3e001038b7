"""A file whose name is not valid UTF-8 is reported and skipped; the others are stored.

Before, ``ingest`` stopped with a traceback at that file, on every rerun, so
the files after it were never stored.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from doingoai.cli import cli
from doingoai.enrich.enricher import Enricher
from doingoai.store.ingest import ingest
from doingoai.store.models import Article, IngestRun

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes on Linux only"),
]

BAD_NAME = b"bai-\xff\xfe-ha-noi.html"


@pytest.fixture
def folder(tmp_path: Path, shared_data: Path) -> Path:
    pages = shared_data / "extraction" / "vn-news" / "html"
    folder = tmp_path / "trang"
    folder.mkdir()
    # the bad name sorts first: everything after it used to be lost
    with open(os.path.join(os.fsencode(folder), BAD_NAME), "wb") as fh:
        fh.write((pages / "dantri_article.html").read_bytes())
    (folder / "nld.html").write_bytes((pages / "nld_article.html").read_bytes())
    return folder


def test_ingest_reports_the_file_and_stores_the_others(folder: Path) -> None:
    for _run in range(2):  # a rerun reports it again and does not stop either
        report = ingest([str(folder)], enricher=Enricher(entities=False), workers=1)
        ((source, reason),) = report.failed
        assert source.endswith("bai-\\xff\\xfe-ha-noi.html")
        assert "not valid UTF-8" in reason
        assert Article.objects.filter(url__contains="nld.com.vn").count() == 1
    assert Article.objects.count() == 1
    run = IngestRun.objects.order_by("pk").last()
    assert run is not None and run.status == "done"
    assert run.failures[0]["source"] == source


def test_the_file_named_on_the_command_line(folder: Path) -> None:
    bad = os.fsdecode(os.path.join(os.fsencode(folder), BAD_NAME))
    result = CliRunner().invoke(
        cli, ["ingest", "--workers", "1", "--quiet", bad, str(folder / "nld.html")]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    shown = "".join(result.output.split())  # the report is wrapped to the terminal's width
    assert "bai-\\xff\\xfe-ha-noi.html" in shown and "notvalidUTF-8" in shown
    assert Article.objects.count() == 1
    assert IngestRun.objects.get().sources[0].endswith("bai-\\xff\\xfe-ha-noi.html")
