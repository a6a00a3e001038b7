"""Commands over the database: migrate, ingest, search, stats, demo."""

from __future__ import annotations

import json
import sys
from datetime import date

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
def ingest(
    sources: tuple[str, ...], entities: str, no_entities: bool, quiet: bool, workers: int | None
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
    "--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True
)
def search(
    query: str,
    lang: str | None,
    outlet: str | None,
    topic: str | None,
    since: date | None,
    limit: int,
    fmt: str,
) -> None:
    """Search stored articles; accents optional ("doi ngoai" finds "đối ngoại")."""
    setup()
    from doingoai.cli._render import print_hits
    from doingoai.store import search as search_api

    result = search_api.search(
        query,
        lang=lang,
        outlet=outlet,
        topic=topic,
        since=since.date() if since else None,  # type: ignore[attr-defined]
        limit=limit,
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
    from doingoai.store import search as search_api
    from doingoai.store.demo import SAMPLE_SEARCHES, set_up_demo
    from doingoai.store.models import Article
    from doingoai.store.reports import corpus_stats

    if if_empty and Article.objects.exists():
        click.echo("The database holds articles already: no demo set-up (run `doingoai demo`).")
        return

    report = set_up_demo(progress=True, limit=limit)
    print_report(report.corpus)
    print_stats(corpus_stats())
    if searches:
        for query in SAMPLE_SEARCHES:
            print_hits(query, search_api.search(query, limit=5))
    click.echo(
        f"Portal: {len(report.published)} articles published now"
        + (f", English version of article {report.english[0]}" if report.english else "")
        + (f"; demo secret key in {report.key_file}" if report.key_file else "")
    )
    if report.accounts:
        click.echo("Demo accounts (passwords are shown this once; sign in at /office/):")
        for account in report.accounts:
            click.echo(f"  {account.role:<17} {account.username:<14} {account.password}")
    else:
        click.echo("Demo accounts exist already; their passwords were shown when they were made.")
