"""Commands over the database: migrate, ingest, search, stats."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

import click

from doingoai.project import setup


@click.command()
def migrate() -> None:
    """Create or migrate the database named by DOINGOAI_DATABASE_URL."""
    setup(migrate=False)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    call_command("createcachetable", verbosity=0)


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--entities",
    "entities",
    type=click.Choice(["rules", "combined", "off"]),
    default="rules",
    show_default=True,
    help="Named entities: rules; rules with underthesea's CRF tagger (slower); or none.",
)
@click.option("--no-entities", is_flag=True, help="Same as --entities off.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; the summary only.")
@click.option(
    "--workers",
    type=click.IntRange(1, None),
    default=None,
    help="Processes that extract and enrich documents (default: DOINGOAI_INGEST_WORKERS, "
    "one per CPU); 1 does everything in this process.",
)
@click.option(
    "--cluster",
    default=None,
    metavar="tcp://HOST:8786",
    help="A Dask scheduler whose workers collect, extract and enrich; this process stores "
    "(default: DOINGOAI_INGEST_CLUSTER; none: this machine).",
)
def ingest(
    sources: tuple[str, ...],
    entities: str,
    no_entities: bool,
    quiet: bool,
    workers: int | None,
    cluster: str | None,
) -> None:
    """Collect SOURCES (files, folders, URLs, feeds, sitemaps, WARC files) and store their articles."""
    setup()
    from doingoai.cli._render import ingest_with_progress, print_report
    from doingoai.enrich.enricher import Enricher

    report = ingest_with_progress(
        list(sources),
        enricher=Enricher(
            entities=not no_entities and entities != "off",
            entity_method="combined" if entities == "combined" else "rules",
        ),
        quiet=quiet,
        workers=workers,
        cluster=cluster,
    )
    print_report(report)
    if report.failed and not (report.new or report.duplicate or report.updated):
        sys.exit(1)


@click.command()
@click.argument("query")
@click.option("--lang", default=None, help="Only articles in this language (vi, en…).")
@click.option("--outlet", default=None, help="Only this outlet (name or domain).")
@click.option("--topic", default=None, help="Only this topic.")
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Published on or after YYYY-MM-DD.",
)
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option(
    "--accents",
    type=click.Choice(["exact", "any"]),
    default="exact",
    show_default=True,
    help="exact: words typed with diacritics match those diacritics, the others are "
    "counted apart; any: list those too, after the exact matches.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True
)
def search(
    query: str,
    lang: str | None,
    outlet: str | None,
    topic: str | None,
    since: datetime | None,
    limit: int,
    accents: str,
    fmt: str,
) -> None:
    """Search stored articles; accents optional ("doi ngoai" finds "đối ngoại"),
    and a word typed with them means them ("Đảng" is not "đang")."""
    setup()
    from django.utils import timezone

    from doingoai.cli._render import print_hits
    from doingoai.store import search as search_api

    if since is not None:
        try:  # the day starts in the office's time zone; the database keeps UTC
            timezone.make_aware(since).astimezone(UTC)
        except OverflowError:
            raise click.BadParameter(
                f"{since.date().isoformat()} is out of the range of dates that can be searched",
                param_hint="'--since'",
            ) from None
    result = search_api.search(
        query,
        lang=lang,
        outlet=outlet,
        topic=topic,
        since=since.date() if since else None,
        limit=limit,
        accents=accents,
    )
    if fmt == "jsonl":
        for hit in result.hits:
            click.echo(json.dumps(hit.as_dict(), ensure_ascii=False))
    else:
        print_hits(query, result)


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def stats(fmt: str) -> None:
    """Articles by outlet, topic and language; duplicate clusters."""
    setup()
    from doingoai.cli._render import print_stats
    from doingoai.store.reports import corpus_stats

    data = corpus_stats()
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print_stats(data)
