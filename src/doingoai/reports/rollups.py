"""Rollup tables: the stage counts, the turnaround and the page views summed
by day, so that a year's figures read thousands of rows, not millions.

How they are kept right:

* The database itself marks what changed. Triggers on articles, selections,
  their themes, translated versions, submissions, outlets and themes insert
  the article's id into ``reports_dirtyarticle`` in the same transaction as
  the change, whatever wrote it (a form, ``QuerySet.update``, a bulk load).
  Triggers on ``reports_dailyviews`` insert the change of the views into
  ``reports_reachdelta`` the same way, under the unit that
  ``reports_articlerollup`` holds for the article (on PostgreSQL with that
  row locked in share mode, so that a unit being changed waits, or is
  waited for).
* :func:`catch_up` (called before every read, and by ``doingoai report
  --compact``) takes the marked articles, computes each one's events from the
  raw tables again, and inserts the difference from what it added before
  (kept per article in ``reports_articlerollup``, whose row is locked while
  the article is brought up to date) as signed rows of
  ``reports_stagedelta``; the marks it handled are deleted in the same
  transaction; when an article's unit changes, its page views are moved
  from the old unit's rows to the new one's in the same transaction. Rows
  are only ever inserted, so two writers never overwrite each other's
  counts; a figure is the sum of its rows. The stage rows are written by day
  and, summed, by month (``reports_stagemonth``): a period of whole months
  reads the month level.
* :func:`compact` folds the rows of each key into one (rows inserted while it
  runs wait for it); :func:`rebuild` computes everything again from the raw
  tables.

A row's unit is the unit as stored (the selection's, else the article's,
else the submitter's, else the outlet's); merged units are resolved when the
rows are read (the rows a merge moves are marked like any other change). Withdrawals and
corrections (a few entries of the audit log) are counted from the log.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Max, Min, Sum
from django.utils import timezone

__all__ = [
    "ROLLUP_STAGES",
    "catch_up",
    "catch_up_jobs",
    "compact",
    "enabled",
    "install_triggers",
    "job_measures_of",
    "maintain",
    "pending",
    "raw_tables",
    "rebuild",
    "rebuild_jobs",
    "refresh_articles",
    "refresh_jobs",
]

#: the stages the rollup counts (withdrawn and corrected come from the audit log)
ROLLUP_STAGES: tuple[str, ...] = ("collected", "selected", "translated", "published")
#: theme of the rows counting every event once / of articles filed under no theme
ALL, NONE = "", "-"
BATCH = 2_000

Key = tuple[str, str, int | None, str, str, int | None]  # day, stage, unit, theme, lang, lag

_enabled: contextvars.ContextVar[bool] = contextvars.ContextVar("rollups", default=True)


def enabled() -> bool:
    """True when the figures are read from the rollups (the default)."""
    return _enabled.get()


@contextlib.contextmanager
def raw_tables() -> Iterator[None]:
    """Within this block the figures are counted from the raw tables, as
    before the rollups (for comparing the two)."""
    token = _enabled.set(False)
    try:
        yield
    finally:
        _enabled.reset(token)


# --- triggers ---------------------------------------------------------------

#: table → (the columns whose change matters, the operations, a SELECT of
#: the articles concerned by the row ``{row}``)
_MARKS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "store_article": (
        ("created_at", "language", "unit_id", "outlet_id"),
        ("INSERT", "UPDATE", "DELETE"),
        "SELECT {row}.id",
    ),
    "curation_selection": (
        ("article_id", "unit_id", "selected_at", "published_at"),
        ("INSERT", "UPDATE", "DELETE"),
        "SELECT {row}.article_id",
    ),
    "curation_selection_themes": (
        ("selection_id", "theme_id"),
        ("INSERT", "UPDATE", "DELETE"),
        "SELECT article_id FROM curation_selection WHERE id = {row}.selection_id",
    ),
    "translation_translatedversion": (
        ("source_id", "language", "approved_at", "published_at"),
        ("INSERT", "UPDATE", "DELETE"),
        "SELECT article_id FROM translation_sourcekey WHERE id = {row}.source_id",
    ),
    "office_submission": (
        ("article_id", "unit_id"),
        ("INSERT", "UPDATE", "DELETE"),
        "SELECT {row}.article_id",
    ),
    "store_outlet": (
        ("unit_id",),
        ("UPDATE",),
        "SELECT id FROM store_article WHERE outlet_id = {row}.id",
    ),
    # the unit of the collection source an article came from, where it is kept
    "curation_sourceunit": (
        ("source_id", "unit_id"),
        ("INSERT", "UPDATE", "DELETE"),
        "SELECT a.id FROM store_article a JOIN store_rawdocument r ON r.id = a.raw_id"
        " JOIN office_source s ON s.url = r.source WHERE s.id = {row}.source_id",
    ),
    "office_source": (
        ("url",),
        ("UPDATE",),
        "SELECT a.id FROM store_article a JOIN store_rawdocument r ON r.id = a.raw_id"
        " WHERE r.source = {row}.url",
    ),
    "store_rawdocument": (
        ("source",),
        ("UPDATE",),
        "SELECT id FROM store_article WHERE raw_id = {row}.id",
    ),
    "curation_theme": (
        ("slug",),
        ("UPDATE",),
        "SELECT s.article_id FROM curation_selection s JOIN curation_selection_themes t"
        " ON t.selection_id = s.id WHERE t.theme_id = {row}.id",
    ),
}
#: the same for the translation jobs whose measures are kept
_JOB_MARKS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "translation_segment": (
        ("job_id", "source", "target", "pretranslation", "pretranslation_origin", "match_score"),
        ("INSERT", "UPDATE", "DELETE"),
        "SELECT {row}.job_id",
    ),
    "translation_jobevent": (
        ("job_id", "at", "to_state", "data"),
        ("INSERT", "UPDATE", "DELETE"),
        "SELECT {row}.job_id",
    ),
    # the job's article, language and translator are kept with its measures
    "translation_translationjob": (
        ("article_id", "target_lang", "assignee_id"),
        ("INSERT", "UPDATE", "DELETE"),
        "SELECT {row}.id",
    ),
}
#: mark table, its column, the tables marking it
_TARGETS = (
    ("reports_dirtyarticle", "article", _MARKS),
    ("reports_dirtyjob", "job", _JOB_MARKS),
)
_VIEW_KEY = ("day", "language", "referrer", "reader_language")


def _unit_of(row: str) -> str:
    """SQLite: the unit the rollup holds for the article of a page-view row."""
    return f"(SELECT unit FROM reports_articlerollup WHERE article = {row}.article_id)"


def _themes_of(keys: Counter[Key]) -> list[str]:
    """The themes an article is filed under, as its rollup keys hold them."""
    return sorted({k[3] for k in keys if k[3] not in (ALL, NONE)})


#: the page-view rollups, by day and by month
_VIEW_TABLES = ("reports_reachdelta", "reports_reachmonth")


def _month_of(day: str, vendor: str) -> str:
    """SQL: the first day of the month of the date ``day``."""
    if vendor == "sqlite":
        return f"date({day}, 'start of month')"
    return f"CAST(date_trunc('month', {day}) AS date)"


def _view_values(row: str, unit: str, theme: str, table: str, vendor: str) -> str:
    """SQL: the key of the page-view row ``row`` (NEW or OLD) in ``table``."""
    day = f"{row}.day" if table == "reports_reachdelta" else _month_of(f"{row}.day", vendor)
    return ", ".join([day, *(f"{row}.{c}" for c in _VIEW_KEY[1:]), unit, theme])


def _json_items(text: str, vendor: str) -> str:
    """SQL: a table ``j (value)`` of the strings of a JSON list held as text."""
    if vendor == "sqlite":
        return f"json_each(COALESCE({text}, '[]')) j"
    return f"json_array_elements_text(COALESCE({text}, '[]')::json) j (value)"


def views_from_raw(vendor: str) -> list[str]:
    """SQL: the page-view rollups counted from the page-view rows, with the
    unit the article rollup holds for each article: a row for every view
    (theme "") and one more for each theme the article is filed under."""
    out = []
    for table in _VIEW_TABLES:
        day = "d.day" if table == "reports_reachdelta" else _month_of("d.day", vendor)
        rest = ", ".join(f"d.{c}" for c in _VIEW_KEY[1:])
        into = f"INSERT INTO {table} ({', '.join(_VIEW_KEY)}, unit, theme, views)"
        joined = (
            " FROM reports_dailyviews d"
            " LEFT JOIN reports_articlerollup a ON a.article = d.article_id"
        )
        out.append(
            f"{into} SELECT {day}, {rest}, a.unit, '', SUM(d.views){joined}"
            f" GROUP BY {day}, {rest}, a.unit"
        )
        out.append(
            f"{into} SELECT {day}, {rest}, a.unit, j.value, SUM(d.views){joined}"
            f" CROSS JOIN {_json_items('a.themes', vendor)}"
            f" GROUP BY {day}, {rest}, a.unit, j.value"
        )
    return out


def _sqlite_triggers(tables: set[str] | None = None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for target, column, marks in _TARGETS:
        if tables is not None and target not in tables:
            continue
        out += _sqlite_marks(target, column, marks, tables)
    out += _sqlite_views()
    return out


def _sqlite_marks(
    target: str,
    column: str,
    marks: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]],
    tables: set[str] | None,
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for table, (columns, ops, select) in marks.items():
        if tables is not None and table not in tables:
            continue
        for op in ops:
            name = f"reports_mark_{table}_{op.lower()}"
            changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
            when = f" WHEN {changed}" if op == "UPDATE" else ""
            rows = {"INSERT": ["NEW"], "UPDATE": ["NEW", "OLD"], "DELETE": ["OLD"]}[op]
            body = " ".join(
                f"INSERT INTO {target} ({column})"
                f" SELECT a FROM ({select.format(row=r)} AS a) WHERE a IS NOT NULL;"
                if select.startswith("SELECT {row}")
                else f"INSERT INTO {target} ({column}) {select.format(row=r)};"
                for r in rows
            )
            out.append(
                (
                    name,
                    f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {op} ON {table}{when}"
                    f" BEGIN {body} END",
                )
            )
    return out


def _sqlite_views() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    cols = ", ".join(_VIEW_KEY) + ", unit, theme, views"
    same = " AND ".join(f"OLD.{c} IS NEW.{c}" for c in (*_VIEW_KEY, "article_id"))

    def put(row: str, views: str, where: str = "") -> str:
        unit = _unit_of(row)
        themes = f"(SELECT themes FROM reports_articlerollup WHERE article = {row}.article_id)"
        return " ".join(
            f"INSERT INTO {t} ({cols}) SELECT {_view_values(row, unit, q, t, 'sqlite')}, {views}"
            f"{src}{where};"
            for t in _VIEW_TABLES
            for q, src in (("''", ""), ("j.value", f" FROM {_json_items(themes, 'sqlite')}"))
        )

    for op, body in (
        ("insert", put("NEW", "NEW.views")),
        ("delete", put("OLD", "-OLD.views")),
        (
            "update",
            put("NEW", "NEW.views - OLD.views", f" WHERE {same}")
            + " "
            + put("NEW", "NEW.views", f" WHERE NOT ({same})")
            + " "
            + put("OLD", "-OLD.views", f" WHERE NOT ({same})"),
        ),
    ):
        name = f"reports_views_{op}"
        out.append(
            (
                name,
                f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {op.upper()} ON reports_dailyviews"
                f" BEGIN {body} END",
            )
        )
    return out


def _postgres_triggers(tables: set[str] | None = None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for target, column, marks in _TARGETS:
        if tables is not None and target not in tables:
            continue
        out += _postgres_marks(target, column, marks, tables)
    out += _postgres_views()
    return out


def _postgres_marks(
    target: str,
    column: str,
    marks: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]],
    tables: set[str] | None,
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for table, (columns, ops, select) in marks.items():
        if tables is not None and table not in tables:
            continue
        name = f"reports_mark_{table}"
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)

        def mark(row: str, select: str = select) -> str:
            if select.startswith("SELECT {row}"):
                return (
                    f"INSERT INTO {target} ({column}) SELECT a FROM"
                    f" ({select.format(row=row)} AS a) s WHERE a IS NOT NULL;"
                )
            return f"INSERT INTO {target} ({column}) {select.format(row=row)};"

        function = (
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n"
            f"  IF TG_OP = 'UPDATE' AND NOT ({changed}) THEN RETURN NULL; END IF;\n"
            f"  IF TG_OP IN ('INSERT', 'UPDATE') THEN {mark('NEW')} END IF;\n"
            f"  IF TG_OP IN ('UPDATE', 'DELETE') THEN {mark('OLD')} END IF;\n"
            f"  RETURN NULL;\n"
            f"END $$"
        )
        out.append(
            (
                name,
                f"{function};\nDROP TRIGGER IF EXISTS {name} ON {table};\n"
                f"CREATE TRIGGER {name} AFTER {' OR '.join(ops)} ON {table}"
                f" FOR EACH ROW EXECUTE FUNCTION {name}()",
            )
        )
    return out


def _postgres_views() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    cols = ", ".join(_VIEW_KEY) + ", unit, theme, views"
    same = " AND ".join(f"OLD.{c} IS NOT DISTINCT FROM NEW.{c}" for c in (*_VIEW_KEY, "article_id"))

    def put(row: str, views: str) -> str:
        unit, themes = f"{row.lower()}_unit", f"{row.lower()}_themes"
        return " ".join(
            f"INSERT INTO {t} ({cols}) VALUES"
            f" ({_view_values(row, unit, chr(39) * 2, t, 'postgresql')}, {views});"
            f" INSERT INTO {t} ({cols}) SELECT"
            f" {_view_values(row, unit, 'j.value', t, 'postgresql')}, {views}"
            f" FROM {_json_items(themes, 'postgresql')};"
            for t in _VIEW_TABLES
        )

    # the article's unit as the rollup holds it, its row held until this
    # transaction ends, so that a unit being moved (refresh_articles, which
    # locks the row) moves these views too
    # (made first when missing, as refresh_articles does: whichever comes
    # second waits for the first to end)
    unit = (
        "SELECT unit, themes INTO {var}_unit, {var}_themes FROM reports_articlerollup"
        " WHERE article = {row}.article_id FOR SHARE;"
    )
    made = (
        "INSERT INTO reports_articlerollup (article, unit, keys, themes)"
        " VALUES (NEW.article_id, NULL, '[]', '[]') ON CONFLICT (article) DO NOTHING;"
    )
    function = (
        "CREATE OR REPLACE FUNCTION reports_views() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "DECLARE new_unit integer; old_unit integer; new_themes text; old_themes text;\n"
        "BEGIN\n"
        f"  IF TG_OP IN ('INSERT', 'UPDATE') THEN {made}"
        f" {unit.format(var='new', row='NEW')} END IF;\n"
        f"  IF TG_OP IN ('UPDATE', 'DELETE') THEN {unit.format(var='old', row='OLD')}"
        " END IF;\n"
        f"  IF TG_OP = 'INSERT' THEN {put('NEW', 'NEW.views')}\n"
        f"  ELSIF TG_OP = 'DELETE' THEN {put('OLD', '-OLD.views')}\n"
        f"  ELSIF {same} THEN\n"
        f"    IF NEW.views <> OLD.views THEN\n"
        f"      {put('NEW', 'NEW.views - OLD.views')}\n"
        f"    END IF;\n"
        f"  ELSE\n"
        f"    {put('NEW', 'NEW.views')}\n"
        f"    {put('OLD', '-OLD.views')}\n"
        f"  END IF;\n"
        f"  RETURN NULL;\n"
        "END $$"
    )
    out.append(
        (
            "reports_views",
            f"{function};\nDROP TRIGGER IF EXISTS reports_views ON reports_dailyviews;\n"
            "CREATE TRIGGER reports_views AFTER INSERT OR UPDATE OR DELETE ON reports_dailyviews"
            " FOR EACH ROW EXECUTE FUNCTION reports_views()",
        )
    )
    return out


def _existing_triggers(conn: BaseDatabaseWrapper) -> set[str]:
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            return {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def install_triggers(conn: BaseDatabaseWrapper | None = None) -> int:
    """Create the triggers that are missing (a table rebuilt by a later
    migration on SQLite loses its triggers); when any was missing while
    articles exist, every article is marked, so that the rollup catches up
    with what was written without them. Returns how many were created."""
    conn = conn or connection
    if conn.vendor not in {"sqlite", "postgresql"}:
        return 0
    tables = set(conn.introspection.table_names())
    wanted = _sqlite_triggers(tables) if conn.vendor == "sqlite" else _postgres_triggers(tables)
    if "reports_reachdelta" in tables:
        with conn.cursor() as cursor:
            columns = {
                c.name
                for c in conn.introspection.get_table_description(cursor, "reports_reachdelta")
            }
        with conn.cursor() as cursor:
            held = {
                c.name
                for c in conn.introspection.get_table_description(cursor, "reports_articlerollup")
            }
        if "theme" not in columns or "themes" not in held or "reports_reachmonth" not in tables:
            # migrating: the page-view triggers come with the unit and the month level
            wanted = [(name, sql) for name, sql in wanted if not name.startswith("reports_views")]
    have = _existing_triggers(conn)
    missing = [(name, sql) for name, sql in wanted if name not in have]
    if not missing:
        return 0
    names = {name for name, _sql in missing}
    with conn.cursor() as cursor:
        for _name, sql in missing:
            cursor.execute(sql)
        # what was written without a trigger is taken in again
        if any(n.startswith(f"reports_mark_{t}") for t in _MARKS for n in names):
            cursor.execute(
                "INSERT INTO reports_dirtyarticle (article) SELECT id FROM store_article"
            )
        if any(n.startswith(f"reports_mark_{t}") for t in _JOB_MARKS for n in names):
            cursor.execute(
                "INSERT INTO reports_dirtyjob (job) SELECT id FROM translation_translationjob"
            )
        if any(n.startswith("reports_views") for n in names):
            for table in _VIEW_TABLES:
                cursor.execute(f"DELETE FROM {table}")
            for sql in views_from_raw(conn.vendor):
                cursor.execute(sql)
    return len(missing)


def drop_triggers(
    conn: BaseDatabaseWrapper | None = None, only: Iterable[str] | None = None
) -> None:
    """Remove the triggers (before a bulk load that :func:`rebuild` follows),
    or only those on the tables ``only`` (to install them changed)."""
    conn = conn or connection
    tables = set(conn.introspection.table_names())
    if only is not None:
        tables &= set(only)
    with conn.cursor() as cursor:
        wanted = {f"reports_mark_{t}" for t in tables}
        if "reports_dailyviews" in tables:
            wanted.add("reports_views")
        if conn.vendor == "sqlite":
            for name, _sql in _sqlite_triggers():
                if name.rsplit("_", 1)[0] in wanted:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            return
        for table in [*_MARKS, *_JOB_MARKS]:
            if table in tables:
                cursor.execute(f"DROP TRIGGER IF EXISTS reports_mark_{table} ON {table}")
        if "reports_views" in wanted:
            cursor.execute("DROP TRIGGER IF EXISTS reports_views ON reports_dailyviews")


# --- the events of articles -------------------------------------------------


def _day(at: datetime | None) -> str | None:
    if at is None:
        return None
    return at.astimezone(timezone.get_current_timezone()).date().isoformat()


def article_keys(
    ids: Iterable[int] | None = None, *, span: tuple[int, int] | None = None
) -> dict[int, tuple[int | None, Counter[Key]]]:
    """What each article adds to the rollup now: its unit as stored, and its
    events keyed by (day, stage, unit, theme, language, lag), for the
    articles ``ids`` or those with ids in ``span`` [first, last)."""
    from doingoai.curation.models import Selection
    from doingoai.reports.events import unit_expr
    from doingoai.store.models import Article
    from doingoai.translation.models import TranslatedVersion

    def where(field: str) -> dict[str, Any]:
        if span is not None:
            return {f"{field}__gte": span[0], f"{field}__lt": span[1]}
        return {f"{field}__in": list(ids or ())}

    articles = {
        pk: (at, lang or "", unit)
        for pk, at, lang, unit in Article.objects.filter(**where("id"))
        .annotate(_unit=unit_expr("collected"))
        .values_list("id", "created_at", "language", "_unit")
    }
    selections = {
        article: (selected, published)
        for article, selected, published in Selection.objects.filter(
            **where("article_id")
        ).values_list("article_id", "selected_at", "published_at")
    }
    themes: dict[int, list[str]] = defaultdict(list)
    for article, slug in Selection.themes.through.objects.filter(
        **where("selection__article_id")
    ).values_list("selection__article_id", "theme__slug"):
        themes[article].append(slug)
    versions: dict[int, list[tuple[str, datetime | None, datetime | None]]] = defaultdict(list)
    for article, lang, approved, published in TranslatedVersion.objects.filter(
        **where("source__article_id")
    ).values_list("source__article_id", "language", "approved_at", "published_at"):
        versions[article].append((lang or "", approved, published))
    out: dict[int, tuple[int | None, Counter[Key]]] = {}
    for pk, (created, lang, unit) in articles.items():
        keys: Counter[Key] = Counter()
        filed = themes.get(pk, [])

        def add(
            day: str | None,
            stage: str,
            language: str,
            lag: int | None = None,
            keys: Counter[Key] = keys,
            unit: int | None = unit,
            filed: list[str] = filed,
        ) -> None:
            if day is None:
                return
            keys[(day, stage, unit, ALL, language, lag)] += 1
            for theme in filed:
                keys[(day, stage, unit, theme, language, lag)] += 1
            if not filed and lag is None:
                keys[(day, stage, unit, NONE, language, lag)] += 1

        add(_day(created), "collected", lang)
        selected, published = selections.get(pk, (None, None))
        picked = _day(selected)
        add(picked, "selected", lang)
        outs = [(lang, _day(published))]
        for vlang, approved, vpublished in versions.get(pk, []):
            add(_day(approved), "translated", vlang)
            outs.append((vlang, _day(vpublished)))
        for out_lang, out_day in outs:
            add(out_day, "published", out_lang)
            if out_day is not None and picked is not None:
                lag = max(0, (date.fromisoformat(out_day) - date.fromisoformat(picked)).days)
                add(out_day, "lag", out_lang, lag)
        out[pk] = (unit, keys)
    return out


def _dump(keys: Counter[Key]) -> str:
    return json.dumps([[*k, n] for k, n in sorted(keys.items(), key=str)], separators=(",", ":"))


def _load(text: str) -> Counter[Key]:
    return Counter({tuple(row[:6]): row[6] for row in json.loads(text)})


def _insert(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert many rows in one statement per thousand (the ORM's objects
    cost more than the rows here)."""
    cols = ", ".join(columns)
    marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 1000):
            part = rows[i : i + 1000]
            cursor.execute(
                f"INSERT INTO {table} ({cols}) VALUES {', '.join([marks] * len(part))}",
                [v for row in part for v in row],
            )


