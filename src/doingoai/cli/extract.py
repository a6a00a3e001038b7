"""``doingoai extract``: documents → articles, as JSON Lines or readable text.

The work is done by :func:`doingoai.extract.extract_inputs`; this command only
formats. It imports no Django.
"""

from __future__ import annotations

import json
import sys
import textwrap
from typing import Any

import click

from doingoai.cli._i18n import ngettext

__all__ = ["extract", "render_text"]


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=88, initial_indent=indent, subsequent_indent=indent)


def render_text(record: dict[str, Any]) -> str:
    """A readable rendering of one record of ``doingoai extract``."""
    lines = [f"== {record['path']}"]
    if "error" in record:
        lines.append(f"error: {record['error']}")
        return "\n".join(lines)
    title = record["title"] or "(no title)"
    lines += [title, "=" * min(len(title), 88)]
    facts = [
        ("url", record["url"]),
        ("outlet", record["outlet"]),
        ("authors", ", ".join(record["authors"])),
        ("published", record["published_at"] or ""),
        ("language", record["language"]),
        ("tags", ", ".join(record["tags"])),
        ("encoding", record["encoding"]["detected"]),
        ("converted from", record["encoding"]["converted_from"] or ""),
    ]
    lines += [f"{label}: {value}" for label, value in facts if value]
    if record["lead"]:
        lines += ["", _wrap(record["lead"])]
    for paragraph in record["paragraphs"]:
        lines += ["", _wrap(paragraph)]
    if record["captions"]:
        lines += ["", "Captions:"] + [_wrap(c, "  ") for c in record["captions"]]
    if record["related"]:
        lines += ["", "Related:"]
        for item in record["related"]:
            lines.append(f"  - {item['title']}" + (f" <{item['url']}>" if item["url"] else ""))
            if item["summary"]:
                lines.append(_wrap(item["summary"], "    "))
    if record["warnings"]:
        lines += ["", "Warnings:"] + [f"  - {w}" for w in record["warnings"]]
    return "\n".join(lines) + "\n"


@click.command()
@click.option("--url", help="URL of the document(s), for those that carry none of their own.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "text"]),
    default="jsonl",
    show_default=True,
    help="JSON Lines (one object per document) or readable text.",
)
@click.argument("paths", nargs=-1, required=True)
def extract(url: str | None, fmt: str, paths: tuple[str, ...]) -> None:
    """Extract the articles of PATHS: .html, .htm, .html.gz, .txt, .warc and
    .warc.gz files, folders (searched recursively) or - for standard input.

    Prints one JSON object per document. A document that cannot be read or
    holds no article gives {"path": ..., "error": ...} and the others go on;
    the exit status is 1 if any document failed.
    """
    from doingoai.extract import extract_inputs

    failed = 0
    for record in extract_inputs(paths, url=url):
        failed += "error" in record
        if fmt == "jsonl":
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(render_text(record), err="error" in record)
    if failed:
        click.echo(
            ngettext("%(count)d document failed", "%(count)d documents failed", failed)
            % {"count": failed},
            err=True,
        )
        sys.exit(1)
