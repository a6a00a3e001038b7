"""Translation commands: ``translate``, ``xliff``, ``tm``, ``terms`` and ``qa``.

Each command calls one service of :mod:`doingoai.translation.services` (or of
the core :mod:`doingoai.translate` layer) and formats its answer.
``qa check`` and ``terms find`` work on the shipped termbase (or a file) and
never start Django.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from doingoai.cli._i18n import _, ngettext
from doingoai.errors import InputError

__all__ = ["qa", "terms", "tm", "translate", "xliff"]

_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)


def _json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date {value!r} is not a date (YYYY-MM-DD)") from None


def _setup() -> None:
    from doingoai.project import setup

    setup()


# --- translate --------------------------------------------------------------------


@click.command()
@click.argument("article_id", type=int)
@click.option("--to", "lang", required=True, help="Target language (en, fr, zh…).")
@click.option(
    "--engine",
    default=None,
    help="MT engine name (default: the one DOINGOAI_MT_ENGINE sets up; "
    "'dummy' only marks text, for trying things out).",
)
@_FORMAT
def translate(article_id: int, lang: str, engine: str | None, fmt: str) -> None:
    """Create or refresh the job translating ARTICLE_ID and pre-translate it
    from the translation memory, the termbase and the MT engine (without an
    engine set up in DOINGOAI_MT_ENGINE, from the memory only)."""
    _setup()
    from doingoai.translate.engines.loading import MT_SETTING, NoEngine, engine_set_up
    from doingoai.translation.services import translate_article

    no_engine = engine is None and not engine_set_up()
    chosen: Any = NoEngine() if no_engine else engine
    refresh, done = translate_article(article_id, lang, chosen, actor="doingoai translate")
    data: dict[str, Any] = {
        "refresh": refresh.as_dict(),
        "pretranslation": done.as_dict() if done else None,
    }
    data["job"] = refresh.job.as_dict()
    data["engine_set_up"] = not no_engine
    if fmt == "json":
        _json(data)
        return
    job = refresh.job
    said = {
        "job": job.pk,
        "article": article_id,
        "language": job.target_lang,
        "segments": job.segments.count(),
        "state": job.state.replace("_", " "),
    }
    click.echo(
        (
            _(
                "job %(job)s: article %(article)s → %(language)s, created, %(segments)s segments, %(state)s"
            )
            if refresh.created
            else _(
                "job %(job)s: article %(article)s → %(language)s, refreshed, %(segments)s segments, %(state)s"
            )
        )
        % said
    )
    if refresh.outdated:
        click.echo(
            _("the source changed: segments %(positions)s to revise")
            % {"positions": job.version.changed_segments}
        )
    if done is None:
        click.echo(_("not pre-translated: the job is in review or beyond"))
        return
    filled = ", ".join(f"{n} {origin}" for origin, n in sorted(done.filled.items())) or _("nothing")
    click.echo(
        _("pre-translated: %(filled)s; %(empty)s left empty")
        % {"filled": filled, "empty": done.empty}
    )
    if no_engine:
        click.echo(
            _(
                "no machine-translation engine is set up: pre-translated from the translation "
                "memory only. Set one up with %(setting)s: a CTranslate2 model directory "
                "(ctranslate2), a LibreTranslate server (libretranslate) or an OpenAI-compatible "
                "endpoint (openai), see the README's Settings; or name one with --engine."
            )
            % {"setting": MT_SETTING}
        )
    elif done.mt_failure:
        click.echo(_("from the translation memory only: %(why)s") % {"why": done.mt_failure})


# --- xliff ------------------------------------------------------------------------


@click.group()
def xliff() -> None:
    """Exchange a job with CAT tools as XLIFF 1.2 or 2.0."""


@xliff.command("export")
@click.argument("job_id", type=int)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--version", "version", type=click.Choice(["1.2", "2.0"]), default="1.2")
@click.option(
    "--targets",
    type=click.Choice(["pretranslation", "empty", "source"]),
    default="pretranslation",
    show_default=True,
    help=(
        "What the targets hold: the stored text; none where nobody translated yet "
        "(proposals as suggestions only); a copy of the source (OmegaT)."
    ),
)
def xliff_export(job_id: int, out: Path, version: str, targets: str) -> None:
    """Write job JOB_ID as XLIFF (memory matches as alternatives, termbase hits)."""
    _setup()
    from doingoai.translation.exchange import export_job_xliff
    from doingoai.translation.services import get_job

    job = get_job(job_id)
    export_job_xliff(job, out, version, actor="doingoai xliff export", targets=targets)
    click.echo(
        _("job %(job)s: %(count)s segments written to %(out)s (XLIFF %(version)s)")
        % {"job": job.pk, "count": job.segments.count(), "out": out, "version": version}
    )


@xliff.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--job", "job_id", type=int, default=None, help="The job (default: the file's).")
def xliff_import(file: Path, job_id: int | None) -> None:
    """Take the translations of an XLIFF FILE back into its job, all or nothing."""
    _setup()
    from doingoai.translation.exchange import SKIP_REASONS, import_job_xliff
    from doingoai.translation.services import get_job

    job = get_job(job_id) if job_id is not None else None
    done = import_job_xliff(file, job=job, actor="doingoai xliff import")
    click.echo(
        ngettext(
            "job %(job)s: %(updated)d segment updated, %(unchanged)d unchanged",
            "job %(job)s: %(updated)d segments updated, %(unchanged)d unchanged",
            done.updated,
        )
        % {"job": done.job.pk, "updated": done.updated, "unchanged": done.unchanged}
    )
    for reason, count in sorted(done.skipped.items()):
        click.echo(
            ngettext(
                "  %(count)d segment skipped: %(reason)s",
                "  %(count)d segments skipped: %(reason)s",
                count,
            )
            % {"count": count, "reason": _(SKIP_REASONS[reason])}
        )


# --- tm ---------------------------------------------------------------------------


@click.group()
def tm() -> None:
    """The translation memory: TMX import and export, lookup."""


@tm.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "source_lang", default=None, help="Source language (default: the file's).")
@click.option("--to", "target_lang", default=None, help="Target language (default: the file's).")
def tm_import(file: Path, source_lang: str | None, target_lang: str | None) -> None:
    """Add the units of a TMX FILE to the memory, all or nothing."""
    _setup()
    from doingoai.translate.tmx import import_tmx
    from doingoai.translation.services import translation_memory

    done = import_tmx(translation_memory(), file, source_lang=source_lang, target_lang=target_lang)
    click.echo(
        _("%(file)s: %(units)s units read (%(pair)s), %(added)s added, %(skipped)s skipped")
        % {
            "file": file,
            "units": done.units,
            "pair": f"{done.source_lang}→{done.target_lang}",
            "added": done.added,
            "skipped": done.skipped,
        }
    )


@tm.command("export")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "source_lang", default=None)
@click.option("--to", "target_lang", default=None)
def tm_export(out: Path, source_lang: str | None, target_lang: str | None) -> None:
    """Write the memory as TMX 1.4."""
    _setup()
    from doingoai.translate.tmx import export_tmx
    from doingoai.translation.services import translation_memory

    try:
        count = export_tmx(
            translation_memory(), out, source_lang=source_lang, target_lang=target_lang
        )
    except OSError as err:
        raise InputError(f"cannot write: {err.strerror or err}", source=str(out)) from err
    click.echo(_("%(count)s units written to %(out)s") % {"count": count, "out": out})


@tm.command("lookup")
@click.argument("text")
@click.option("--from", "source_lang", default="vi", show_default=True)
@click.option("--to", "target_lang", default="en", show_default=True)
@click.option("--min-score", type=click.IntRange(0, 100), default=75, show_default=True)
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True)
@_FORMAT
def tm_lookup(
    text: str, source_lang: str, target_lang: str, min_score: int, limit: int, fmt: str
) -> None:
    """Matches for TEXT in the memory, best first."""
    _setup()
    from doingoai.translation.services import translation_memory

    matches = translation_memory().lookup(
        text, source_lang=source_lang, target_lang=target_lang, min_score=min_score, limit=limit
    )
    rows = [
        {"score": m.score, "source": m.source, "target": m.target, "origin": m.origin}
        for m in matches
    ]
    if fmt == "json":
        _json(rows)
        return
    if not rows:
        click.echo(_("no match"))
    for row in rows:
        click.echo(f"{row['score']:>3}  {row['source']}\n     → {row['target']}  [{row['origin']}]")


# --- terms ------------------------------------------------------------------------


@click.group()
def terms() -> None:
    """The termbase: TBX/CSV/JSON import, TBX export, term recognition."""


@terms.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def terms_import(file: Path) -> None:
    """Add or replace the concepts of a TBX, CSV or JSON FILE, all or nothing."""
    _setup()
    from doingoai.translation.services import import_terms

    added, replaced = import_terms(file)
    click.echo(
        _("%(file)s: %(added)s concepts added, %(replaced)s replaced")
        % {"file": file, "added": added, "replaced": replaced}
    )


@terms.command("export")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def terms_export(out: Path) -> None:
    """Write the stored termbase as TBX (.tbx) or JSON (.json)."""
    _setup()
    from doingoai.translation.services import export_terms

    try:
        count = export_terms(out)
    except OSError as err:
        raise InputError(f"cannot write: {err.strerror or err}", source=str(out)) from err
    click.echo(_("%(count)s concepts written to %(out)s") % {"count": count, "out": out})


def _termbase(path: Path | None) -> Any:
    from doingoai.translate.termbase import default_termbase, load_termbase

    return load_termbase(path) if path is not None else default_termbase()


_TERMBASE = click.option(
    "--termbase",
    "termbase_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A TBX, CSV or JSON termbase instead of the shipped one.",
)


@terms.command("find")
@click.argument("text")
@click.option("--from", "lang", default="vi", show_default=True)
@click.option("--to", "target_lang", default=None, help="Only targets in this language.")
@click.option("--date", "on", default=None, help="Judge validity on YYYY-MM-DD.")
@_TERMBASE
@_FORMAT
def terms_find(
    text: str,
    lang: str,
    target_lang: str | None,
    on: str | None,
    termbase_path: Path | None,
    fmt: str,
) -> None:
    """Terms of the termbase in TEXT, with their translations valid on --date."""
    hits = _termbase(termbase_path).find(text, lang=lang, on=_date(on), target_lang=target_lang)
    if fmt == "json":
        _json([hit.to_dict() for hit in hits])
        return
    if not hits:
        click.echo(_("no term found"))
    for hit in hits:
        targets = "; ".join(f"{t.text} ({t.lang}, {t.status})" for t in hit.targets) or "-"
        past = " [historical]" if hit.historical else ""
        click.echo(f"{hit.text} [{hit.concept.id}]{past} → {targets}")


# --- qa ---------------------------------------------------------------------------


class _QaGroup(click.Group):
    """``qa check …`` is a subcommand; ``qa JOB_ID`` checks a stored job."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0].isdigit():
            return "job", self.commands["job"], args
        return super().resolve_command(ctx, args)