_STAGE_COLUMNS = ("day", "stage", "unit", "theme", "language", "lag", "n")


def _write_deltas(diff: Counter[Key]) -> int:
    """Insert the rows of ``diff`` by day and, summed, by month (one
    transaction with the caller: the two levels always agree)."""
    rows = [(*key, n) for key, n in diff.items() if n]
    _insert("reports_stagedelta", _STAGE_COLUMNS, rows)
    months: Counter[Key] = Counter()
    for (day, stage, unit, theme, language, lag), n in diff.items():
        if n:
            months[(day[:8] + "01", stage, unit, theme, language, lag)] += n
    _insert("reports_stagemonth", _STAGE_COLUMNS, [(*k, n) for k, n in months.items() if n])
    return len(rows)


def refresh_articles(ids: Iterable[int]) -> int:
    """Bring the rollup of these articles up to date: their rows are locked,
    their events computed from the raw tables again and the difference
    inserted. Returns how many delta rows were written."""
    from doingoai.reports.models import ArticleRollup

    wanted = sorted(set(ids))
    if not wanted:
        return 0
    with transaction.atomic():
        # a row for each article first, so that there is a row to lock
        ArticleRollup.objects.bulk_create(
            [ArticleRollup(article=pk) for pk in wanted], ignore_conflicts=True
        )
        locked = ArticleRollup.objects.filter(article__in=wanted).order_by("article")
        if connection.features.has_select_for_update:
            locked = locked.select_for_update()
        before = {row.article: (row.unit, _load(row.keys)) for row in locked}
        now = article_keys(wanted)
        diff: Counter[Key] = Counter()
        changed: list[Any] = []
        for pk in wanted:
            old_unit, old = before.get(pk, (None, Counter()))
            unit, new = now.get(pk, (None, Counter()))
            if old == new and old_unit == unit:
                continue
            for key in old.keys() | new.keys():
                diff[key] += new.get(key, 0) - old.get(key, 0)
            changed.append(
                ArticleRollup(
                    article=pk, unit=unit, keys=_dump(new), themes=json.dumps(_themes_of(new))
                )
            )
        written = _write_deltas(diff)
        moved: dict[int, tuple[Any, ...]] = {}
        for pk in wanted:
            if pk not in now:
                continue
            old_unit, old = before.get(pk, (None, Counter()))
            held = (old_unit, _themes_of(old))
            to = (now[pk][0], _themes_of(now[pk][1]))
            if held != to:
                moved[pk] = (*held, *to)
        _move_views(moved)
        if changed:
            ArticleRollup.objects.bulk_update(changed, ["unit", "keys", "themes"], batch_size=500)
        ArticleRollup.objects.filter(article__in=[pk for pk in wanted if pk not in now]).delete()
    return written


