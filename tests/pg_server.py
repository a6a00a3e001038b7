"""A throwaway PostgreSQL server for the tests marked ``postgres``.

At configure time this plugin picks a socket directory and points the Django
database alias "postgres" at it (through DOINGOAI_TEST_POSTGRES_URL, which the
settings read). After collection, if any collected test is marked
``postgres``, it creates a cluster with Debian's binaries
(/usr/lib/postgresql/<version>/bin: ``make system-packages`` installs them) in a
temporary directory, starts it on a unix socket only, and stops and removes it
when the run ends. Run as root, the server runs as the ``postgres`` user.

If DOINGOAI_TEST_POSTGRES_URL is already set, that server is used instead. With
neither binaries nor a URL, the postgres tests are skipped with the reason;
under ``CI=true`` the run stops with that reason instead, so that a green CI
run means every test ran.

With ``DOINGOAI_TEST_DATABASE=postgres`` the server is started at once and the
default database of every test is on it too (``make test`` runs the database
tests a second time that way): the office, API, workflow, ingest and curation
tests then run on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests._ci import in_ci

ENV = "DOINGOAI_TEST_POSTGRES_URL"
DEFAULT_ENV = "DOINGOAI_TEST_DATABASE"
ALIAS = "postgres"
PORT = 5432  # only names the socket file: the server listens on no TCP port


@dataclass
class _State:
    url: str | None = None
    tmp: Path | None = None
    bindir: Path | None = None
    started: bool = False
    skip_reason: str | None = None
    log: list[str] = field(default_factory=list)


_state = _State()


def default_on_postgres() -> bool:
    """True when the default database of the tests is the PostgreSQL server."""
    value = os.environ.get(DEFAULT_ENV, "sqlite").lower()
    if value not in {"sqlite", "postgres"}:
        raise pytest.UsageError(f"{DEFAULT_ENV}={value!r}: use 'sqlite' or 'postgres'")
    return value == "postgres"


def _give_up(reason: str) -> None:
    """Postgres tests cannot run: skip them, or stop the run in CI or when the
    default database itself was asked to be PostgreSQL."""
    if in_ci() or default_on_postgres():
        raise pytest.UsageError(f"PostgreSQL is needed by this run: {reason}")
    _state.skip_reason = reason


def find_bindir() -> Path | None:
    """The newest Debian PostgreSQL bin directory holding initdb, pg_ctl and postgres."""

    def version(p: Path) -> tuple[int, ...]:
        return tuple(int(x) for x in re.findall(r"\d+", p.parent.name))

    found = [
        p / "bin"
        for p in Path("/usr/lib/postgresql").glob("*")
        if all((p / "bin" / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres"))
    ]
    return max(found, key=version) if found else None


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def _run(cmd: list[str]) -> None:
    done = subprocess.run(
        _as_server_user(cmd), capture_output=True, text=True, timeout=120, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {(done.stderr or done.stdout).strip()}")


def _start() -> None:
    assert _state.tmp is not None and _state.bindir is not None
    tmp, bindir = _state.tmp, _state.bindir
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres", "postgres")
    data = tmp / "data"
    _run(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        ]
    )
    options = (
        f"-c listen_addresses='' -c unix_socket_directories='{tmp}' -p {PORT} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    pg_ctl = str(bindir / "pg_ctl")
    _run(
        [pg_ctl, "-D", str(data), "-l", str(tmp / "log"), "-o", options, "-w", "-t", "60", "start"]
    )
    _state.started = True


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get(ENV):
        _state.url = os.environ[ENV]
    else:
        _state.bindir = find_bindir()
        if _state.bindir is None:
            _give_up(
                "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin "
                "(run `make system-packages`, or set DOINGOAI_TEST_POSTGRES_URL)"
            )
            return
        _state.tmp = Path(tempfile.mkdtemp(prefix="doingoai-pg-"))
        host = str(_state.tmp).replace("/", "%2F")
        _state.url = f"postgresql://postgres@{host}:{PORT}/doingoai"
        os.environ[ENV] = _state.url
    # Django's settings may already be loaded (pytest-django loads them early).
    from django.conf import settings

    if settings.configured and ALIAS not in settings.DATABASES:
        from django.db import connections

        from doingoai.project.settings import _database

        settings.DATABASES[ALIAS] = _database(_state.url)
        connections.__dict__.pop("settings", None)  # re-read DATABASES on next use
    if default_on_postgres():
        _use_as_default(_state.url)


def _use_as_default(url: str) -> None:
    """Point the default database at the test server, starting it now."""
    from django.conf import settings
    from django.db import connections

    from doingoai.project.settings import _database

    if _state.bindir is not None and not _state.started:
        try:
            _start()
        except (RuntimeError, OSError, subprocess.SubprocessError) as err:
            raise pytest.UsageError(f"could not start a PostgreSQL server: {err}") from err
    # the same server and name as the "postgres" alias: Django makes one test
    # database for both and the postgres-marked tests see the same data
    settings.DATABASES["default"] = _database(url)
    connections.__dict__.pop("settings", None)
    # a connection object made before this (on SQLite) must not be reused
    with contextlib.suppress(AttributeError, KeyError):
        del connections["default"]


def _drop_db_mark(item: pytest.Item) -> None:
    # pytest-django sets up every alias named by any collected test, skipped or not.
    item.own_markers[:] = [m for m in item.own_markers if m.name != "django_db"]


#: Left out of a run whose default database is PostgreSQL (the second pass of
#: `make test`), but for their tests marked postgres: what never uses the
#: default database, and so runs in the SQLite pass alone. The core-only folders;
#: the tests of commands run in their own processes on databases of their own
#: (backup and restore, serve's options, the HTTPS deployment settings); axe's
#: accessibility check of the office's HTML (every screen is still opened on
#: PostgreSQL by tests/e2e/test_office_vi_journey.py).
SQLITE_PASS_ONLY = (
    "tests/text/",
    "tests/extract/",
    "tests/enrich/",
    "tests/translate/",
    "tests/fuzz/",
    "tests/bench/",
    "tests/store/test_backup.py",
    "tests/cli/test_web.py",
    "tests/hardening/test_deploy.py",
    "tests/e2e/test_accessibility.py",
)


def _deselect(config: pytest.Config, items: list[pytest.Item], left_out: list[pytest.Item]) -> None:
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        gone = {id(item) for item in left_out}
        items[:] = [item for item in items if id(item) not in gone]


@pytest.hookimpl(trylast=True)  # after ``-m``: a server only for the tests left to run
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if default_on_postgres():
        _deselect(
            config,
            items,
            [
                item
                for item in items
                if item.nodeid.startswith(SQLITE_PASS_ONLY)
                and not item.get_closest_marker("postgres")
            ],
        )
    else:
        # Tests of PostgreSQL's own behaviour through the default database (row
        # locks, say) are left out of a run whose default database is SQLite: the
        # second pass of `make test` runs them.
        _deselect(config, items, [item for item in items if item.get_closest_marker("pg_default")])
    wanted = [item for item in items if item.get_closest_marker("postgres")]
    if not wanted:
        return
    if _state.skip_reason is None and _state.bindir is not None and not _state.started:
        try:
            _start()
        except (RuntimeError, OSError, subprocess.SubprocessError) as err:
            _give_up(f"could not start a PostgreSQL server: {err}")
    if _state.skip_reason is not None:
        for item in wanted:
            item.add_marker(pytest.mark.skip(reason=_state.skip_reason))
            _drop_db_mark(item)


def pytest_report_header(config: pytest.Config) -> str:
    if default_on_postgres():
        return f"postgres: the default database of every test is on {_state.url}"
    if _state.skip_reason:
        return f"postgres: tests skipped: {_state.skip_reason}"
    if _state.bindir is not None:
        return f"postgres: throwaway server from {_state.bindir} (started if needed)"
    return f"postgres: {ENV} given"


def pytest_unconfigure(config: pytest.Config) -> None:
    if _state.started and _state.bindir is not None and _state.tmp is not None:
        pg_ctl = str(_state.bindir / "pg_ctl")
        with contextlib.suppress(RuntimeError, OSError, subprocess.SubprocessError):
            _run([pg_ctl, "-D", str(_state.tmp / "data"), "-m", "immediate", "-w", "stop"])
        _state.started = False
    if _state.tmp is not None:
        shutil.rmtree(_state.tmp, ignore_errors=True)
        _state.tmp = None
