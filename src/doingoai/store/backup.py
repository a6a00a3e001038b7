"""Back up the office's database to one file, and restore it from one.

Everything the office keeps is in the database, the raw bytes of every
collected document included (``RawDocument.compressed``), so one file holds
the whole office:

- **SQLite**: a copy made through SQLite's online backup API, page by page,
  while the server keeps serving and writing; the copy is a plain SQLite
  database file, checked with ``PRAGMA integrity_check`` before it is kept.
- **PostgreSQL**: ``pg_dump``'s custom format (``-Fc``), read back with
  ``pg_restore --list`` before it is kept.

A backup is written to a temporary file beside ``out`` and renamed into place
once complete, so an interrupted backup leaves no half-written file under
the name asked for.

A restore first checks the file (kind, integrity, that it holds a doingoai
database, that it is not from a newer schema than this version knows) and
only then replaces the database's contents, in one step: SQLite's backup API
copies the whole file under a write lock; ``pg_restore --single-transaction``
applies all or nothing. Then the schema is migrated to this version. A file
that fails a check leaves the database untouched, and the error names the
file and what is wrong with it.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections

from doingoai.errors import ConfigError, InputError

__all__ = ["BackupResult", "backup", "restore", "table_rows"]

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


@dataclass(frozen=True)
class BackupResult:
    """What a backup or a restore did: the file, the database's kind, its size
    in bytes and the number of tables it holds."""

    path: Path
    backend: str
    size: int
    tables: int


def _backend(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise ConfigError(f"backups are made of SQLite and PostgreSQL databases, not {vendor}")
    return vendor


def _temporary_beside(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    return Path(name)


def backup(out: Path, *, using: str = "default", overwrite: bool = False) -> BackupResult:
    """Write a backup of the database ``using`` to ``out``."""
    out = Path(out)
    if out.exists() and not overwrite:
        raise InputError(f"{out}: the file exists (give --force to replace it)")
    if out.is_dir():
        raise InputError(f"{out}: is a folder, not a file name")
    backend = _backend(using)
    tmp = _temporary_beside(out)
    try:
        if backend == "sqlite":
            live = connections[using].settings_dict["NAME"]
            if str(live) not in {":memory:", ""} and Path(str(live)).resolve() == out.resolve():
                raise InputError(f"{out}: is the database itself; choose another file")
            _sqlite_backup(using, tmp)
            tables = _sqlite_check(tmp, name=tmp)
        else:
            _pg_run(
                using,
                "pg_dump",
                ["-Fc", "--no-owner", "--no-privileges", "-f", str(tmp)],
                name=out,
            )
            tables = _pg_check(using, tmp, name=tmp)
        os.replace(tmp, out)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
            leftover.unlink(missing_ok=True)
    return BackupResult(out, backend, out.stat().st_size, tables)


def restore(path: Path, *, using: str = "default") -> BackupResult:
    """Replace the contents of the database ``using`` with the backup ``path``,
    then migrate it to this version's schema."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such backup file")
    backend = _backend(using)
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    kind = (
        "sqlite"
        if head == SQLITE_MAGIC
        else "postgresql"
        if head.startswith(PGDUMP_MAGIC)
        else None
    )
    if kind is None:
        raise InputError(
            f"{path}: not a doingoai backup (neither a SQLite database nor a pg_dump archive)"
        )
    if kind != backend:
        raise InputError(
            f"{path}: a {_NAMES[kind]} backup cannot be restored into a {_NAMES[backend]} "
            f"database (the settings name a {_NAMES[backend]} database)"
        )
    if backend == "sqlite":
        tables = _sqlite_check(path, name=path)
        _newer_schema_check(_sqlite_migrations(path), path)
        _sqlite_restore(using, path)
    else:
        tables = _pg_check(using, path, name=path)
        _pg_run(
            using,
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(path),
            ],
            name=path,
        )
    connections[using].close()
    from django.core.management import call_command

    call_command("migrate", database=using, interactive=False, verbosity=0)
    return BackupResult(path, backend, path.stat().st_size, tables)


_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


# --- SQLite --------------------------------------------------------------------


def _sqlite_backup(using: str, target: Path) -> None:
    connection = connections[using]
    connection.ensure_connection()
    source = connection.connection
    destination = sqlite3.connect(target)
    try:
        # a few hundred pages at a time, so that writers are not held up long
        source.backup(destination, pages=256)
        # a single self-contained file, without -wal and -shm companions
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()