def _move_views(moved: dict[int, tuple[Any, ...]]) -> None:
    """The page views of articles whose unit or themes changed (article →
    (old unit, old themes, new unit, new themes)), taken from the old rows of
    the page-view rollups and added to the new ones (the articles' rollup
    rows are locked by the caller, so no view is counted meanwhile)."""
    if not moved:
        return
    cols = ", ".join(_VIEW_KEY)
    rest = ", ".join(f"d.{c}" for c in _VIEW_KEY[1:])
    rows: list[tuple[Any, ...]] = []
    for pk, (old_unit, old_themes, new_unit, new_themes) in sorted(moved.items()):
        for unit, themes, sign in ((old_unit, old_themes, -1), (new_unit, new_themes, 1)):
            rows += [(pk, unit, theme, sign) for theme in ["", *themes]]
    mark = "(CAST(%s AS BIGINT), CAST(%s AS INTEGER), CAST(%s AS VARCHAR(64)), CAST(%s AS INTEGER))"
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 500):
            part = rows[i : i + 500]
            for table in _VIEW_TABLES:
                day = (
                    "d.day"
                    if table == "reports_reachdelta"
                    else _month_of("d.day", connection.vendor)
                )
                cursor.execute(
                    f"WITH m (article, unit, theme, sign) AS (VALUES {', '.join([mark] * len(part))})"
                    f" INSERT INTO {table} ({cols}, unit, theme, views)"
                    f" SELECT {day}, {rest}, m.unit, m.theme, SUM(m.sign * d.views)"
                    f" FROM reports_dailyviews d JOIN m ON m.article = d.article_id"
                    f" GROUP BY {day}, {rest}, m.unit, m.theme HAVING SUM(m.sign * d.views) <> 0",
                    [v for row in part for v in row],
                )


