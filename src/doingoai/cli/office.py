"""The back office's background worker: runs queued tasks (collection runs)
and queues the runs of scheduled sources when they fall due."""

from __future__ import annotations

import time

import click

from doingoai.cli._i18n import ngettext
from doingoai.project import setup


@click.command()
@click.option(
    "--interval",
    type=click.FloatRange(min=1.0),
    default=30.0,
    show_default=True,
    help="Seconds between two looks at the queue and the schedules.",
)
@click.option("--once", is_flag=True, help="Queue what is due, run every queued task, then stop.")
def worker(interval: float, once: bool) -> None:
    """Run collection runs and other background tasks queued in the database."""
    setup()
    from django.core.management import call_command

    from doingoai.office.collection import enqueue_due

    while True:
        queued = enqueue_due()
        if queued:
            click.echo(
                ngettext(
                    "queued %(count)d scheduled collection run",
                    "queued %(count)d scheduled collection runs",
                    len(queued),
                )
                % {"count": len(queued)}
            )
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
        from doingoai.reports.rollups import maintain

        maintain()  # the figures' rollup tables take in what changed
        if once:
            return
        time.sleep(interval)
