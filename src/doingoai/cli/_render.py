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
        task = progress.add_task("ingesting", total=None, last="")

        def on_item(name: str, result: StoreResult) -> None:
            progress.update(task, advance=1, last=f"{result.outcome}: {name[-60:]}")

        return ingest(sources, on_item=on_item, **kwargs)


def print_report(report: IngestReport) -> None:
    console.print(
        f"[bold]new[/] {report.new}  [bold]duplicate[/] {report.duplicate}  "
        f"[bold]updated[/] {report.updated}  [bold]failed[/] {len(report.failed)}"
        + (f"  ({report.seconds:.1f} s)" if report.seconds else "")
    )
    for source, reason in report.failed[:50]:
        console.print(
            f"  [red]failed[/] {escape(reason if source in reason else f'{source}: {reason}')}"
        )
    if len(report.failed) > 50:
        console.print(f"  … and {len(report.failed) - 50} more failures")


def _table(title: str, rows: Iterable[tuple[str, int]], limit: int = 12) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None)
    table.add_column(justify="left")
    table.add_column(justify="right")
    rows = list(rows)
    for name, n in rows[:limit]:
        table.add_row(escape(str(name)), str(n))
    if len(rows) > limit:
        table.add_row(f"… {len(rows) - limit} more", "")
    return table


def print_stats(data: dict[str, Any]) -> None:
    console.print(
        f"\n[bold]{data['articles']}[/] articles from {data['raw_documents']} raw documents; "
        f"{data['duplicate_clusters']} duplicate clusters holding {data['articles_in_clusters']} articles"
    )
    for key, title in (
        ("by_outlet", "By outlet"),
        ("by_topic", "By topic"),
        ("by_language", "By language"),
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
    found = f"{result.total:,}" if result.total_exact else f"about {result.total:,}"
    console.print(f"\n[bold]search[/] {escape(query)}: {found} found")
    for i, hit in enumerate(result.hits, 1):
        date = hit.published_at.date().isoformat() if hit.published_at else ""
        meta = " · ".join(x for x in (hit.outlet, date, hit.topic) if x)
        console.print(f"{i:>2}. [bold]{escape(hit.title)}[/]  [dim]{escape(meta)}[/]")
        if hit.snippet:
            console.print(f"    {_highlight(hit.snippet)}")