def pending() -> int:
    """How many article marks wait to be taken into the rollup."""
    from doingoai.reports.models import DirtyArticle

    return DirtyArticle.objects.count()


def catch_up(limit: int | None = None) -> int:
    """Take the marked articles into the rollup, a batch at a time (each
    batch one transaction, its marks deleted in it). Returns how many marks
    were handled."""
    from doingoai.reports.models import DirtyArticle

    done = 0
    while limit is None or done < limit:
        marks = list(DirtyArticle.objects.order_by("id").values_list("id", "article")[:BATCH])
        if not marks:
            break
        with transaction.atomic():
            refresh_articles({article for _id, article in marks})
            DirtyArticle.objects.filter(id__in=[pk for pk, _a in marks]).delete()
        done += len(marks)
    return done


# --- the measures of translation jobs ---------------------------------------


#: the columns of ``reports_jobfigures`` as :func:`job_values` gives them
JOB_COLUMNS: tuple[str, ...] = (
    "job",
    "measures",
    "article",
    "language",
    "assignee",
    "approved",
    "segments",
    "words",
    "band_exact",
    "band_95_99",
    "band_85_94",
    "band_75_84",
    "band_mt",
    "band_none",
    "chrf",
    "ter",
    "qa_before",
    "qa_after",
)


