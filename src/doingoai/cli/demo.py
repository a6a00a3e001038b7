"""``doingoai demo``: set up the demo database (a thin layer over :mod:`doingoai.demo`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from doingoai.cli._i18n import _
from doingoai.project import setup

__all__ = ["demo"]


@contextmanager
def _progress_bar(
    label: str, *, enabled: bool = True
) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on the terminal, as a callback taking (done, total)."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from doingoai.cli._render import console

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


@click.command()
@click.option("--searches/--no-searches", default=True, help="Run the sample searches at the end.")
@click.option(
    "--limit",
    type=click.IntRange(1, None),
    default=None,
    help="Load only the first N sample articles (a quick try-out); the seed always.",
)
@click.option("--if-empty", is_flag=True, help="Do nothing when the database holds articles.")
def demo(searches: bool, limit: int | None, if_empty: bool) -> None:
    """Set up the demo: load the demo corpus, curate and publish the seed article
    in Vietnamese and English (its segments in the translation memory), publish
    a dozen sample articles under themes and create one account per role,
    printing their passwords once. A second run adds nothing."""
    setup()
    from doingoai.cli._render import print_hits, print_report, print_stats
    from doingoai.demo import SAMPLE_SEARCHES, set_up_demo
    from doingoai.store import search as search_api
    from doingoai.store.models import Article
    from doingoai.store.reports import corpus_stats

    if if_empty and Article.objects.exists():
        click.echo(_("The database holds articles already: no demo set-up (run `doingoai demo`)."))
        return

    with _progress_bar(_("demo corpus")) as advance:
        report = set_up_demo(progress=advance, limit=limit)
    print_report(report.corpus)
    print_stats(corpus_stats())
    if searches:
        for query in SAMPLE_SEARCHES:
            print_hits(query, search_api.search(query, limit=5))
    said = _("Portal: %(count)s articles published now") % {"count": len(report.published)}
    if report.english:
        said += _(", English version of article %(article)s") % {"article": report.english[0]}
    if report.key_file:
        said += _("; demo secret key in %(file)s") % {"file": report.key_file}
    click.echo(said)
    if report.reference:
        click.echo(
            _("Reference page published in %(languages)s: /vi/trang/ha-noi/, /en/pages/ha-noi/")
            % {"languages": ", ".join(report.reference)}
        )
    if report.notices:
        click.echo(
            _(
                "Correction notice and clarification published in %(languages)s: "
                "/vi/dinh-chinh/, /vi/thong-tin-chinh-thuc/"
            )
            % {"languages": ", ".join(report.notices)}
        )
    if report.plans or report.history:
        click.echo(
            _(
                "Sample data: %(plans)s plans with targets, a history of %(history)s "
                "selections (see /office/dashboard/)"
            )
            % {"plans": report.plans, "history": report.history}
        )
    if report.accounts:
        click.echo(_("Demo accounts (passwords are shown this once; sign in at /office/):"))
        for account in report.accounts:
            click.echo(f"  {account.role:<17} {account.username:<14} {account.password}")
    else:
        click.echo(
            _("Demo accounts exist already; their passwords were shown when they were made.")
        )