def _sqlite_check(path: Path, *, name: Path) -> int:
    """The number of tables of a SQLite file that holds a doingoai database;
    InputError when it is damaged or holds something else."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as err:
        raise InputError(f"{name}: cannot be opened as a SQLite database: {err}") from err
    try:
        status = db.execute("PRAGMA integrity_check").fetchone()
        if not status or status[0] != "ok":
            raise InputError(f"{name}: the SQLite file is damaged ({status[0] if status else '?'})")
        tables = {
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    except sqlite3.DatabaseError as err:
        raise InputError(f"{name}: the SQLite file is damaged or not a database: {err}") from err
    finally:
        db.close()
    if not {"django_migrations", "store_article", "store_rawdocument"} <= tables:
        raise InputError(f"{name}: a SQLite database, but not a doingoai one")
    return len(tables)


def _sqlite_migrations(path: Path) -> set[tuple[str, str]]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {(a, n) for a, n in db.execute("SELECT app, name FROM django_migrations")}
    finally:
        db.close()


def _newer_schema_check(applied: set[tuple[str, str]], path: Path) -> None:
    """Refuse a backup whose schema has migrations of our apps that this
    version does not have: restoring it would leave tables the code does not know."""
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    ours = {app for app, _ in known}
    unknown = sorted(f"{a}.{n}" for a, n in applied if a in ours and (a, n) not in known)
    if unknown:
        raise InputError(
            f"{path}: made by a newer version of doingoai (migrations {', '.join(unknown[:5])} "
            "are unknown here): upgrade before restoring it"
        )


def _sqlite_restore(using: str, path: Path) -> None:
    connection = connections[using]
    connection.close()
    connection.ensure_connection()
    destination = connection.connection
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        # the destination is written under its write lock and replaced as a whole
        source.backup(destination)
    finally:
        source.close()
    connection.close()


# --- PostgreSQL ----------------------------------------------------------------


def _pg_environment(using: str) -> tuple[dict[str, str], str]:
    settings = connections[using].settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings.get(key):
            env[var] = str(settings[key])
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return env, str(settings["NAME"])


def _pg_tool(using: str, tool: str) -> str:
    """The ``tool`` (pg_dump, pg_restore) of the server's major version when
    Debian's layout has it, else the one on PATH; pg_dump refuses a server
    newer than itself."""
    with connections[using].cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin/{tool}")]
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        match = re.fullmatch(r"\d+", folder.parent.name)
        if match and int(folder.parent.name) >= major:
            candidates.append(folder / tool)
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(tool)
    if found:
        return found
    raise ConfigError(
        f"{tool} is not installed: install the PostgreSQL client tools of version "
        f"{major} or newer (Debian: postgresql-client-{major})"
    )


def _pg_run(using: str, tool: str, args: list[str], *, name: Path) -> None:
    """Run ``tool`` with ``args`` against the database ``using`` (its name is
    given with ``--dbname``, the rest of the connection through libpq's
    environment variables)."""
    env, database = _pg_environment(using)
    command = [_pg_tool(using, tool), f"--dbname={database}", *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise InputError(f"{name}: {tool} failed: {' '.join(detail[-3:]) or 'no message'}")


def _pg_check(using: str, path: Path, *, name: Path) -> int:
    """The number of tables in a pg_dump archive of a doingoai database, read
    to its end (a truncated archive still lists its contents, and would fail
    only half-way through a restore)."""
    tool = _pg_tool(using, "pg_restore")

    def read(*args: str) -> str:
        done = subprocess.run([tool, *args, str(path)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            reason = (done.stderr or "").strip().splitlines()[-1:] or ["unreadable"]
            raise InputError(f"{name}: not a readable pg_dump archive: {reason[0]}")
        return done.stdout

    tables = set(re.findall(r"\bTABLE public (\S+)", read("--list")))
    if not {"django_migrations", "store_article", "store_rawdocument"} <= tables:
        raise InputError(f"{name}: a pg_dump archive, but not of a doingoai database")
    read("--file=/dev/null")  # every block of data read back
    return len(tables)


# --- comparing ------------------------------------------------------------------


def table_rows(using: str = "default") -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the database, each table's rows sorted: what
    a round trip through backup and restore must give back unchanged."""
    connection = connections[using]
    out: dict[str, list[tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # table names from introspection
            out[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return out