def band_column(band: str) -> str:
    """The column of ``reports_jobfigures`` holding the words of a leverage band."""
    return "band_" + band.replace("-", "_")


def job_values(job: Any) -> dict[str, Any]:
    """What is kept of a job (the columns of :data:`JOB_COLUMNS`): its
    measures, with its time in each state up to its last event (the time
    since is added when read) and that event as JSON; its last approval;
    the QA errors recorded when it was first submitted for review and when
    it was last approved with a record (both or neither)."""
    from doingoai.translation.measures import BANDS, job_measures

    events = list(job.events.order_by("at", "id").values_list("at", "to_state", "data"))
    last = events[-1][:2] if events else None
    measured = job_measures(job, now=last[0] if last else job.created_at)
    data = measured.as_dict()
    data["last"] = [last[0].isoformat(), last[1]] if last else None
    approved = first_review = last_approval = None
    for at, state, extra in events:
        qa = extra.get("qa") if isinstance(extra, dict) else None
        errors = qa.get("errors") if isinstance(qa, dict) else None
        if state == "approved":
            approved = at
        if not isinstance(errors, int) or isinstance(errors, bool):
            continue
        if state == "in_review" and first_review is None:
            first_review = errors
        elif state == "approved":
            last_approval = errors
    reviewed = first_review is not None and last_approval is not None
    return {
        "job": job.pk,
        "measures": json.dumps(data, separators=(",", ":")),
        "article": job.article_id,
        "language": job.target_lang or "",
        "assignee": job.assignee_id,
        "approved": approved,
        "segments": measured.segments,
        "words": measured.words,
        **{band_column(b): measured.leverage.get(b, 0) for b in BANDS},
        "chrf": measured.chrf,
        "ter": measured.ter,
        "qa_before": first_review if reviewed else None,
        "qa_after": last_approval if reviewed else None,
    }


