"""Shared fixtures: where ../shared/data is, and a database per test via pytest-django.

Under ``CI=true`` a skipped test fails the run: a green CI run means that every
test ran (PostgreSQL and chromium are installed and started by ``make test``).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

# The tests read the command's messages in English (its Vietnamese default and
# the choice of language are tested in tests/cli/test_language.py).
os.environ.setdefault("DOINGOAI_CLI_LANGUAGE", "en")

from tests._ci import in_ci

pytest_plugins = ["tests.pg_server"]

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
SEED = SHARED_DATA / "seed" / "000_e22b331b8597d28b.txt"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not SHARED_DATA.is_dir():
        raise pytest.UsageError(f"the shared test data is missing: {SHARED_DATA}")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    return SHARED_DATA


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An office database file migrated once per session by ``doingoai migrate``
    in its own process. Tests of commands that migrate before they run (``serve``)
    start from a copy (:func:`copy_database`): a fresh database's migrations
    take seconds each time; the command still checks them and applies none."""
    path = tmp_path_factory.mktemp("migrated") / "office.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOINGOAI_")}
    env["DOINGOAI_DATABASE_URL"] = f"sqlite:///{path}"
    done = subprocess.run(
        [sys.executable, "-m", "doingoai", "migrate"],
        env=env,
        cwd=path.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return path


def copy_database(template: Path, target: Path) -> Path:
    """``target``: a copy of the SQLite database ``template``, made through
    SQLite's backup API (whole, whatever its journal holds)."""
    source = sqlite3.connect(template)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target


#: Tables made by migrations with plain SQL (search index, translation memory,
#: throttle): Django's flush after a transactional test does not know them, so
#: they are emptied here, or one test's index and memory would reach the next.
RAW_TABLES = (
    "search_fts",
    "search_meta",
    "search_vocab",
    "search_document",
    "tm_posting",
    "tm_entry",
    "doingoai_throttle",
)


def _transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _raw_tables_emptied(request: pytest.FixtureRequest) -> object:
    yield
    if not _transactional(request):
        return  # a test in a transaction: its rollback undid these tables' rows too
    from django.db import connections

    marker = request.node.get_closest_marker("django_db")
    allowed = marker.kwargs.get("databases", ["default"]) if marker else ["default"]
    for alias in connections:
        if allowed != "__all__" and alias not in allowed:
            continue  # a database this test may not touch
        connection = connections[alias]
        if connection.connection is None:  # never opened by this test
            continue
        present = set(connection.introspection.table_names())
        with connection.cursor() as cursor:
            for table in RAW_TABLES:
                if table in present:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        _skipped.append(f"{report.nodeid}: {reason}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if in_ci() and _skipped and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if in_ci() and _skipped:
        terminalreporter.section("skipped under CI=true: the run fails", red=True)
        for line in _skipped[:50]:
            terminalreporter.write_line(line)
