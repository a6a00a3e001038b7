"""``doingoai backup`` and ``doingoai restore``: the whole database, raw
documents included, to one file and back (see :mod:`doingoai.store.backup`)."""

from __future__ import annotations

from pathlib import Path

import click

from doingoai.cli._i18n import _
from doingoai.project import setup

_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    value = float(n)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{value:,.1f} {unit}"


@click.command()
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The backup file to write (SQLite: a database file; PostgreSQL: a pg_dump archive).",
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def backup(out: Path, force: bool) -> None:
    """Back up the database named by DOINGOAI_DATABASE_URL while it is in use."""
    setup()
    from doingoai.store.backup import backup as run

    result = run(out, overwrite=force)
    click.echo(
        _("backed up the %(backend)s database to %(path)s (%(size)s, %(tables)s tables)")
        % {
            "backend": _NAMES[result.backend],
            "path": result.path,
            "size": _size(result.size),
            "tables": result.tables,
        }
    )


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database's contents.")
def restore(file: Path, yes: bool) -> None:
    """Replace the database's contents with the backup FILE, then migrate it."""
    setup(migrate=False)
    from django.db import connection

    if not yes:
        click.confirm(
            _("Replace everything in the %(backend)s database with %(file)s?")
            % {"backend": _NAMES.get(connection.vendor, connection.vendor), "file": file},
            abort=True,
        )
    from doingoai.store.backup import restore as run

    result = run(file)
    click.echo(
        _("restored the %(backend)s database from %(path)s (%(tables)s tables)")
        % {"backend": _NAMES[result.backend], "path": result.path, "tables": result.tables}
    )