def _job_rows(jobs: Iterable[Any]) -> list[tuple[Any, ...]]:
    return [tuple(v[c] for c in JOB_COLUMNS) for v in map(job_values, jobs)]


def refresh_jobs(ids: Iterable[int]) -> int:
    """Measure these jobs again from their segments and history (their rows
    locked while it is done). Returns how many were measured."""
    from doingoai.reports.models import JobFigures
    from doingoai.translation.models import TranslationJob

    wanted = sorted(set(ids))
    if not wanted:
        return 0
    with transaction.atomic():
        JobFigures.objects.bulk_create(
            [JobFigures(job=pk, measures="") for pk in wanted], ignore_conflicts=True
        )
        locked = JobFigures.objects.filter(job__in=wanted).order_by("job")
        if connection.features.has_select_for_update:
            locked = locked.select_for_update()
        list(locked)
        jobs = list(TranslationJob.objects.filter(pk__in=wanted).order_by("pk"))
        # the locked rows are replaced by the new ones in the same transaction
        JobFigures.objects.filter(job__in=wanted).delete()
        rows = _job_rows(jobs)
        _insert("reports_jobfigures", JOB_COLUMNS, rows)
    return len(rows)


def catch_up_jobs(limit: int | None = None) -> int:
    """Measure the marked jobs again (as :func:`catch_up` for articles)."""
    from doingoai.reports.models import DirtyJob

    done = 0
    while limit is None or done < limit:
        marks = list(DirtyJob.objects.order_by("id").values_list("id", "job")[:BATCH])
        if not marks:
            break
        with transaction.atomic():
            refresh_jobs({job for _id, job in marks})
            DirtyJob.objects.filter(id__in=[pk for pk, _j in marks]).delete()
        done += len(marks)
    return done


def job_measures_of(jobs: list[Any], now: datetime | None = None) -> dict[int, Any]:
    """Job id → its :class:`~doingoai.translation.measures.JobMeasures`,
    read from the kept measures (a job never measured is measured now, and
    not kept: only a marked job is written)."""
    from doingoai.reports.models import JobFigures
    from doingoai.translation.measures import JobMeasures, job_measures

    now = now or timezone.now()
    if not enabled():
        return {job.pk: job_measures(job, now=now) for job in jobs}
    catch_up_jobs()
    ids = [job.pk for job in jobs]
    kept: dict[int, str] = {}
    for i in range(0, len(ids), 5000):
        kept.update(
            JobFigures.objects.filter(job__in=ids[i : i + 5000])
            .exclude(measures="")
            .values_list("job", "measures")
        )
    out: dict[int, Any] = {}
    for job in jobs:
        if job.pk not in kept:
            out[job.pk] = job_measures(job, now=now)
            continue
        data = json.loads(kept[job.pk])
        last = data.pop("last")
        spent = data["time_in_state"]
        if last is not None and last[1] != "published":
            since = (now - datetime.fromisoformat(last[0])).total_seconds()
            spent[last[1]] = spent.get(last[1], 0.0) + max(0.0, since)
        out[job.pk] = JobMeasures(**data)
    return out


