"""Terminal rendering for the store commands: progress bars, summaries, hits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from doingoai.cli._i18n import _, ngettext, number
from doingoai.store.ingest import IngestReport, StoreResult, ingest

console = Console()
T = TypeVar("T")


def track(items: Sequence[T], label: str, *, enabled: bool = True) -> Iterator[T]:
    if not enabled:
        yield from items
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(label, total=len(items))
        for item in items:
            yield item
            progress.advance(task)


def ingest_with_progress(sources: list[str], *, quiet: bool = False, **kwargs: Any) -> IngestReport:
    if quiet:
        return ingest(sources, **kwargs)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}", style="dim"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(_("ingesting"), total=None, last="")

        def on_item(name: str, result: StoreResult) -> None:
            progress.update(task, advance=1, last=f"{result.outcome}: {name[-60:]}")

        return ingest(sources, on_item=on_item, **kwargs)


def print_report(report: IngestReport) -> None:
    counts = (
        (_("new"), report.new),
        (_("duplicate"), report.duplicate),
        (_("updated"), report.updated),
        (_("failed"), len(report.failed)),
    )
    console.print(
        "  ".join(f"[bold]{name}[/] {number(n)}" for name, n in counts)
        + (f"  ({report.seconds:.1f} s)" if report.seconds else "")
    )
    for source, reason in report.failed[:50]:
        shown = escape(reason if source in reason else f"{source}: {reason}")
        console.print(f"  [red]{counts[3][0]}[/] {shown}")
    if len(report.failed) > 50:
        more = len(report.failed) - 50
        console.print(
            "  "
            + ngettext("… and %(count)s more failure", "… and %(count)s more failures", more)
            % {"count": number(more)}
        )


def _table(title: str, rows: Iterable[tuple[str, int]], limit: int = 12) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None)
    table.add_column(justify="left")
    table.add_column(justify="right")
    rows = list(rows)
    for name, n in rows[:limit]:
        table.add_row(escape(str(name)), str(n))
    if len(rows) > limit:
        table.add_row(_("… %(count)s more") % {"count": number(len(rows) - limit)}, "")
    return table


def print_stats(data: dict[str, Any]) -> None:
    console.print(
        "\n"
        + _(
            "[bold]%(articles)s[/] articles from %(raw)s raw documents; "
            "%(clusters)s duplicate clusters holding %(clustered)s articles"
        )
        % {
            "articles": number(data["articles"]),
            "raw": number(data["raw_documents"]),
            "clusters": number(data["duplicate_clusters"]),
            "clustered": number(data["articles_in_clusters"]),
        }
    )
    for key, title in (
        ("by_outlet", _("By outlet")),
        ("by_topic", _("By topic")),
        ("by_language", _("By language")),
    ):
        console.print(_table(title, data[key]))


_MARK = re.compile(r"<mark>(.*?)</mark>|«(.*?)»")


def _highlight(snippet: str) -> str:
    out, last = [], 0
    for m in _MARK.finditer(snippet):
        out.append(escape(snippet[last : m.start()]))
        out.append(f"[bold yellow]{escape(m.group(1) or m.group(2) or '')}[/]")
        last = m.end()
    out.append(escape(snippet[last:]))
    return "".join(out)


def print_hits(query: str, result: Any) -> None:
    found = (
        number(result.total)
        if result.total_exact
        else _("about %(count)s") % {"count": number(result.total)}
    )
    console.print(
        "\n"
        + _("[bold]search[/] %(query)s: %(found)s found") % {"query": escape(query), "found": found}
    )
    reading = result.query_info.interpreted_as
    if reading:
        console.print(_("read as: %(reading)s") % {"reading": escape(reading)})
    if result.without_accents:
        more = (
            number(result.without_accents)
            if result.without_accents_exact
            else _("about %(count)s") % {"count": number(result.without_accents)}
        )
        console.print(
            ngettext(
                "%(count)s more without these accents (--accents any lists it)",
                "%(count)s more without these accents (--accents any lists them)",
                result.without_accents,
            )
            % {"count": more}
        )
    for i, hit in enumerate(result.hits, 1):
        date = hit.published_at.date().isoformat() if hit.published_at else ""
        meta = " · ".join(x for x in (hit.outlet, date, hit.topic) if x)
        console.print(f"{i:>2}. [bold]{escape(hit.title)}[/]  [dim]{escape(meta)}[/]")
        if hit.snippet:
            console.print(f"    {_highlight(hit.snippet)}")
