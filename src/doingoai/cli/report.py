"""``doingoai report``: the period evaluation report as JSON, CSV, XLSX, DOCX
or PDF (a thin layer over :mod:`doingoai.reports`)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from doingoai.cli._i18n import _, number
from doingoai.project import setup

__all__ = ["report"]


@click.command()
@click.option(
    "--period",
    default=None,
    help="A year (2015), a quarter (2015-Q2), a month (2015-06) or a range (2013..2015).",
)
@click.option("--unit", default=None, help="Only this unit (its slug).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "xlsx", "docx", "pdf"]),
    default="json",
    show_default=True,
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (JSON and CSV go to standard output without it).",
)
@click.option(
    "--language",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="The language of the report.",
)
@click.option("--no-qa", is_flag=True, help="Skip the QA checks of approved jobs (faster).")
@click.option(
    "--rebuild-rollups",
    is_flag=True,
    help="Compute the rollup tables of the figures again from the raw tables (no report).",
)
@click.option(
    "--compact",
    is_flag=True,
    help="Take recent changes into the rollup tables and fold their rows (no report).",
)
def report(
    period: str | None,
    unit: str | None,
    fmt: str,
    out: Path | None,
    language: str,
    no_qa: bool,
    rebuild_rollups: bool,
    compact: bool,
) -> None:
    """The evaluation report of a period: results by area, unit and language,
    translation, targets, shortfalls, and the assessment written in the office."""
    setup()
    if rebuild_rollups or compact:
        _rollups(rebuild_rollups)
        return
    if not period:
        raise click.UsageError(_("--period is required (for example --period 2015)."))
    from doingoai.curation.models import Unit
    from doingoai.errors import InputError
    from doingoai.reports.evaluation import build_report
    from doingoai.reports.periods import parse_period
    from doingoai.reports.writers import write_report

    span = parse_period(period)
    chosen = None
    if unit:
        chosen = Unit.objects.filter(slug=unit).first()
        if chosen is None:
            raise InputError(f"unknown unit {unit!r}", source="--unit")
    if out is None and fmt in {"xlsx", "docx", "pdf"} and sys.stdout.isatty():
        raise click.UsageError(f"a {fmt.upper()} report needs --out FILE")
    built = build_report(span, unit=chosen, language=language, qa=not no_qa)
    if built.empty and not built.figures["targets"]:
        where = {"period": span.key, "dates": f"{span.start}–{span.end}"}
        said = (
            _(
                "Nothing was recorded in %(period)s (%(dates)s) for %(unit)s: no article "
                "collected, selected, translated or published, and no plan's target; no "
                "report written."
            )
            % {**where, "unit": chosen.slug}
            if chosen
            else _(
                "Nothing was recorded in %(period)s (%(dates)s): no article collected, "
                "selected, translated or published, and no plan's target; no report written."
            )
            % where
        )
        click.echo(said, err=True)
        sys.exit(1)
    data = write_report(built, fmt)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(out)
    click.echo(
        _("%(format)s report of %(period)s written to %(out)s (%(size)s bytes)")
        % {"format": fmt.upper(), "period": span.key, "out": out, "size": number(len(data))},
        err=True,
    )


def _rollups(rebuild: bool) -> None:
    from doingoai.reports import rollups

    if rebuild:
        articles = rollups.rebuild(
            lambda done, total: click.echo(f"  {number(done)} / {number(total)}", err=True)
        )
        click.echo(
            _("Rollup tables rebuilt from %(count)s articles.") % {"count": number(articles)},
            err=True,
        )
        return
    taken = rollups.catch_up() + rollups.catch_up_jobs()
    before, after = rollups.compact()
    click.echo(
        _("Rollup tables: %(taken)s changes taken in, %(before)s rows folded into %(after)s.")
        % {"taken": number(taken), "before": number(before), "after": number(after)},
        err=True,
    )