def _lock(*tables: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {', '.join(tables)} IN EXCLUSIVE MODE")


def compact() -> tuple[int, int]:
    """Fold the rows of each key of the rollups into one (zero sums are
    dropped). Writers wait while it runs. Returns the rows before and after."""
    from doingoai.reports.models import ReachDelta, ReachMonth, StageDelta, StageMonth

    before = after = 0
    for model, key, value in (
        (StageDelta, _STAGE_COLUMNS[:-1], "n"),
        (StageMonth, _STAGE_COLUMNS[:-1], "n"),
        (ReachDelta, (*_VIEW_KEY, "unit", "theme"), "views"),
        (ReachMonth, (*_VIEW_KEY, "unit", "theme"), "views"),
    ):
        table = model._meta.db_table
        cols = ", ".join(key)
        with transaction.atomic():
            _lock(table)
            last = model.objects.aggregate(m=Max("id"))["m"]
            if last is None:
                continue
            before += model.objects.count()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} ({cols}, {value}) SELECT {cols}, SUM({value})"
                    f" FROM {table} WHERE id <= %s GROUP BY {cols} HAVING SUM({value}) <> 0",
                    [last],
                )
                cursor.execute(f"DELETE FROM {table} WHERE id <= %s", [last])
            after += model.objects.count()
    return before, after


def rebuild(progress: Callable[[int, int], None] | None = None, chunk: int = 20_000) -> int:
    """Compute the rollups again from the raw tables (writers wait while it
    runs). Returns how many articles were counted."""
    from doingoai.reports.models import (
        ArticleRollup,
        DirtyArticle,
        ReachDelta,
        ReachMonth,
        StageDelta,
        StageMonth,
    )
    from doingoai.store.models import Article

    tables = [
        m._meta.db_table
        for m in (DirtyArticle, StageDelta, StageMonth, ArticleRollup, ReachDelta, ReachMonth)
    ]
    with transaction.atomic():
        _lock(*tables)
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
        bounds = Article.objects.aggregate(lo=Min("id"), hi=Max("id"), n=Count("id"))
        total = bounds["n"] or 0
        done = 0
        summed: Counter[Key] = Counter()
        lo = bounds["lo"] or 0
        while total and lo <= bounds["hi"]:
            found = article_keys(span=(lo, lo + chunk))
            lo += chunk
            for _unit, keys in found.values():
                summed.update(keys)
            _insert(
                "reports_articlerollup",
                ("article", "unit", "keys", "themes"),
                [
                    (pk, unit, _dump(keys), json.dumps(_themes_of(keys)))
                    for pk, (unit, keys) in found.items()
                ],
            )
            if len(summed) > 300_000:  # memory stays bounded; compaction folds the parts
                _write_deltas(summed)
                summed.clear()
            done += len(found)
            if progress and found:
                progress(done, total)
        _write_deltas(summed)
        with connection.cursor() as cursor:
            for sql in views_from_raw(connection.vendor):
                cursor.execute(sql)
    compact()
    rebuild_jobs(progress)
    return done