def _print_issues(rows: list[dict[str, Any]]) -> None:
    if not rows:
        click.echo(_("no issue found"))
    for row in rows:
        where = f"segment {row['segment']}: " if "segment" in row else ""
        span = f" at {row['span'][0]}–{row['span'][1]} ({row['side']})" if row.get("span") else ""
        click.echo(f"{where}{row['severity']}: {row['check']}: {row['message']}{span}")


@click.group(cls=_QaGroup)
def qa() -> None:
    """Translation QA: `qa check --source … --target …` or `qa JOB_ID`.
    Exits with 1 when an error (one that blocks approval) is found."""


@qa.command("check")
@click.option("--source", required=True, help="The source segment.")
@click.option("--target", required=True, help="Its translation.")
@click.option("--from", "source_lang", default="vi", show_default=True)
@click.option("--to", "target_lang", default="en", show_default=True)
@click.option("--date", "on", default=None, help="The article's date, YYYY-MM-DD (for terms).")
@_TERMBASE
@_FORMAT
def qa_check(
    source: str,
    target: str,
    source_lang: str,
    target_lang: str,
    on: str | None,
    termbase_path: Path | None,
    fmt: str,
) -> None:
    """Check one segment pair."""
    from doingoai.translate.qa import blocks_approval, check_segment

    issues = check_segment(
        source,
        target,
        source_lang=source_lang,
        target_lang=target_lang,
        on=_date(on),
        termbase=_termbase(termbase_path),
    )
    rows = [issue.to_dict() for issue in issues]
    if fmt == "json":
        _json(rows)
    else:
        _print_issues(rows)
    if blocks_approval(issues):
        sys.exit(1)


@qa.command("job", hidden=True)
@click.argument("job_id", type=int)
@_FORMAT
def qa_job_cmd(job_id: int, fmt: str) -> None:
    """Check every segment of job JOB_ID (as approval would)."""
    _setup()
    from doingoai.translate.qa import blocks_approval
    from doingoai.translation.services import get_job, qa_job

    issues = qa_job(get_job(job_id))
    rows = [issue.to_dict() for issue in issues]
    if fmt == "json":
        _json(rows)
    else:
        _print_issues(rows)
    if blocks_approval(issues):
        sys.exit(1)