def rebuild_jobs(progress: Callable[[int, int], None] | None = None, chunk: int = 2_000) -> int:
    """Measure every translation job again (writers of segments and job
    history wait while it runs). Returns how many jobs were measured."""
    from doingoai.reports.models import DirtyJob, JobFigures
    from doingoai.translation.models import TranslationJob

    with transaction.atomic():
        _lock(DirtyJob._meta.db_table, JobFigures._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM reports_dirtyjob")
            cursor.execute("DELETE FROM reports_jobfigures")
        ids = list(TranslationJob.objects.order_by("pk").values_list("pk", flat=True))
        for i in range(0, len(ids), chunk):
            jobs = TranslationJob.objects.filter(pk__in=ids[i : i + chunk]).order_by("pk")
            _insert("reports_jobfigures", JOB_COLUMNS, _job_rows(jobs))
            if progress:
                progress(min(i + chunk, len(ids)), len(ids))
    return len(ids)


# --- reading ----------------------------------------------------------------


def unit_ids(targets: Iterable[int], units: dict[int, int], *, resolve: bool = True) -> list[int]:
    """Every stored unit id that counts as one of ``targets`` (themselves
    resolved through merges when ``resolve``: a unit's filter; a unit
    contributor's own set is taken as it is)."""
    wanted = {units.get(t, t) for t in targets} if resolve else set(targets)
    return [pk for pk, to in units.items() if to in wanted]


def month_spans(start: date, end: date) -> tuple[list[tuple[date, date]], tuple[date, date] | None]:
    """A period of days (both inclusive) as the whole months inside it (the
    first days of the first and the last of them, or None) and the days
    before and after them."""
    first = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    after = end + timedelta(days=1)
    stop = after if after.day == 1 else end.replace(day=1)  # the day after the last whole month
    if first >= stop:
        return [(start, end)], None
    days = [(a, b) for a, b in ((start, first - timedelta(days=1)), (stop, end)) if a <= b]
    return days, (first, (stop - timedelta(days=1)).replace(day=1))


def _summed(
    start: date,
    end: date,
    where: dict[str, Any],
    fields: list[str],
    *,
    days: bool = False,
    months: bool = False,
) -> dict[tuple[Any, ...], int]:
    """The rollup rows matching ``where`` between two days, summed by
    ``fields`` (with ``day`` last when ``days``, the first day of its month
    when ``months``): whole months are read from the month level, unless
    the days themselves are asked for."""
    from doingoai.reports.models import StageDelta, StageMonth

    parts: list[tuple[Any, date, date]]
    if days and not months:
        parts = [(StageDelta, start, end)]
    else:
        edges, whole = month_spans(start, end)
        parts = [(StageDelta, a, b) for a, b in edges]
        if whole is not None:
            parts.append((StageMonth, *whole))
    out: dict[tuple[Any, ...], int] = defaultdict(int)
    for model, a, b in parts:
        rows = model.objects.filter(day__gte=a, day__lte=b, **where)
        names = list(fields)
        if days and months and model is StageDelta:
            rows = rows.annotate(month=_month())
            names.append("month")
        elif days:
            names.append("day")
        for row in rows.values_list(*names).annotate(total=Sum("n")).order_by():
            *key, total = row
            out[tuple(key)] += total
    return {k: n for k, n in out.items() if n}


def stage_rows(
    start: date,
    end: date,
    stages: Iterable[str],
    *,
    theme: str | None,
    by_theme: bool,
    by_day: bool,
    language: str | None,
    units: list[int] | None,
    months: bool = False,
) -> list[dict[str, Any]]:
    """The summed rollup rows of ``stages`` between two days (inclusive):
    ``_stage``, ``_lang``, ``_unit`` (as stored), and ``_day`` (the first day
    of its month with ``months``), ``_theme`` when asked for, with ``n``."""
    from doingoai.curation.models import Theme

    catch_up()
    where: dict[str, Any] = {"stage__in": list(stages)}
    if theme:
        where["theme"] = theme
    elif by_theme:  # every theme by name, so that the index serves
        where["theme__in"] = [*Theme.objects.values_list("slug", flat=True), NONE]
    else:
        where["theme"] = ALL
    if language:
        where["language"] = language
    if units is not None:
        where["unit__in"] = units
    fields = ["stage", "language", "unit"]
    if by_theme:
        fields.append("theme")
    out = []
    for key, total in _summed(start, end, where, fields, days=by_day, months=months).items():
        row = dict(zip(fields, key, strict=False))
        out.append(
            {
                "_stage": row["stage"],
                "_lang": row["language"],
                "_unit": row["unit"],
                "_day": key[-1] if by_day else None,
                "_theme": None if row.get("theme") in (None, NONE) else row.get("theme"),
                "n": total,
            }
        )
    return out


def _month() -> Any:
    """The first day of the month of a row's day, in the database."""
    from django.db.models import DateField, F, Func, Value
    from django.db.models.functions import Cast

    if connection.vendor == "sqlite":
        return Func(F("day"), Value("start of month"), function="date", output_field=DateField())
    return Cast(Func(Value("month"), F("day"), function="date_trunc"), DateField())


def lag_rows(
    start: date, end: date, *, theme: str | None, language: str | None, units: list[int] | None
) -> list[tuple[str, int | None, int, int]]:
    """(language, unit as stored, days from selection to publication, how
    many) of the publications between two days."""
    catch_up()
    where: dict[str, Any] = {"stage": "lag", "theme": theme or ALL}
    if language:
        where["language"] = language
    if units is not None:
        where["unit__in"] = units
    summed = _summed(start, end, where, ["language", "unit", "lag"])
    return [(lang, unit, lag, n) for (lang, unit, lag), n in summed.items()]


def views_rows(
    start: date,
    end: date,
    language: str | None,
    units: list[int] | None = None,
    theme: str | None = None,
) -> Any:
    """The page-view rollup between two days (of the articles held under
    ``units`` as stored, when given), as queries to sum: whole months from
    the month level, the days around them from the day level."""
    from doingoai.reports.models import ReachDelta, ReachMonth

    if units is not None or theme:
        catch_up()
    edges, whole = month_spans(start, end)
    parts: list[tuple[Any, date, date]] = [(ReachDelta, a, b) for a, b in edges]
    if whole is not None:
        parts.append((ReachMonth, *whole))
    out = []
    for model, a, b in parts:
        rows = model.objects.filter(day__gte=a, day__lte=b, theme=theme or ALL)
        if language:
            rows = rows.filter(language=language)
        if units is not None:
            rows = rows.filter(unit__in=units)
        out.append(rows)
    return out


def maintain(share: float = 0.05) -> dict[str, int]:
    """What the background worker does between tasks: take in the marked
    articles and jobs, and compact the rollup once the rows written since the
    last compaction pass ``share`` of it."""
    from django.core.cache import cache

    from doingoai.reports.models import StageDelta

    done = {"articles": catch_up(), "jobs": catch_up_jobs(), "compacted": 0}
    last = StageDelta.objects.aggregate(m=Max("id"))["m"] or 0
    mark = cache.get("doingoai:rollups:compacted")
    if mark is None or StageDelta.objects.filter(id__gt=mark).count() > share * max(
        1, StageDelta.objects.filter(id__lte=mark).count()
    ):
        if last:
            compact()
            done["compacted"] = 1
        cache.set(
            "doingoai:rollups:compacted", StageDelta.objects.aggregate(m=Max("id"))["m"] or 0, None
        )
    return done
